using Microsoft.Extensions.Time.Testing;
using Npgsql;
using Uonet.Access.PostgreSql.Tests.Infrastructure;
using Uonet.Access.Import;
using Uonet.Access.Records;
using static Uonet.Access.Specification.Tests.Fixtures;

namespace Uonet.Access.PostgreSql.Tests;

public sealed class PostgreSqlMigrationTests : IDisposable
{
    private static readonly int[] AllVersions = [.. Enumerable.Range(1, PostgreSqlAccessStore.SchemaVersion)];

    private static readonly string[] Tables =
    [
        "account_links", "accounts", "attempts", "audit_changes", "audit_entries", "devices", "import_runs", "instances", "link_tokens",
        "maintenance_windows", "outbox", "pairing_tickets", "passkey_challenges", "passkeys", "remote_account_links", "schema_version", "security_events", "sessions", "signature_replay", "staff",
        "staff_assignments", "student_guardians", "students", "units",
    ];

    private const string TablesSql = "SELECT table_name::text FROM information_schema.tables WHERE table_schema = @schema ORDER BY table_name;";

    private readonly ScratchSchema _schema = new();

    public void Dispose() => _schema.Dispose();

    [Fact]
    public async Task MigrateAsync_EmptyDatabase_CreatesTheSchemaEveryTableAndRecordsEachVersion()
    {
        var store = new PostgreSqlAccessStore(PostgresServer.DataSource, _schema.Name, new FakeTimeProvider(Now));

        await store.MigrateAsync(CancellationToken.None);

        Assert.Equal(Tables, await _schema.QueryAsync<string>(TablesSql, ("schema", _schema.Name)));
        Assert.Equal(AllVersions, await _schema.QueryAsync<int>("SELECT version FROM {schema}.schema_version ORDER BY version;"));
        Assert.Equal(
            ["records and credentials", "devices, maintenance and account links", "second-factor tickets", "import runs", "security events", "session clients", "passkeys", "links between databases"],
            await _schema.QueryAsync<string>("SELECT description FROM {schema}.schema_version ORDER BY version;"));
        Assert.All(await _schema.QueryAsync<DateTimeOffset>("SELECT applied_at FROM {schema}.schema_version;"), at => Assert.Equal(Now, at));
        Assert.Equal(8, PostgreSqlAccessStore.SchemaVersion);
    }

    [Fact]
    public async Task MigrateAsync_RunAgain_ChangesNothingAndKeepsData()
    {
        var store = await _schema.CreateStoreAsync(new FakeTimeProvider(Now));
        await SeedAsync(store);
        const string Definitions = "SELECT indexdef FROM pg_indexes WHERE schemaname = @schema ORDER BY indexname;";
        var before = await _schema.QueryAsync<string>(Definitions, ("schema", _schema.Name));

        await store.MigrateAsync(CancellationToken.None);
        await new PostgreSqlAccessStore(PostgresServer.DataSource, _schema.Name, new FakeTimeProvider(Now.AddDays(1))).MigrateAsync(CancellationToken.None);

        Assert.Equal(AllVersions, await _schema.QueryAsync<int>("SELECT version FROM {schema}.schema_version ORDER BY version;"));
        Assert.All(await _schema.QueryAsync<DateTimeOffset>("SELECT applied_at FROM {schema}.schema_version;"), at => Assert.Equal(Now, at));
        Assert.Equal(before, await _schema.QueryAsync<string>(Definitions, ("schema", _schema.Name)));
        Assert.Equal(Instance(Symbol), await store.FindInstanceAsync(Symbol, CancellationToken.None));
    }

    [Fact]
    public async Task MigrateAsync_EightProcessesAtOnceOnAnEmptyDatabase_EachVersionAppliedOnce()
    {
        // Separate pools, so the migrations really run on separate connections at once; the advisory lock makes them
        // take turns (without it the second CREATE TABLE or INSERT of a version would fail).
        var stores = Enumerable.Range(0, 8).Select(_ => _schema.OwnStore()).ToList();

        await RunTogetherAsync(stores.Select(s => (Func<Task<bool>>)(async () =>
        {
            await s.MigrateAsync(CancellationToken.None);
            return true;
        })));

        Assert.Equal(AllVersions, await _schema.QueryAsync<int>("SELECT version FROM {schema}.schema_version ORDER BY version;"));
        foreach (var store in stores)
        {
            Assert.Empty(await store.ListInstancesAsync(CancellationToken.None));
        }
    }

