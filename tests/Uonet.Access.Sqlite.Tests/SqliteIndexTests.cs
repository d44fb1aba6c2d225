using Microsoft.Data.Sqlite;
using static Uonet.Access.Specification.Tests.Fixtures;

namespace Uonet.Access.Sqlite.Tests;

// Resolution (R5, R8) runs on every request: its look-ups must be index searches whatever the data size. SQLite's
// query plan says so directly, without timing anything.
public sealed class SqliteIndexTests : IDisposable
{
    private readonly SqliteDatabase _database = new();

    public void Dispose() => _database.Dispose();

    [Fact]
    public async Task FindStudentsByEmail_QueryPlan_SearchesBothEmailIndexesAndScansNothing_R5()
    {
        var plan = await PlanAsync(SqliteAccessStore.StudentsByEmailSql, ("$symbol", Symbol), ("$email", ParentEmail));

        Assert.Contains(plan, step => step.StartsWith("SEARCH students USING INDEX ix_students_email (email=? AND instance_symbol=?)", StringComparison.Ordinal));
        Assert.Contains(plan, step => step.StartsWith("SEARCH student_guardians USING COVERING INDEX ix_student_guardians_email (email=? AND instance_symbol=?)", StringComparison.Ordinal));
        Assert.DoesNotContain(plan, step => step.StartsWith("SCAN", StringComparison.Ordinal));
    }

    [Fact]
    public async Task FindInstancesByEmail_QueryPlan_SearchesBothEmailIndexes()
    {
        var plan = await PlanAsync(SqliteAccessStore.InstancesByEmailSql, ("$email", ParentEmail));

        Assert.Contains(plan, step => step.Contains("SEARCH students USING COVERING INDEX ix_students_email", StringComparison.Ordinal));
        Assert.Contains(plan, step => step.Contains("SEARCH student_guardians USING COVERING INDEX ix_student_guardians_email", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("SELECT * FROM link_tokens WHERE token_hash = $p;", "sqlite_autoindex_link_tokens_2")]
    [InlineData("SELECT * FROM pairing_tickets WHERE token_hash = $p ORDER BY created_at DESC, id DESC LIMIT 1;", "ix_pairing_tickets_token")]
    [InlineData("SELECT * FROM devices WHERE id = $p;", "sqlite_autoindex_devices_1")]
    [InlineData("SELECT * FROM devices WHERE account_id = $p ORDER BY created_at DESC, id DESC;", "ix_devices_account")]
    [InlineData("SELECT * FROM accounts WHERE instance_symbol = $p AND email = $p;", "sqlite_autoindex_accounts_2")]
    [InlineData("SELECT * FROM sessions WHERE account_id = $p AND revoked_at IS NULL;", "ix_sessions_account")]
    [InlineData("UPDATE link_tokens SET superseded_at = 1 WHERE instance_symbol = $p AND email = $p AND consumed_at IS NULL AND superseded_at IS NULL;", "ix_link_tokens_open")]
    [InlineData("SELECT id FROM outbox WHERE sent_at IS NULL AND next_attempt_at <= $p AND (claimed_until IS NULL OR claimed_until <= $p) ORDER BY created_at, id LIMIT 10;", "ix_outbox_due")]
    [InlineData("SELECT * FROM students WHERE instance_symbol = $p AND unit_code = $p AND pesel = $p;", "ix_students_pesel")]
    [InlineData("SELECT * FROM audit_entries WHERE student_id = $p AND instance_symbol = $p ORDER BY occurred_at DESC, seq DESC LIMIT 10;", "ix_audit_entries_student")]
    public async Task LookupPath_QueryPlan_UsesItsIndex(string sql, string index)
    {
        var plan = await PlanAsync(sql, ("$p", "x"));

        Assert.Contains(plan, step => step.StartsWith("SEARCH", StringComparison.Ordinal) && step.Contains(index, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Accounts_SameAddressTwiceInOneInstance_RefusedByTheUniqueIndex()
    {
        await _database.CreateStoreAsync();
        using var connection = _database.Open();
        using var command = connection.CreateCommand();
        command.CommandText = $"""
            INSERT INTO instances VALUES ('{Symbol}', 'Gmina', 'https://example.pl/');
            INSERT INTO accounts (id, instance_symbol, email, password_hash, security_stamp, status, created_at, password_changed_at, recovery_code_hashes, version)
                VALUES ('{Guid.NewGuid()}', '{Symbol}', '{ParentEmail}', 'h', 's', 0, 0, 0, '[]', 1);
            INSERT INTO accounts (id, instance_symbol, email, password_hash, security_stamp, status, created_at, password_changed_at, recovery_code_hashes, version)
                VALUES ('{Guid.NewGuid()}', '{Symbol}', '{ParentEmail}', 'h', 's', 0, 0, 0, '[]', 1);
            """;

        var error = Assert.Throws<SqliteException>(() => command.ExecuteNonQuery());

        Assert.Contains("UNIQUE constraint failed: accounts.instance_symbol, accounts.email", error.Message, StringComparison.Ordinal);
    }

    private async Task<List<string>> PlanAsync(string sql, params (string Name, string Value)[] parameters)
    {
        await _database.CreateStoreAsync();
        using var connection = _database.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "EXPLAIN QUERY PLAN " + sql;
        foreach (var (name, value) in parameters)
        {
            command.Parameters.AddWithValue(name, value);
        }

        using var reader = command.ExecuteReader();
        var steps = new List<string>();
        while (reader.Read())
        {
            steps.Add(reader.GetString(3));
        }

        return steps;
    }
}
