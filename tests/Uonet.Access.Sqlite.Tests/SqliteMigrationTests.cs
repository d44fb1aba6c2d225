using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Time.Testing;
using Uonet.Access.Credentials;
using Uonet.Access.Import;
using Uonet.Access.Records;
using static Uonet.Access.Specification.Tests.Fixtures;

namespace Uonet.Access.Sqlite.Tests;

public sealed class SqliteMigrationTests : IDisposable
{
    private static readonly long[] AllVersions = [.. Enumerable.Range(1, SqliteAccessStore.SchemaVersion).Select(v => (long)v)];

    private static readonly string[] Tables =
    [
        "account_links", "accounts", "attempts", "audit_changes", "audit_entries", "devices", "import_runs", "instances", "link_tokens",
        "maintenance_windows", "outbox", "pairing_tickets", "passkey_challenges", "passkeys", "schema_version", "security_events", "sessions", "signature_replay", "staff",
        "staff_assignments", "student_guardians", "students", "units",
    ];

    private readonly SqliteDatabase _database = new();

    public void Dispose() => _database.Dispose();

    [Fact]
    public async Task MigrateAsync_EmptyFile_CreatesEveryTableAndRecordsEachVersion()
    {
        var time = new FakeTimeProvider(Now);
        var store = new SqliteAccessStore(_database.ConnectionString, time);

        await store.MigrateAsync(CancellationToken.None);

        Assert.Equal(Tables, Query<string>("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite%' ORDER BY name;"));
        Assert.Equal(AllVersions, Query<long>("SELECT version FROM schema_version ORDER BY version;"));
        Assert.Equal(
            ["records and credentials", "devices, maintenance and account links", "second-factor tickets", "import runs", "security events", "session clients", "passkeys"],
            Query<string>("SELECT description FROM schema_version ORDER BY version;"));
        Assert.All(Query<long>("SELECT applied_at FROM schema_version;"), at => Assert.Equal(Now.UtcTicks - DateTimeOffset.UnixEpoch.UtcTicks, at));
        Assert.Equal(7, SqliteAccessStore.SchemaVersion);
    }

    [Fact]
    public async Task MigrateAsync_EmptyFile_SwitchesToWalMode()
    {
        var store = new SqliteAccessStore(_database.ConnectionString);

        await store.MigrateAsync(CancellationToken.None);

        Assert.Equal(["wal"], Query<string>("PRAGMA journal_mode;"));
    }

    [Fact]
    public async Task MigrateAsync_RunAgain_ChangesNothingAndKeepsData()
    {
        var store = await _database.CreateStoreAsync(new FakeTimeProvider(Now));
        await SeedAsync(store);
        var schemaBefore = Query<string>("SELECT sql FROM sqlite_master WHERE sql IS NOT NULL ORDER BY name;");

        await store.MigrateAsync(CancellationToken.None);
        await new SqliteAccessStore(_database.ConnectionString, new FakeTimeProvider(Now.AddDays(1))).MigrateAsync(CancellationToken.None);

        Assert.Equal(AllVersions, Query<long>("SELECT version FROM schema_version ORDER BY version;"));
        Assert.All(Query<long>("SELECT applied_at FROM schema_version;"), at => Assert.Equal(Now.UtcTicks - DateTimeOffset.UnixEpoch.UtcTicks, at));
        Assert.Equal(schemaBefore, Query<string>("SELECT sql FROM sqlite_master WHERE sql IS NOT NULL ORDER BY name;"));
        Assert.Equal(Instance(Symbol), await store.FindInstanceAsync(Symbol, CancellationToken.None));
    }

    [Fact]
    public async Task MigrateAsync_SeveralStoresAtOnce_EachVersionAppliedOnce()
    {
        var stores = Enumerable.Range(0, 8).Select(_ => new SqliteAccessStore(_database.ConnectionString)).ToList();

        await RunTogetherAsync(stores.Select(s => (Func<Task<bool>>)(async () =>
        {
            await s.MigrateAsync(CancellationToken.None);
            return true;
        })));

        Assert.Equal(AllVersions, Query<long>("SELECT version FROM schema_version ORDER BY version;"));
        foreach (var store in stores)
        {
            Assert.Empty(await store.ListInstancesAsync(CancellationToken.None));
        }
    }

