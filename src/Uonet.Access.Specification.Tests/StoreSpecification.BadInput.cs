using Uonet.Access.Credentials;
using Uonet.Access.Import;
using Uonet.Access.Mail;
using Uonet.Access.Records;
using Uonet.Access.Storage;
using Xunit;

namespace Uonet.Access.Specification.Tests;

// Written directly to the store (past the workflows' validation), oversized or malformed text must be refused with an
// ArgumentException that names the field, before anything is written (StoreValues makes these checks for any store).
// Left to an engine, SQLite would keep a megabyte and silently turn a lone surrogate into U+FFFD; PostgreSQL would
// answer a NUL character with a raw server error and keep the megabyte too.
public abstract partial class StoreSpecification
{
    private const string LoneHighSurrogate = "Kowalsk\uD800";
    private const string LoneLowSurrogate = "\uDC00Anna";

    private static readonly string Megabyte = new('a', 1024 * 1024);

    /// <summary>Spoiled records: the field the store must name, a word of its message, and the spoiling.</summary>
    public static TheoryData<string, string, Func<StudentRecord, StudentRecord>> BadRecords => new()
    {
        { "StudentRecord.FirstName", "1048576", r => r with { FirstName = Megabyte } },
        { "StudentRecord.FirstName", "NUL", r => r with { FirstName = "Jan\0Kowalski" } },
        { "StudentRecord.LastName", "lone surrogate", r => r with { LastName = LoneHighSurrogate } },
        { "StudentRecord.ClassName", "33", r => r with { ClassName = new string('4', 33) } },
        { "StudentRecord.Email", "lone surrogate", r => r with { Email = LoneLowSurrogate + "@example.pl" } },
        { "StudentRecord.Pesel", "12", r => r with { Pesel = "152201234590" } },
        { "GuardianEntry.Email", "261", r => r with { Guardians = [Fixtures.Guardian(new string('x', 250) + "@example.pl")] } },
        { "GuardianEntry.FirstName", "NUL", r => r with { Guardians = [Fixtures.Guardian(Fixtures.ParentEmail, firstName: "\0")] } },
        { "GuardianEntry.LastName", "lone surrogate", r => r with { Guardians = [Fixtures.Guardian(Fixtures.ParentEmail, lastName: LoneHighSurrogate)] } },
        { "StudentRecord.Guardians", "7", r => r with { Guardians = [.. Enumerable.Range(0, 7).Select(i => Fixtures.Guardian($"opiekun{i}@example.pl"))] } },
    };

    [Theory]
    [MemberData(nameof(BadRecords))]
    public async Task InsertStudentAsync_BadField_ArgumentExceptionNamingItAndNothingWritten(string field, string why, Func<StudentRecord, StudentRecord> spoil)
    {
        ArgumentNullException.ThrowIfNull(spoil);
        var store = await SeededBadInputStoreAsync();
        var record = spoil(Fixtures.Student(email: "jan.kowalski@example.pl"));

        var error = await Assert.ThrowsAsync<ArgumentException>(() => store.Records.InsertStudentAsync(record, Fixtures.Audit(record), CancellationToken.None));

        Assert.Equal(field, error.ParamName);
        Assert.Contains(field, error.Message, StringComparison.Ordinal);
        Assert.Contains(why, error.Message, StringComparison.Ordinal);
        Assert.Null(await store.Records.FindStudentAsync(Symbol, record.Id, CancellationToken.None));
        Assert.Empty(await store.Records.ListAuditAsync(Symbol, null, 10, CancellationToken.None));
    }

