using Uonet.Access.Credentials;
using Uonet.Access.Import;
using Uonet.Access.Mail;
using Uonet.Access.PostgreSql.Tests.Infrastructure;
using Uonet.Access.Records;
using Uonet.Access.Storage;
using static Uonet.Access.Specification.Fixtures;

namespace Uonet.Access.PostgreSql.Tests;

// Written directly to the store (past the workflows' validation), bad text must be answered with an ArgumentException
// that names the field, before anything is written. Left to the server, a NUL character would come back as a raw
// PostgresException (text cannot hold it), a lone surrogate as an encoding error, and a megabyte would be kept.
public sealed class PostgreSqlBadInputTests : IDisposable
{
    private const string LoneHighSurrogate = "Kowalsk\uD800";
    private const string LoneLowSurrogate = "\uDC00Anna";

    private static readonly string Megabyte = new('a', 1024 * 1024);

    private readonly ScratchSchema _schema = new();

    public void Dispose() => _schema.Dispose();

    public static TheoryData<string, string, Func<StudentRecord, StudentRecord>> BadRecords => new()
    {
        { "StudentRecord.FirstName", "1048576", r => r with { FirstName = Megabyte } },
        { "StudentRecord.FirstName", "NUL", r => r with { FirstName = "Jan\0Kowalski" } },
        { "StudentRecord.LastName", "lone surrogate", r => r with { LastName = LoneHighSurrogate } },
        { "StudentRecord.ClassName", "33", r => r with { ClassName = new string('4', 33) } },
        { "StudentRecord.Email", "lone surrogate", r => r with { Email = LoneLowSurrogate + "@example.pl" } },
        { "StudentRecord.Pesel", "12", r => r with { Pesel = "152201234590" } },
        { "GuardianEntry.Email", "261", r => r with { Guardians = [Guardian(new string('x', 250) + "@example.pl")] } },
        { "GuardianEntry.FirstName", "NUL", r => r with { Guardians = [Guardian(ParentEmail, firstName: "\0")] } },
        { "StudentRecord.Guardians", "7", r => r with { Guardians = [.. Enumerable.Range(0, 7).Select(i => Guardian($"opiekun{i}@example.pl"))] } },
    };

    [Theory]
    [MemberData(nameof(BadRecords))]
    public async Task InsertStudentAsync_BadField_ArgumentExceptionNamingItAndNothingWritten(string field, string why, Func<StudentRecord, StudentRecord> spoil)
    {
        var store = await SeededStoreAsync();
        var record = spoil(Student(email: "jan.kowalski@example.pl"));

        var error = await Assert.ThrowsAsync<ArgumentException>(() => store.InsertStudentAsync(record, Audit(record), CancellationToken.None));

        Assert.Equal(field, error.ParamName);
        Assert.Contains(why, error.Message, StringComparison.Ordinal);
        Assert.Null(await store.FindStudentAsync(Symbol, record.Id, CancellationToken.None));
        Assert.Empty(await store.ListAuditAsync(Symbol, null, 10, CancellationToken.None));
    }

    [Theory]
    [MemberData(nameof(BadRecords))]
    public async Task UpdateStudentAsync_BadField_ArgumentExceptionAndStoredRecordUnchanged(string field, string why, Func<StudentRecord, StudentRecord> spoil)
    {
        var store = await SeededStoreAsync();
        var record = Student(email: "jan.kowalski@example.pl", guardians: Guardian(ParentEmail));
        await store.InsertStudentAsync(record, Audit(record), CancellationToken.None);
        var spoiled = spoil(record) with { Version = 2 };

        var error = await Assert.ThrowsAsync<ArgumentException>(() => store.UpdateStudentAsync(spoiled, 1, Audit(spoiled, AuditAction.StudentChanged), CancellationToken.None));

        Assert.Equal(field, error.ParamName);
        Assert.Contains(why, error.Message, StringComparison.Ordinal);
        var stored = await store.FindStudentAsync(Symbol, record.Id, CancellationToken.None);
        Assert.Equal(record with { Guardians = [] }, stored! with { Guardians = [] });
        Assert.Equal(record.Guardians, stored.Guardians);
    }

