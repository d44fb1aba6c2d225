using Npgsql;
using Uonet.Access.PostgreSql.Tests.Infrastructure;

namespace Uonet.Access.PostgreSql.Tests;

/// <summary>One schema holding some 20,000 rows per table, analyzed, so that the planner chooses as it would in production.</summary>
public sealed class IndexedSchema : IAsyncLifetime
{
    private const string Rows = """
        INSERT INTO {schema}.instances VALUES ('gminawulkanowo', 'Gmina', 'https://uonetplus.example.pl/gminawulkanowo/'),
                                              ('powiatwulkanowy', 'Powiat', 'https://uonetplus.example.pl/powiatwulkanowy/');
        INSERT INTO {schema}.units VALUES ('gminawulkanowo', 'SP1', 'SP1', false), ('powiatwulkanowy', 'LO1', 'LO1', false);
        INSERT INTO {schema}.students
        SELECT gen_random_uuid(), CASE WHEN n % 2 = 0 THEN 'gminawulkanowo' ELSE 'powiatwulkanowy' END, CASE WHEN n % 2 = 0 THEN 'SP1' ELSE 'LO1' END,
               (n % 8)::text || 'A', 'Jan', 'Kowalski' || n, lpad(n::text, 11, '0'), 'uczen' || n || '@example.pl', 1, now(), now()
        FROM generate_series(1, 20000) n;
        INSERT INTO {schema}.student_guardians
        SELECT id, 0, gen_random_uuid(), instance_symbol, 'Anna', last_name, 'rodzic.' || last_name || '@example.pl', NULL, 1 FROM {schema}.students;
        INSERT INTO {schema}.audit_entries (id, instance_symbol, student_id, occurred_at, actor, action)
        SELECT gen_random_uuid(), instance_symbol, id, now(), 'sekretariat@sp1.edu.pl', 1 FROM {schema}.students;
        INSERT INTO {schema}.accounts
        SELECT gen_random_uuid(), 'gminawulkanowo', 'konto' || n || '@example.pl', 'hash', 'stamp', 0, now(), now(), NULL, NULL, NULL, NULL, '{}', 1
        FROM generate_series(1, 20000) n;
        INSERT INTO {schema}.link_tokens
        SELECT gen_random_uuid(), md5(email), instance_symbol, email, now(), now() + interval '1 hour', CASE WHEN random() < 0.9 THEN now() END, NULL
        FROM {schema}.accounts;
        INSERT INTO {schema}.sessions
        SELECT gen_random_uuid(), md5(id::text), id, instance_symbol, 'stamp', now(), now(), now() + interval '1 day', NULL FROM {schema}.accounts;
        INSERT INTO {schema}.pairing_tickets
        SELECT gen_random_uuid(), md5(id::text), md5(email), id, instance_symbol, now(), now() + interval '10 minutes', 3, now(), NULL FROM {schema}.accounts;
        INSERT INTO {schema}.devices
        SELECT gen_random_uuid(), id, instance_symbol, 'Telefon', 'Android', '\x00', 1, now(), now(), NULL, NULL FROM {schema}.accounts;
        INSERT INTO {schema}.attempts SELECT 'signin:' || email, 1, now(), NULL FROM {schema}.accounts;
        INSERT INTO {schema}.signature_replay SELECT id, md5(id::text), now() FROM {schema}.devices;
        INSERT INTO {schema}.outbox
        SELECT gen_random_uuid(), '<' || n || '@example.pl>', 'gminawulkanowo', 1, 'rodzic' || n || '@example.pl', 'Temat', 't', 'h', NULL,
               now() - n * interval '1 second', 1, now(), NULL, CASE WHEN n > 50 THEN now() END, NULL
        FROM generate_series(1, 20000) n;
        ANALYZE;
        """;

    public ScratchSchema Schema { get; } = new();

    public async Task InitializeAsync()
    {
        await Schema.CreateStoreAsync();
        await Schema.ExecuteAsync(Rows);
    }

    public Task DisposeAsync()
    {
        Schema.Dispose();
        return Task.CompletedTask;
    }
}

// Resolution (R5, R8) runs on every request and single-use look-ups on every link and pairing: each must be an index
// search whatever the data size. The planner's own plan over a realistic amount of data says so, without timing anything.
public sealed class PostgreSqlIndexTests(IndexedSchema data) : IClassFixture<IndexedSchema>
{
    private readonly ScratchSchema _schema = data.Schema;