    [Theory]
    [MemberData(nameof(BadRecords))]
    public async Task UpdateStudentAsync_BadField_ArgumentExceptionAndStoredRecordUnchanged(string field, string why, Func<StudentRecord, StudentRecord> spoil)
    {
        ArgumentNullException.ThrowIfNull(spoil);
        var store = await SeededBadInputStoreAsync();
        var record = Fixtures.Student(email: "jan.kowalski@example.pl", guardians: Fixtures.Guardian(Fixtures.ParentEmail));
        await store.Records.InsertStudentAsync(record, Fixtures.Audit(record), CancellationToken.None);
        var spoiled = spoil(record) with { Version = 2 };

        var error = await Assert.ThrowsAsync<ArgumentException>(() => store.Records.UpdateStudentAsync(spoiled, 1, Fixtures.Audit(spoiled, AuditAction.StudentChanged), CancellationToken.None));

        Assert.Equal(field, error.ParamName);
        Assert.Contains(why, error.Message, StringComparison.Ordinal);
        AssertSameRecord(record, await store.Records.FindStudentAsync(Symbol, record.Id, CancellationToken.None));
    }

    [Fact]
    public async Task InsertStudentAsync_MegabyteAuditValue_RefusedAndRecordNotWritten()
    {
        var store = await SeededBadInputStoreAsync();
        var record = Fixtures.Student();
        var audit = Fixtures.Audit(record) with { Changes = [new AuditChange("lastName", null, Megabyte)] };

        var error = await Assert.ThrowsAsync<ArgumentException>(() => store.Records.InsertStudentAsync(record, audit, CancellationToken.None));

        Assert.Equal("AuditChange.After", error.ParamName);
        Assert.Contains("1048576", error.Message, StringComparison.Ordinal);
        Assert.Null(await store.Records.FindStudentAsync(Symbol, record.Id, CancellationToken.None));
    }

    [Fact]
    public async Task InsertStudentAsync_NulInAnAuditValue_RefusedAndRecordNotWritten()
    {
        var store = await SeededBadInputStoreAsync();
        var record = Fixtures.Student();
        var audit = Fixtures.Audit(record) with { Changes = [new AuditChange("lastName", "Kowal\0ski", record.LastName)] };

        var error = await Assert.ThrowsAsync<ArgumentException>(() => store.Records.InsertStudentAsync(record, audit, CancellationToken.None));

        Assert.Equal("AuditChange.Before", error.ParamName);
        Assert.Null(await store.Records.FindStudentAsync(Symbol, record.Id, CancellationToken.None));
    }

    [Fact]
    public async Task InsertStudentAsync_TextBeyondTheBasicPlaneAndAtTheLimits_RoundTripsExactly()
    {
        // Surrogate pairs are valid UTF-16: only lone halves are refused. Limits count UTF-16 units, as the library does.
        var store = await SeededBadInputStoreAsync();
        var record = Fixtures.Student(firstName: "Zoë 𝔸𝔫𝔫𝔞 😀", lastName: new string('ł', StudentRecordLimits.MaxNameLength), email: new string('e', 243) + "@example.pl")
            with { ClassName = new string('A', StudentRecordLimits.MaxClassNameLength), Guardians = [.. Enumerable.Range(0, 6).Select(i => Fixtures.Guardian($"opiekun{i}@example.pl", "Ünal", "O'Brien-Żółć"))] };

        Assert.Equal(StoreWriteResult.Success, await store.Records.InsertStudentAsync(record, Fixtures.Audit(record), CancellationToken.None));

        AssertSameRecord(record, await store.Records.FindStudentAsync(Symbol, record.Id, CancellationToken.None));
    }

    [Fact]
    public async Task FindStudentsByEmailAsync_LoneSurrogateKey_RefusedInsteadOfMatchingAReplacementCharacter()
    {
        // Bound as UTF-8, the lone surrogate would become U+FFFD and could match a stored address holding one.
        var store = await SeededBadInputStoreAsync();
        var record = Fixtures.Student(guardians: Fixtures.Guardian("\uFFFDanna@example.pl"));
        await store.Records.InsertStudentAsync(record, Fixtures.Audit(record), CancellationToken.None);

        var error = await Assert.ThrowsAsync<ArgumentException>(() => store.Records.FindStudentsByEmailAsync(Symbol, "\uD800anna@example.pl", CancellationToken.None));

        Assert.Equal("email", error.ParamName);
        Assert.Single(await store.Records.FindStudentsByEmailAsync(Symbol, "\uFFFDanna@example.pl", CancellationToken.None));
    }