    [Fact]
    public async Task InsertStudentAsync_NulInAnAuditValue_RefusedAndRecordNotWritten()
    {
        var store = await SeededStoreAsync();
        var record = Student();
        var audit = Audit(record) with { Changes = [new AuditChange("lastName", "Kowal\0ski", record.LastName)] };

        var error = await Assert.ThrowsAsync<ArgumentException>(() => store.InsertStudentAsync(record, audit, CancellationToken.None));

        Assert.Equal("AuditChange.Before", error.ParamName);
        Assert.Null(await store.FindStudentAsync(Symbol, record.Id, CancellationToken.None));
    }

    [Fact]
    public async Task FindMethods_KeyWithNulOrLoneSurrogate_ArgumentExceptionNotAServerError()
    {
        // Look-up keys are never stored, but the server would still refuse to read them.
        var store = await SeededStoreAsync();

        var nul = await Assert.ThrowsAsync<ArgumentException>(() => store.FindAccountAsync(Symbol, "anna\0@example.pl", CancellationToken.None));
        var surrogate = await Assert.ThrowsAsync<ArgumentException>(() => store.FindStudentsByEmailAsync(Symbol, "\uD800anna@example.pl", CancellationToken.None));
        var token = await Assert.ThrowsAsync<ArgumentException>(() => store.FindLinkTokenAsync("\0", CancellationToken.None));

        Assert.Equal(("email", "email", "tokenHash"), (nul.ParamName, surrogate.ParamName, token.ParamName));
    }

    [Fact]
    public async Task AddInstanceAsync_MegabyteNameOrLoneSurrogateSymbol_RefusedAndNothingAdded()
    {
        var store = await _schema.CreateStoreAsync();

        var name = await Assert.ThrowsAsync<ArgumentException>(() => store.AddInstanceAsync(Instance(Symbol) with { Name = Megabyte }, CancellationToken.None));
        var symbol = await Assert.ThrowsAsync<ArgumentException>(() => store.AddInstanceAsync(Instance("gmina\uD83D"), CancellationToken.None));

        Assert.Equal(("SchoolInstance.Name", "SchoolInstance.Symbol"), (name.ParamName, symbol.ParamName));
        Assert.Empty(await store.ListInstancesAsync(CancellationToken.None));
    }

    [Fact]
    public async Task AddImportRunAsync_FileNameBeyondTheBasicPlaneAtTheLimit_RoundTripsExactly()
    {
        // The browser names the file: the longest name kept, ending in a character of two UTF-16 units, comes back whole.
        var store = await SeededStoreAsync();
        var run = new ImportRun
        {
            Id = Guid.NewGuid(),
            InstanceSymbol = Symbol,
            UnitCode = Sp1,
            ActorEmail = ParentEmail,
            FileName = new string('ż', StoreLimits.FileName - 2) + "🙂",
            StartedAt = Now,
            Status = ImportRunStatus.Running,
        };

        await store.AddImportRunAsync(run, CancellationToken.None);
        var oneTooMany = await Assert.ThrowsAsync<ArgumentException>(() => store.AddImportRunAsync(run with { Id = Guid.NewGuid(), FileName = run.FileName + "a" }, CancellationToken.None));

        Assert.Equal([run], await store.ListImportRunsAsync(Symbol, Sp1, 10, CancellationToken.None));
        Assert.Equal("ImportRun.FileName", oneTooMany.ParamName);
    }

    [Fact]
    public async Task InsertStudentAsync_TextBeyondTheBasicPlaneAndAtTheLimits_RoundTripsExactly()
    {
        // Surrogate pairs are valid UTF-16: only lone halves are refused. Limits count UTF-16 units, as the library does.
        var store = await SeededStoreAsync();
        var record = Student(firstName: "Zoë 𝔸𝔫𝔫𝔞 😀", lastName: new string('ł', StudentRecordLimits.MaxNameLength), email: new string('e', 243) + "@example.pl")
            with { ClassName = new string('A', StudentRecordLimits.MaxClassNameLength), Guardians = [.. Enumerable.Range(0, 6).Select(i => Guardian($"opiekun{i}@example.pl", "Ünal", "O'Brien-Żółć"))] };

        Assert.Equal(StoreWriteResult.Success, await store.InsertStudentAsync(record, Audit(record), CancellationToken.None));

        var stored = await store.FindStudentAsync(Symbol, record.Id, CancellationToken.None);
        Assert.Equal(record with { Guardians = [] }, stored! with { Guardians = [] });
        Assert.Equal(record.Guardians, stored.Guardians);
    }