    [Fact]
    public async Task FindStudentsByEmail_Plan_SearchesBothEmailIndexesAndScansNoTable_R5()
    {
        var plan = await PlanAsync(PostgreSqlAccessStore.StudentsByEmailSql, ("symbol", "gminawulkanowo"), ("email", "rodzic.kowalski42@example.pl"));

        Assert.Contains("ix_students_email", plan, StringComparison.Ordinal);
        Assert.Contains("Index Only Scan using ix_student_guardians_email", plan, StringComparison.Ordinal);
        Assert.DoesNotContain("Seq Scan", plan, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SessionSnapshotRecords_Plan_FindsTheAccountOnceAndScansNoTable_R5()
    {
        // The third statement of the session snapshot reads the records of the session's account (R5, on every page view).
        var records = PostgreSqlAccessStore.SessionSnapshotSql.Split(';', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)[2];

        var plan = await PlanAsync(records, ("id", Guid.NewGuid()));

        Assert.Equal(1, plan.Split("sessions_pkey").Length - 1);
        Assert.Contains("Index Only Scan using ix_student_guardians_email", plan, StringComparison.Ordinal);
        Assert.Contains("ix_students_email", plan, StringComparison.Ordinal);
        Assert.DoesNotContain("Seq Scan", plan, StringComparison.Ordinal);
    }

    [Fact]
    public async Task FindInstancesByEmail_Plan_SearchesBothEmailIndexes()
    {
        var plan = await PlanAsync(PostgreSqlAccessStore.InstancesByEmailSql, ("email", "rodzic.kowalski42@example.pl"));

        Assert.Contains("ix_students_email", plan, StringComparison.Ordinal);
        Assert.Contains("ix_student_guardians_email", plan, StringComparison.Ordinal);
        Assert.DoesNotContain("Seq Scan", plan, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("SELECT * FROM {schema}.link_tokens WHERE token_hash = @p;", "ux_link_tokens_hash")]
    [InlineData("SELECT * FROM {schema}.pairing_tickets WHERE token_hash = @p ORDER BY created_at DESC, id DESC LIMIT 1;", "ix_pairing_tickets_token")]
    [InlineData("SELECT * FROM {schema}.devices WHERE id = @id;", "devices_pkey")]
    [InlineData("SELECT * FROM {schema}.devices WHERE account_id = @id ORDER BY created_at DESC, id DESC;", "ix_devices_account")]
    [InlineData("SELECT * FROM {schema}.accounts WHERE instance_symbol = @p AND email = @p;", "ux_accounts_email")]
    [InlineData("SELECT * FROM {schema}.sessions WHERE account_id = @id AND revoked_at IS NULL;", "ix_sessions_account")]
    [InlineData("UPDATE {schema}.link_tokens SET superseded_at = now() WHERE instance_symbol = @p AND email = @p AND consumed_at IS NULL AND superseded_at IS NULL;", "ux_link_tokens_open")]
    [InlineData("SELECT id FROM {schema}.outbox WHERE sent_at IS NULL AND next_attempt_at <= now() AND (claimed_until IS NULL OR claimed_until <= now()) ORDER BY created_at, id LIMIT 10 FOR UPDATE SKIP LOCKED;", "ix_outbox_pending")]
    [InlineData("SELECT * FROM {schema}.outbox WHERE to_address = @p ORDER BY created_at DESC, id DESC LIMIT 10;", "ix_outbox_to")]
    [InlineData("SELECT * FROM {schema}.students WHERE instance_symbol = @p AND unit_code = @p AND pesel = @p;", "ix_students_pesel")]
    [InlineData("SELECT * FROM {schema}.audit_entries WHERE student_id = @id AND instance_symbol = @p ORDER BY occurred_at DESC, seq DESC LIMIT 10;", "ix_audit_entries_student")]
    [InlineData("SELECT * FROM {schema}.attempts WHERE key = @p;", "attempts_pkey")]
    [InlineData("SELECT * FROM {schema}.signature_replay WHERE device_id = @id AND signature_hash = @p;", "signature_replay_pkey")]
    public async Task LookupPath_Plan_UsesItsIndex(string sql, string index)
    {
        var plan = await PlanAsync(sql, ("p", "gminawulkanowo"), ("id", Guid.NewGuid()));

        Assert.Contains(index, plan, StringComparison.Ordinal);
        Assert.DoesNotContain("Seq Scan", plan, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Catalog_EveryLookupIndex_Present()
    {
        var indexes = await _schema.QueryAsync<string>("SELECT indexname::text FROM pg_indexes WHERE schemaname = @schema;", ("schema", _schema.Name));

        Assert.Superset(
            new HashSet<string>(
            [
                "ix_students_email", "ix_student_guardians_email", "ix_students_unit", "ix_students_pesel", "ux_accounts_email",
                "ux_link_tokens_hash", "ux_link_tokens_open", "ix_sessions_account", "ix_outbox_pending", "ix_outbox_created",
                "ix_outbox_to", "ix_pairing_tickets_token", "ux_pairing_tickets_open", "ix_devices_account",
                "ix_signature_replay_expires", "ix_maintenance_windows_instance", "ix_account_links_linked",
                "ix_audit_entries_instance", "ix_audit_entries_student",
            ]),
            indexes.ToHashSet());
    }

    [Fact]
    public async Task Accounts_SameAddressTwiceInOneInstance_RefusedByTheUniqueIndex()
    {
        var error = await Assert.ThrowsAsync<PostgresException>(() => _schema.ExecuteAsync("""
            INSERT INTO {schema}.accounts SELECT gen_random_uuid(), instance_symbol, email, 'h', 's', 0, now(), now(), NULL, NULL, NULL, NULL, '{}', 1
            FROM {schema}.accounts LIMIT 1;
            """));

        Assert.Equal((PostgresErrorCodes.UniqueViolation, "ux_accounts_email"), (error.SqlState, error.ConstraintName));
    }

    [Fact]
    public async Task LinkTokens_SecondOpenTokenForOneAddress_RefusedByTheDatabaseItself_R4()
    {
        var error = await Assert.ThrowsAsync<PostgresException>(() => _schema.ExecuteAsync("""
            INSERT INTO {schema}.link_tokens
            SELECT gen_random_uuid(), md5(random()::text), instance_symbol, email, now(), now() + interval '1 hour', NULL, NULL
            FROM {schema}.link_tokens WHERE consumed_at IS NULL LIMIT 1;
            """));

        Assert.Equal((PostgresErrorCodes.UniqueViolation, "ux_link_tokens_open"), (error.SqlState, error.ConstraintName));
    }

    private async Task<string> PlanAsync(string sql, params (string Name, object Value)[] parameters)
    {
        var lines = await _schema.QueryAsync<string>("EXPLAIN " + sql, parameters);
        return string.Join('\n', lines);
    }
}
