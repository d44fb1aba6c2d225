using Uonet.Access.Credentials;
using Uonet.Access.Import;
using Uonet.Access.Records;
using Uonet.Access.Storage;
using static Uonet.Access.Specification.Fixtures;

using Uonet.Access.EntityFrameworkCore.Tests.Infrastructure;

namespace Uonet.Access.EntityFrameworkCore.Tests;

// Written directly to the store (past the workflows' validation), oversized or malformed text must be refused with an
// error that names the field, before anything is written, on every provider: SQLite itself would keep a megabyte and
// silently turn a lone surrogate into U+FFFD, and PostgreSQL refuses a NUL only after the transaction began.
public abstract class EntityFrameworkCoreBadInputTests : IDisposable
{
    private const string LoneHighSurrogate = "Kowalsk\uD800";
    private const string LoneLowSurrogate = "\uDC00Anna";

    private static readonly string Megabyte = new('a', 1024 * 1024);

    private readonly List<TestDatabase> _databases = [];

    public void Dispose()
    {
        foreach (var database in _databases)
        {
            database.Dispose();
        }

        GC.SuppressFinalize(this);
    }

    protected abstract Task<TestDatabase> CreateDatabaseAsync();

    private async Task<EntityFrameworkCoreAccessStore<UonetAccessDbContext>> NewStoreAsync()
    {
        var database = await CreateDatabaseAsync();
        _databases.Add(database);
        return database.Store;
    }

    public static TheoryData<string, Func<StudentRecord, StudentRecord>> BadRecords => new()
    {
        { "StudentRecord.FirstName", r => r with { FirstName = Megabyte } },
        { "StudentRecord.LastName", r => r with { LastName = LoneHighSurrogate } },
        { "StudentRecord.ClassName", r => r with { ClassName = new string('4', 33) } },
        { "StudentRecord.Email", r => r with { Email = LoneLowSurrogate + "@example.pl" } },
        { "StudentRecord.Pesel", r => r with { Pesel = "152201234590" } },
        { "StudentRecord.FirstName", r => r with { FirstName = "Jan\0Kowalski" } },
        { "GuardianEntry.Email", r => r with { Guardians = [Guardian(new string('x', 250) + "@example.pl")] } },
        { "GuardianEntry.LastName", r => r with { Guardians = [Guardian(ParentEmail, lastName: LoneHighSurrogate)] } },
        { "StudentRecord.Guardians", r => r with { Guardians = [.. Enumerable.Range(0, 7).Select(i => Guardian($"opiekun{i}@example.pl"))] } },
    };

    [Theory]
    [MemberData(nameof(BadRecords))]
    public async Task InsertStudentAsync_BadField_ArgumentExceptionNamingItAndNothingWritten(string field, Func<StudentRecord, StudentRecord> spoil)
    {
        var store = await SeededStoreAsync();
        var record = spoil(Student(email: "jan.kowalski@example.pl"));

        var error = await Assert.ThrowsAsync<ArgumentException>(() => store.InsertStudentAsync(record, Audit(record), CancellationToken.None));

        Assert.Equal(field, error.ParamName);
        Assert.Contains(field, error.Message, StringComparison.Ordinal);
        Assert.Null(await store.FindStudentAsync(Symbol, record.Id, CancellationToken.None));
        Assert.Empty(await store.ListAuditAsync(Symbol, null, 10, CancellationToken.None));
    }