    [Fact]
    public async Task FindMethods_KeyWithNulOrLoneSurrogate_ArgumentExceptionNotAnEngineError()
    {
        // Look-up keys are never stored, but an engine would still refuse to read them, or read them changed.
        var store = await SeededBadInputStoreAsync();

        var nul = await Assert.ThrowsAsync<ArgumentException>(() => store.Credentials.FindAccountAsync(Symbol, "anna\0@example.pl", CancellationToken.None));
        var surrogate = await Assert.ThrowsAsync<ArgumentException>(() => store.Records.FindStudentsByEmailAsync(Symbol, "\uD800anna@example.pl", CancellationToken.None));
        var token = await Assert.ThrowsAsync<ArgumentException>(() => store.Credentials.FindLinkTokenAsync("\0", CancellationToken.None));

        Assert.Equal(("email", "email", "tokenHash"), (nul.ParamName, surrogate.ParamName, token.ParamName));
    }

    [Fact]
    public async Task AddInstanceAsync_MegabyteNameOrLoneSurrogateSymbol_RefusedAndNothingAdded()
    {
        var store = await CreateStoreAsync();

        var name = await Assert.ThrowsAsync<ArgumentException>(() => store.Directory.AddInstanceAsync(Fixtures.Instance(Symbol) with { Name = Megabyte }, CancellationToken.None));
        var symbol = await Assert.ThrowsAsync<ArgumentException>(() => store.Directory.AddInstanceAsync(Fixtures.Instance("gmina\uD83D"), CancellationToken.None));

        Assert.Equal(("SchoolInstance.Name", "SchoolInstance.Symbol"), (name.ParamName, symbol.ParamName));
        Assert.Contains("lone surrogate", symbol.Message, StringComparison.Ordinal);
        Assert.Empty(await store.Directory.ListInstancesAsync(CancellationToken.None));
    }

    [Fact]
    public async Task AddImportRunAsync_FileNameBeyondTheBasicPlaneAtTheLimit_RoundTripsExactly()
    {
        // The browser names the file: the longest name kept, ending in a character of two UTF-16 units, comes back whole.
        var store = await SeededBadInputStoreAsync();
        var run = new ImportRun
        {
            Id = Guid.NewGuid(),
            InstanceSymbol = Symbol,
            UnitCode = Sp1,
            ActorEmail = Fixtures.ParentEmail,
            FileName = new string('ż', StoreLimits.FileName - 2) + "🙂",
            StartedAt = Fixtures.Now,
            Status = ImportRunStatus.Running,
        };

        await store.ImportRuns.AddImportRunAsync(run, CancellationToken.None);
        var oneTooMany = await Assert.ThrowsAsync<ArgumentException>(() => store.ImportRuns.AddImportRunAsync(run with { Id = Guid.NewGuid(), FileName = run.FileName + "a" }, CancellationToken.None));

        Assert.Equal([run], await store.ImportRuns.ListImportRunsAsync(Symbol, Sp1, 10, CancellationToken.None));
        Assert.Equal("ImportRun.FileName", oneTooMany.ParamName);
    }

    [Fact]
    public async Task EnqueueAsync_BodyOverTheLimitOrWithNul_RefusedButALargeBodyRoundTrips()
    {
        var store = await CreateStoreAsync();
        var large = Fixtures.NewMail() with { TextBody = new string('ż', 200_000) };

        var tooLarge = await Assert.ThrowsAsync<ArgumentException>(() => store.Outbox.EnqueueAsync(Fixtures.NewMail() with { HtmlBody = Megabyte }, CancellationToken.None));
        var nul = await Assert.ThrowsAsync<ArgumentException>(() => store.Outbox.EnqueueAsync(Fixtures.NewMail() with { Subject = "Hasło\0" }, CancellationToken.None));
        await store.Outbox.EnqueueAsync(large, CancellationToken.None);

        Assert.Equal(("OutboxMessage.HtmlBody", "OutboxMessage.Subject"), (tooLarge.ParamName, nul.ParamName));
        Assert.Equal(large, Assert.Single(await store.Outbox.ListAsync(null, 10, CancellationToken.None)));
    }