    [Fact]
    public async Task MigrateAsync_FromVersion1_KeepsItsDataAndAddsMobileAccess()
    {
        // A database written by the release that had schema version 1 only.
        var old = new SqliteAccessStore(_database.ConnectionString);
        await old.MigrateToAsync(1, CancellationToken.None);
        var studentId = Guid.NewGuid();
        var accountId = Guid.NewGuid();
        Execute($"""
            INSERT INTO instances VALUES ('{Symbol}', 'Gmina Wulkanowo', 'https://uonetplus.example.pl/{Symbol}/');
            INSERT INTO units VALUES ('{Symbol}', '{Sp1}', 'Szkoła Podstawowa nr 1', 0);
            INSERT INTO students VALUES ('{studentId}', '{Symbol}', '{Sp1}', '4A', 'Jan', 'Kowalski', '{PupilPesel}', NULL, 1, 0, 0);
            INSERT INTO student_guardians VALUES ('{studentId}', 0, '{Guid.NewGuid()}', '{Symbol}', 'Anna', 'Kowalska', '{ParentEmail}', NULL, 1);
            INSERT INTO accounts VALUES ('{accountId}', '{Symbol}', '{ParentEmail}', 'hash', 'stamp', 0, 0, 0, NULL, NULL, NULL, NULL, '[]', 1);
            """);
        Assert.DoesNotContain("devices", Query<string>("SELECT name FROM sqlite_master WHERE type = 'table';"));
        await Assert.ThrowsAsync<InvalidOperationException>(() => old.FindInstanceAsync(Symbol, CancellationToken.None));

        var store = new SqliteAccessStore(_database.ConnectionString);
        await store.MigrateAsync(CancellationToken.None);

        Assert.Equal(AllVersions, Query<long>("SELECT version FROM schema_version ORDER BY version;"));
        var pupil = Assert.Single(await store.FindStudentsByEmailAsync(Symbol, ParentEmail, CancellationToken.None));
        Assert.Equal(studentId, pupil.Id);
        Assert.Equal("Anna Kowalska", Assert.Single(pupil.Guardians).FullName);
        var account = await store.FindAccountAsync(Symbol, ParentEmail, CancellationToken.None);
        Assert.Equal(accountId, account?.Id);
        var device = await PairAsync(store, account!);
        Assert.Equal(device.Id, Assert.Single(await store.ListDevicesAsync(accountId, CancellationToken.None)).Id);
    }

    [Fact]
    public async Task MigrateAsync_FromVersion2_KeepsItsDataAndAddsSecondFactorTicketsAndImportRuns()
    {
        // A database written by the release that had schema version 2: import runs arrive with version 3.
        var old = new SqliteAccessStore(_database.ConnectionString);
        await old.MigrateToAsync(2, CancellationToken.None);
        Execute($"INSERT INTO instances VALUES ('{Symbol}', 'Wulkanowo ({Symbol})', 'https://uonetplus.example.pl/{Symbol}/');");
        Assert.DoesNotContain("import_runs", Query<string>("SELECT name FROM sqlite_master WHERE type = 'table';"));

        var store = new SqliteAccessStore(_database.ConnectionString);
        await store.MigrateAsync(CancellationToken.None);
        var run = new ImportRun { Id = Guid.NewGuid(), InstanceSymbol = Symbol, UnitCode = Sp1, ActorEmail = "sekretariat@sp1.edu.pl", StartedAt = Now, Status = ImportRunStatus.Running };
        await store.AddImportRunAsync(run, CancellationToken.None);

        Assert.Equal(AllVersions, Query<long>("SELECT version FROM schema_version ORDER BY version;"));
        Assert.Equal(Instance(Symbol), await store.FindInstanceAsync(Symbol, CancellationToken.None));
        Assert.Equal([run], await store.ListImportRunsAsync(Symbol, Sp1, 10, CancellationToken.None));
    }

    [Fact]
    public async Task FindInstanceAsync_NeverMigratedFile_ThrowsWithHowToMigrate()
    {
        var store = new SqliteAccessStore(_database.ConnectionString);

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => store.FindInstanceAsync(Symbol, CancellationToken.None));