    [Fact]
    public async Task EnqueueAsync_BodyOverTheLimitOrWithNul_RefusedButALargeBodyRoundTrips()
    {
        var store = await _schema.CreateStoreAsync();
        var large = NewMail() with { TextBody = new string('ż', 200_000) };

        var tooLarge = await Assert.ThrowsAsync<ArgumentException>(() => store.EnqueueAsync(NewMail() with { HtmlBody = Megabyte }, CancellationToken.None));
        var nul = await Assert.ThrowsAsync<ArgumentException>(() => store.EnqueueAsync(NewMail() with { Subject = "Hasło\0" }, CancellationToken.None));
        await store.EnqueueAsync(large, CancellationToken.None);

        Assert.Equal(("OutboxMessage.HtmlBody", "OutboxMessage.Subject"), (tooLarge.ParamName, nul.ParamName));
        Assert.Equal(large, Assert.Single(await store.ListAsync(null, 10, CancellationToken.None)));
    }

    [Fact]
    public async Task UpdateAccountAsync_OversizedSecretOrBadRecoveryCode_RefusedAndAccountUnchanged()
    {
        var store = await SeededStoreAsync();
        var account = await CreateAccountAsync(store);

        var secret = await Assert.ThrowsAsync<ArgumentException>(() => store.UpdateAccountAsync(account with { Version = 2, TotpSecret = new byte[1025] }, 1, null, null, CancellationToken.None));
        var code = await Assert.ThrowsAsync<ArgumentException>(() => store.UpdateAccountAsync(account with { Version = 2, RecoveryCodeHashes = [HashOf("a"), "\0"] }, 1, null, null, CancellationToken.None));

        Assert.Equal(("Account.TotpSecret", "Account.RecoveryCodeHashes"), (secret.ParamName, code.ParamName));
        Assert.Equal(1, (await store.FindAccountByIdAsync(account.Id, CancellationToken.None))?.Version);
    }

    [Fact]
    public async Task UpdateAccountAsync_DifferentEmail_RefusedBecauseAddressesNeverChange_R9()
    {
        var store = await SeededStoreAsync();
        var account = await CreateAccountAsync(store);

        var error = await Assert.ThrowsAsync<ArgumentException>(() => store.UpdateAccountAsync(account with { Version = 2, Email = "anna.nowa@example.pl" }, 1, NewMail(), null, CancellationToken.None));

        Assert.Equal("account", error.ParamName);
        Assert.Equal(account.Id, (await store.FindAccountAsync(Symbol, ParentEmail, CancellationToken.None))?.Id);
        Assert.Single(await store.ListAsync(null, 10, CancellationToken.None), m => m.Kind == MailKind.PasswordSet);
    }

    [Fact]
    public async Task RecordAttemptAsync_MegabyteKey_RefusedAndNotCounted()
    {
        var store = await _schema.CreateStoreAsync();
        var policy = new AttemptPolicy(3, TimeSpan.FromMinutes(15), TimeSpan.FromMinutes(30));

        var error = await Assert.ThrowsAsync<ArgumentException>(() => store.RecordAttemptAsync(Megabyte, Now, policy, null, CancellationToken.None));

        Assert.Equal("key", error.ParamName);
        Assert.Equal(0, (await store.GetAttemptsAsync(Megabyte, Now, CancellationToken.None)).Count);
    }

    private async Task<PostgreSqlAccessStore> SeededStoreAsync()
    {
        var store = await _schema.CreateStoreAsync();
        await SeedAsync(store);
        return store;
    }
}