    [Fact]
    public async Task UpdateAccountAsync_OversizedSecretOrBadRecoveryCode_RefusedAndAccountUnchanged()
    {
        var store = await SeededBadInputStoreAsync();
        var account = await Fixtures.CreateAccountAsync(store.Credentials);

        var secret = await Assert.ThrowsAsync<ArgumentException>(() => store.Credentials.UpdateAccountAsync(account with { Version = 2, TotpSecret = new byte[1025] }, 1, null, null, CancellationToken.None));
        var surrogate = await Assert.ThrowsAsync<ArgumentException>(() => store.Credentials.UpdateAccountAsync(account with { Version = 2, RecoveryCodeHashes = [Fixtures.HashOf("a"), LoneHighSurrogate] }, 1, null, null, CancellationToken.None));
        var nul = await Assert.ThrowsAsync<ArgumentException>(() => store.Credentials.UpdateAccountAsync(account with { Version = 2, RecoveryCodeHashes = [Fixtures.HashOf("a"), "\0"] }, 1, null, null, CancellationToken.None));

        Assert.Equal(("Account.TotpSecret", "Account.RecoveryCodeHashes", "Account.RecoveryCodeHashes"), (secret.ParamName, surrogate.ParamName, nul.ParamName));
        Assert.Equal(1, (await store.Credentials.FindAccountByIdAsync(account.Id, CancellationToken.None))?.Version);
    }

    [Fact]
    public async Task UpdateAccountAsync_DifferentEmail_RefusedBecauseAddressesNeverChange_R9()
    {
        var store = await SeededBadInputStoreAsync();
        var account = await Fixtures.CreateAccountAsync(store.Credentials);

        var error = await Assert.ThrowsAsync<ArgumentException>(() => store.Credentials.UpdateAccountAsync(account with { Version = 2, Email = "anna.nowa@example.pl" }, 1, Fixtures.NewMail(), null, CancellationToken.None));

        Assert.Equal("account", error.ParamName);
        Assert.Equal(account.Id, (await store.Credentials.FindAccountAsync(Symbol, Fixtures.ParentEmail, CancellationToken.None))?.Id);
        Assert.Null(await store.Credentials.FindAccountAsync(Symbol, "anna.nowa@example.pl", CancellationToken.None));
        Assert.Single(await store.Outbox.ListAsync(null, 10, CancellationToken.None), m => m.Kind == MailKind.PasswordSet);
    }

    [Fact]
    public async Task RecordAttemptAsync_MegabyteKey_RefusedAndNotCounted()
    {
        var store = await CreateStoreAsync();
        var policy = new AttemptPolicy(3, TimeSpan.FromMinutes(15), TimeSpan.FromMinutes(30));

        var error = await Assert.ThrowsAsync<ArgumentException>(() => store.Credentials.RecordAttemptAsync(Megabyte, Fixtures.Now, policy, null, CancellationToken.None));

        Assert.Equal("key", error.ParamName);
        Assert.Equal(0, (await store.Credentials.GetAttemptsAsync(Megabyte, Fixtures.Now, CancellationToken.None)).Count);
    }

    [Fact]
    public async Task InsertStudentAsync_CancelledBeforeItRuns_NothingWritten()
    {
        var store = await SeededBadInputStoreAsync();
        var record = Fixtures.Student(email: "jan.kowalski@example.pl");
        using var cancelled = new CancellationTokenSource();
        await cancelled.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => store.Records.InsertStudentAsync(record, Fixtures.Audit(record), cancelled.Token));

        Assert.Null(await store.Records.FindStudentAsync(Symbol, record.Id, CancellationToken.None));
    }

    private async Task<StoreUnderTest> SeededBadInputStoreAsync()
    {
        var store = await CreateStoreAsync();
        await Fixtures.SeedAsync(store.Directory);
        return store;
    }
}