        Assert.Contains("schema version 0", error.Message, StringComparison.Ordinal);
        Assert.Contains("MigrateAsync", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task MigrateAsync_DatabaseOfANewerLibrary_ThrowsAndLeavesItAlone()
    {
        await _database.CreateStoreAsync();
        Execute("INSERT INTO schema_version VALUES (99, 'from the future', 0);");
        var store = new SqliteAccessStore(_database.ConnectionString);

        var migrate = await Assert.ThrowsAsync<InvalidOperationException>(() => store.MigrateAsync(CancellationToken.None));
        var use = await Assert.ThrowsAsync<InvalidOperationException>(() => store.ListInstancesAsync(CancellationToken.None));

        Assert.Contains("99", migrate.Message, StringComparison.Ordinal);
        Assert.Contains("newer", use.Message, StringComparison.Ordinal);
        Assert.Equal([.. AllVersions, 99L], Query<long>("SELECT version FROM schema_version ORDER BY version;"));
    }

    [Fact]
    public async Task NewStoreOnSameFile_AfterRestart_SeesEverythingWritten()
    {
        var first = await _database.CreateStoreAsync();
        await SeedAsync(first);
        var record = Student(guardians: [Guardian(ParentEmail), Guardian("piotr.kowalski@example.pl", "Piotr", "Kowalski")]);
        await first.InsertStudentAsync(record, Audit(record), CancellationToken.None);
        var account = await CreateAccountAsync(first) with { TotpSecret = [0, 1, 2, 255], RecoveryCodeHashes = [HashOf("b"), HashOf("a")], Version = 2 };
        await first.UpdateAccountAsync(account, 1, null, null, CancellationToken.None);
        var device = await PairAsync(first, account);
        using (var connection = new SqliteConnection(_database.ConnectionString))
        {
            SqliteConnection.ClearPool(connection);
        }

        var second = new SqliteAccessStore(_database.ConnectionString);

        Assert.Equal([Symbol, OtherSymbol], (await second.ListInstancesAsync(CancellationToken.None)).Select(i => i.Symbol));
        var found = await second.FindStudentAsync(Symbol, record.Id, CancellationToken.None);
        Assert.Equal(record with { Guardians = [] }, found! with { Guardians = [] });
        Assert.Equal(record.Guardians, found.Guardians);
        var stored = await second.FindAccountByIdAsync(account.Id, CancellationToken.None);
        Assert.Equal(account.TotpSecret, stored!.TotpSecret);
        Assert.Equal(account.RecoveryCodeHashes, stored.RecoveryCodeHashes);
        Assert.Equal(2, stored.Version);
        var storedDevice = await second.FindDeviceAsync(device.Id, CancellationToken.None);
        Assert.Equal(device with { PublicKey = [] }, storedDevice! with { PublicKey = [] });
        Assert.Equal(device.PublicKey, storedDevice.PublicKey);
        Assert.Equal(2, (await second.ListAsync(ParentEmail, 10, CancellationToken.None)).Count);
    }

    [Fact]
    public async Task Times_WithTicksAndAnOffset_ReadBackAsTheSameInstantExactly()
    {
        var store = await _database.CreateStoreAsync();
        await SeedAsync(store);

        // Not whole seconds, not UTC: the real clock gives 100-ns ticks, and a host may pass local times.
        var precise = new DateTimeOffset(2026, 9, 1, 10, 0, 0, TimeSpan.FromHours(2)).AddTicks(1_234_567);
        var token = LinkToken() with { CreatedAt = precise, ExpiresAt = precise.AddTicks(1) };
        await store.RecordLinkRequestAsync(token, null, precise, null, CancellationToken.None);

        var found = await store.FindLinkTokenAsync(token.TokenHash, CancellationToken.None);

        Assert.Equal(precise, found!.CreatedAt);
        Assert.Equal(precise.UtcTicks + 1, found.ExpiresAt.UtcTicks);
        Assert.Equal(TimeSpan.Zero, found.CreatedAt.Offset);
    }

    [Fact]
    public void Constructor_InMemoryOrTemporaryDatabase_ArgumentException()
    {
        Assert.Throws<ArgumentException>(() => new SqliteAccessStore("Data Source=:memory:"));
        Assert.Throws<ArgumentException>(() => new SqliteAccessStore("Data Source=uonet;Mode=Memory;Cache=Shared"));
        Assert.Throws<ArgumentException>(() => new SqliteAccessStore("Data Source="));
        Assert.Throws<ArgumentException>(() => new SqliteAccessStore(" "));
        Assert.Throws<ArgumentException>(() => new SqliteAccessStore("Nonsense Keyword=1"));
    }

    [Fact]
    public async Task SaveStaffAsync_UnknownInstance_ForeignKeyRefusesAndNothingWritten()
    {
        // Foreign keys are on for the store's connections: a row that points nowhere is refused, not kept.
        var store = await _database.CreateStoreAsync();

        var error = await Assert.ThrowsAsync<SqliteException>(() => store.SaveStaffAsync(
            new StaffMember("nieistniejaca", "sekretariat@sp1.edu.pl", "Ewa", [new StaffAssignment(StaffRole.Secretary, Sp1)]),
            CancellationToken.None));

        Assert.Contains("FOREIGN KEY", error.Message, StringComparison.Ordinal);
        Assert.Empty(Query<string>("SELECT email FROM staff;"));
    }

    private void Execute(string sql)
    {
        using var connection = _database.Open();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }

    private List<T> Query<T>(string sql)
    {
        using var connection = _database.Open();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        using var reader = command.ExecuteReader();
        var list = new List<T>();
        while (reader.Read())
        {
            list.Add(reader.GetFieldValue<T>(0));
        }

        return list;
    }
}