    [Theory]
    [MemberData(nameof(BadRecords))]
    public async Task UpdateStudentAsync_BadField_ArgumentExceptionAndStoredRecordUnchanged(string field, Func<StudentRecord, StudentRecord> spoil)
    {
        var store = await SeededStoreAsync();
        var record = Student(email: "jan.kowalski@example.pl", guardians: Guardian(ParentEmail));
        await store.InsertStudentAsync(record, Audit(record), CancellationToken.None);
        var spoiled = spoil(record) with { Version = 2 };

        var error = await Assert.ThrowsAsync<ArgumentException>(() => store.UpdateStudentAsync(spoiled, 1, Audit(spoiled, AuditAction.StudentChanged), CancellationToken.None));

        Assert.Equal(field, error.ParamName);
        var stored = await store.FindStudentAsync(Symbol, record.Id, CancellationToken.None);
        Assert.Equal(record with { Guardians = [] }, stored! with { Guardians = [] });
        Assert.Equal(record.Guardians, stored.Guardians);
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
    public async Task InsertStudentAsync_MegabyteAuditValue_RefusedAndRecordNotWritten()
    {
        var store = await SeededStoreAsync();
        var record = Student();
        var audit = Audit(record) with { Changes = [new AuditChange("lastName", null, Megabyte)] };

        var error = await Assert.ThrowsAsync<ArgumentException>(() => store.InsertStudentAsync(record, audit, CancellationToken.None));

        Assert.Equal("AuditChange.After", error.ParamName);
        Assert.Contains("1048576", error.Message, StringComparison.Ordinal);
        Assert.Null(await store.FindStudentAsync(Symbol, record.Id, CancellationToken.None));
    }

    [Fact]
    public async Task AddInstanceAsync_MegabyteNameOrLoneSurrogateSymbol_RefusedAndNothingAdded()
    {
        var store = await NewStoreAsync();

        var name = await Assert.ThrowsAsync<ArgumentException>(() => store.AddInstanceAsync(Instance(Symbol) with { Name = Megabyte }, CancellationToken.None));
        var symbol = await Assert.ThrowsAsync<ArgumentException>(() => store.AddInstanceAsync(Instance("gmina\uD83D"), CancellationToken.None));

        Assert.Equal("SchoolInstance.Name", name.ParamName);
        Assert.Equal("SchoolInstance.Symbol", symbol.ParamName);
        Assert.Contains("lone surrogate", symbol.Message, StringComparison.Ordinal);
        Assert.Empty(await store.ListInstancesAsync(CancellationToken.None));
    }

    [Fact]
    public async Task FindStudentsByEmailAsync_LoneSurrogateKey_RefusedInsteadOfMatchingAReplacementCharacter()
    {
        // Bound as UTF-8, the lone surrogate would become U+FFFD and could match a stored address holding one.
        var store = await SeededStoreAsync();
        var record = Student(guardians: Guardian("\uFFFDanna@example.pl"));
        await store.InsertStudentAsync(record, Audit(record), CancellationToken.None);

        var error = await Assert.ThrowsAsync<ArgumentException>(() => store.FindStudentsByEmailAsync(Symbol, "\uD800anna@example.pl", CancellationToken.None));

        Assert.Equal("email", error.ParamName);
        Assert.Single(await store.FindStudentsByEmailAsync(Symbol, "\uFFFDanna@example.pl", CancellationToken.None));
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
    public async Task EnqueueAsync_BodyOverTheLimit_RefusedButALargeBodyRoundTrips()
    {
        var store = await NewStoreAsync();
        var tooLarge = NewMail() with { HtmlBody = Megabyte };
        var large = NewMail() with { TextBody = new string('ż', 200_000) };

        var error = await Assert.ThrowsAsync<ArgumentException>(() => store.EnqueueAsync(tooLarge, CancellationToken.None));
        await store.EnqueueAsync(large, CancellationToken.None);

        Assert.Equal("OutboxMessage.HtmlBody", error.ParamName);
        Assert.Equal(large, Assert.Single(await store.ListAsync(null, 10, CancellationToken.None)));
    }

    [Fact]
    public async Task UpdateAccountAsync_OversizedSecretOrRecoveryCode_RefusedAndAccountUnchanged()
    {
        var store = await SeededStoreAsync();
        var account = await CreateAccountAsync(store);

        var secret = await Assert.ThrowsAsync<ArgumentException>(() => store.UpdateAccountAsync(account with { Version = 2, TotpSecret = new byte[1025] }, 1, null, null, CancellationToken.None));
        var code = await Assert.ThrowsAsync<ArgumentException>(() => store.UpdateAccountAsync(account with { Version = 2, RecoveryCodeHashes = [HashOf("a"), LoneHighSurrogate] }, 1, null, null, CancellationToken.None));

        Assert.Equal("Account.TotpSecret", secret.ParamName);
        Assert.Equal("Account.RecoveryCodeHashes", code.ParamName);
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
        Assert.Null(await store.FindAccountAsync(Symbol, "anna.nowa@example.pl", CancellationToken.None));
    }

    [Fact]
    public async Task RecordAttemptAsync_MegabyteKey_RefusedAndNotCounted()
    {
        var store = await NewStoreAsync();
        var policy = new AttemptPolicy(3, TimeSpan.FromMinutes(15), TimeSpan.FromMinutes(30));

        var error = await Assert.ThrowsAsync<ArgumentException>(() => store.RecordAttemptAsync(Megabyte, Now, policy, null, CancellationToken.None));

        Assert.Equal("key", error.ParamName);
        Assert.Equal(0, (await store.GetAttemptsAsync(Megabyte, Now, CancellationToken.None)).Count);
    }

    private async Task<EntityFrameworkCoreAccessStore<UonetAccessDbContext>> SeededStoreAsync()
    {
        var store = await NewStoreAsync();
        await SeedAsync(store);
        return store;
    }
}

public sealed class SqliteEntityFrameworkCoreBadInputTests : EntityFrameworkCoreBadInputTests
{
    protected override async Task<TestDatabase> CreateDatabaseAsync() => await SqliteTestDatabase.CreateAsync();
}

[Trait("Category", "PostgreSql")]
public sealed class PostgreSqlEntityFrameworkCoreBadInputTests : EntityFrameworkCoreBadInputTests
{
    protected override async Task<TestDatabase> CreateDatabaseAsync() => await PostgreSqlTestDatabase.CreateAsync();
}