    [Fact]
    public async Task MigrateAsync_FromVersion1_KeepsItsDataAndAddsMobileAccess()
    {
        // A database written by the release that had schema version 1 only.
        var old = new PostgreSqlAccessStore(PostgresServer.DataSource, _schema.Name);
        await old.MigrateToAsync(1, CancellationToken.None);
        var studentId = Guid.NewGuid();
        var accountId = Guid.NewGuid();
        await _schema.ExecuteAsync($$"""
            INSERT INTO {schema}.instances VALUES ('{{Symbol}}', 'Gmina Wulkanowo', 'https://uonetplus.example.pl/{{Symbol}}/');
            INSERT INTO {schema}.units VALUES ('{{Symbol}}', '{{Sp1}}', 'Szkoła Podstawowa nr 1', false);
            INSERT INTO {schema}.students VALUES ('{{studentId}}', '{{Symbol}}', '{{Sp1}}', '4A', 'Jan', 'Kowalski', '{{PupilPesel}}', NULL, 1, now(), now());
            INSERT INTO {schema}.student_guardians VALUES ('{{studentId}}', 0, '{{Guid.NewGuid()}}', '{{Symbol}}', 'Anna', 'Kowalska', '{{ParentEmail}}', NULL, 1);
            INSERT INTO {schema}.accounts VALUES ('{{accountId}}', '{{Symbol}}', '{{ParentEmail}}', 'hash', 'stamp', 0, now(), now(), NULL, NULL, NULL, NULL, '{}', 1);
            """);
        Assert.DoesNotContain("devices", await _schema.QueryAsync<string>(TablesSql, ("schema", _schema.Name)));
        await Assert.ThrowsAsync<InvalidOperationException>(() => old.FindInstanceAsync(Symbol, CancellationToken.None));

        var store = new PostgreSqlAccessStore(PostgresServer.DataSource, _schema.Name);
        await store.MigrateAsync(CancellationToken.None);

        Assert.Equal(AllVersions, await _schema.QueryAsync<int>("SELECT version FROM {schema}.schema_version ORDER BY version;"));
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
        var old = new PostgreSqlAccessStore(PostgresServer.DataSource, _schema.Name);
        await old.MigrateToAsync(2, CancellationToken.None);
        await _schema.ExecuteAsync($"INSERT INTO {{schema}}.instances VALUES ('{Symbol}', 'Wulkanowo ({Symbol})', 'https://uonetplus.example.pl/{Symbol}/');");
        Assert.DoesNotContain("import_runs", await _schema.QueryAsync<string>(TablesSql, ("schema", _schema.Name)));

        var store = new PostgreSqlAccessStore(PostgresServer.DataSource, _schema.Name);
        await store.MigrateAsync(CancellationToken.None);
        var run = new ImportRun { Id = Guid.NewGuid(), InstanceSymbol = Symbol, UnitCode = Sp1, ActorEmail = "sekretariat@sp1.edu.pl", StartedAt = Now, Status = ImportRunStatus.Running };
        await store.AddImportRunAsync(run, CancellationToken.None);

        Assert.Equal(AllVersions, await _schema.QueryAsync<int>("SELECT version FROM {schema}.schema_version ORDER BY version;"));
        Assert.Equal(Instance(Symbol), await store.FindInstanceAsync(Symbol, CancellationToken.None));
        Assert.Equal([run], await store.ListImportRunsAsync(Symbol, Sp1, 10, CancellationToken.None));
    }

    [Fact]
    public async Task FindInstanceAsync_NeverMigratedSchema_ThrowsWithHowToMigrate()
    {
        var store = new PostgreSqlAccessStore(PostgresServer.DataSource, _schema.Name);

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => store.FindInstanceAsync(Symbol, CancellationToken.None));

        Assert.Contains("version 0", error.Message, StringComparison.Ordinal);
        Assert.Contains("MigrateAsync", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task MigrateAsync_SchemaOfANewerLibrary_ThrowsAndLeavesItAlone()
    {
        await _schema.CreateStoreAsync();
        await _schema.ExecuteAsync("INSERT INTO {schema}.schema_version VALUES (99, 'from the future', now());");
        var store = new PostgreSqlAccessStore(PostgresServer.DataSource, _schema.Name);

        var migrate = await Assert.ThrowsAsync<InvalidOperationException>(() => store.MigrateAsync(CancellationToken.None));
        var use = await Assert.ThrowsAsync<InvalidOperationException>(() => store.ListInstancesAsync(CancellationToken.None));

        Assert.Contains("99", migrate.Message, StringComparison.Ordinal);
        Assert.Contains("newer", use.Message, StringComparison.Ordinal);
        Assert.Equal([.. AllVersions, 99], await _schema.QueryAsync<int>("SELECT version FROM {schema}.schema_version ORDER BY version;"));
    }

    [Fact]
    public async Task MigrateAsync_DatabaseNotInUtf8_RefusedBeforeCreatingAnything()
    {
        var database = $"uat_ascii_{Guid.NewGuid():N}";
        await using (var create = PostgresServer.DataSource.CreateCommand($"CREATE DATABASE {database} ENCODING 'SQL_ASCII' LC_COLLATE 'C' LC_CTYPE 'C' TEMPLATE template0;"))
        {
            await create.ExecuteNonQueryAsync();
        }

        try
        {
            var settings = new NpgsqlConnectionStringBuilder(ScratchSchema.ConnectionString) { Database = database, Pooling = false };
            await using var store = PostgreSqlAccessStore.Create(settings.ConnectionString, _schema.Name);

            var error = await Assert.ThrowsAsync<InvalidOperationException>(() => store.MigrateAsync(CancellationToken.None));

            Assert.Contains("SQL_ASCII", error.Message, StringComparison.Ordinal);
            Assert.Contains("UTF8", error.Message, StringComparison.Ordinal);
        }
        finally
        {
            await using var drop = PostgresServer.DataSource.CreateCommand($"DROP DATABASE {database};");
            await drop.ExecuteNonQueryAsync();
        }
    }

    [Fact]
    public async Task Stores_InTwoSchemasOfOneDatabase_NeverSeeEachOthersData()
    {
        // One database may hold the store beside an application's tables, or two deployments side by side.
        using var other = new ScratchSchema();
        var first = await _schema.CreateStoreAsync();
        var second = await other.CreateStoreAsync();

        await SeedAsync(first);

        Assert.Equal(2, (await first.ListInstancesAsync(CancellationToken.None)).Count);
        Assert.Empty(await second.ListInstancesAsync(CancellationToken.None));
    }

    [Fact]
    public async Task MigrateAsync_SchemaNameNeedingQuotes_UsedExactlyAsWritten()
    {
        // Mixed case, a space and a double quote: quoted as an identifier, never spliced into SQL as it is.
        var name = $"Uonet \"Access\" {Guid.NewGuid():N}"[..40];
        var store = new PostgreSqlAccessStore(PostgresServer.DataSource, name);
        try
        {
            await store.MigrateAsync(CancellationToken.None);
            await SeedAsync(store);

            Assert.Equal(name, Assert.Single(await _schema.QueryAsync<string>("SELECT nspname::text FROM pg_namespace WHERE nspname = @name;", ("name", name))));
            Assert.Equal(2, (await store.ListInstancesAsync(CancellationToken.None)).Count);
        }
        finally
        {
            await _schema.ExecuteAsync($"DROP SCHEMA IF EXISTS \"{name.Replace("\"", "\"\"", StringComparison.Ordinal)}\" CASCADE;");
        }
    }

    [Theory]
    [InlineData("")]
    [InlineData(" ")]
    [InlineData("pg_uonet")]
    [InlineData("a_name_that_is_much_longer_than_the_sixty_three_bytes_postgresql_keeps")]
    [InlineData("uonet\0access")]
    public void Constructor_UnusableSchemaName_ArgumentException(string schema)
    {
        var error = Assert.ThrowsAny<ArgumentException>(() => new PostgreSqlAccessStore(PostgresServer.DataSource, schema));

        Assert.Equal("schema", error.ParamName);
    }

    [Fact]
    public async Task NewStoreOnSameSchema_AfterRestart_SeesEverythingWritten()
    {
        var first = await _schema.CreateStoreAsync();
        await SeedAsync(first);
        var record = Student(guardians: [Guardian(ParentEmail), Guardian("piotr.kowalski@example.pl", "Piotr", "Kowalski")]);
        await first.InsertStudentAsync(record, Audit(record), CancellationToken.None);
        var account = await CreateAccountAsync(first) with { TotpSecret = [0, 1, 2, 255], RecoveryCodeHashes = [HashOf("b"), HashOf("a")], Version = 2 };
        await first.UpdateAccountAsync(account, 1, null, null, CancellationToken.None);
        var device = await PairAsync(first, account);

        await using var second = PostgreSqlAccessStore.Create(ScratchSchema.ConnectionString, _schema.Name);

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
    public async Task Times_WithTicksAndAnOffset_ReadBackAsTheSameInstantInUtcToTheMicrosecond()
    {
        var store = await _schema.CreateStoreAsync();
        await SeedAsync(store);

        // Not whole seconds, not UTC: the real clock gives 100-ns ticks, and a host may pass local times. PostgreSQL keeps
        // microseconds: the instant survives, the last tick digit does not.
        var precise = new DateTimeOffset(2026, 9, 1, 10, 0, 0, TimeSpan.FromHours(2)).AddTicks(1_234_567);
        var token = LinkToken() with { CreatedAt = precise, ExpiresAt = precise.AddTicks(10) };
        await store.RecordLinkRequestAsync(token, null, precise, null, CancellationToken.None);

        var found = await store.FindLinkTokenAsync(token.TokenHash, CancellationToken.None);

        Assert.Equal(precise.AddTicks(-7), found!.CreatedAt);
        Assert.Equal(precise.UtcTicks + 3, found.ExpiresAt.UtcTicks);
        Assert.Equal(TimeSpan.Zero, found.CreatedAt.Offset);
    }

    [Fact]
    public async Task SaveStaffAsync_UnknownInstance_ForeignKeyRefusesAndNothingWritten()
    {
        var store = await _schema.CreateStoreAsync();

        var error = await Assert.ThrowsAsync<PostgresException>(() => store.SaveStaffAsync(
            new StaffMember("nieistniejaca", "sekretariat@sp1.edu.pl", "Ewa", [new StaffAssignment(StaffRole.Secretary, Sp1)]),
            CancellationToken.None));

        Assert.Equal(PostgresErrorCodes.ForeignKeyViolation, error.SqlState);
        Assert.Empty(await _schema.QueryAsync<string>("SELECT email FROM {schema}.staff;"));
    }
}
