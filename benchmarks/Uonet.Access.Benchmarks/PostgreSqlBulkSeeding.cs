using System.Diagnostics;
using System.Globalization;
using Npgsql;
using NpgsqlTypes;
using Uonet.Access.PostgreSql;

namespace Uonet.Access.Benchmarks;

/// <summary>
/// Seeds <see cref="SchoolData"/> into a PostgreSQL schema with <c>COPY … FROM STDIN (FORMAT BINARY)</c>: the same rows
/// the store's own writes would store, ten million records in minutes instead of the hours one transaction per record
/// would take. The schema is migrated by the store first, so the tables and indexes are exactly the production ones.
/// </summary>
internal static class PostgreSqlBulkSeeding
{
    private const string StudentColumns = "id, instance_symbol, unit_code, class_name, first_name, last_name, pesel, email, version, created_at, updated_at";
    private const string GuardianColumns = "student_id, ordinal, id, instance_symbol, first_name, last_name, email, pesel, relation";
    private const string AuditColumns = "id, instance_symbol, student_id, occurred_at, actor, action";
    private static readonly string[] Tables = ["students", "student_guardians", "audit_entries"];

    /// <summary>Migrates <paramref name="schema"/>, adds the directory and copies <paramref name="recordCount"/> records in.</summary>
    public static async Task SeedAsync(string connectionString, string schema, int recordCount)
    {
        await using (var store = PostgreSqlAccessStore.Create(connectionString, schema))
        {
            await store.MigrateAsync(CancellationToken.None);
            await SchoolData.SeedDirectoryAsync(store, CancellationToken.None);
        }

        // The secondary indexes are built once over the copied rows, which is several times faster than keeping them up
        // row by row; their definitions are read back from the migrated schema, so they are the migrations' own.
        var indexes = await SecondaryIndexesAsync(connectionString, schema);
        await ExecuteAsync(connectionString, string.Join('\n', indexes.Select(i => $"DROP INDEX {Quote(schema)}.{Quote(i.Name)};")));

        var started = Stopwatch.GetTimestamp();
        await CopyAsync(connectionString, schema, recordCount);
        Progress($"{recordCount:N0} records copied in {Stopwatch.GetElapsedTime(started).TotalSeconds:0} s");

        started = Stopwatch.GetTimestamp();
        await ExecuteAsync(connectionString, "SET maintenance_work_mem = '1GB';\n" + string.Join('\n', indexes.Select(i => i.Definition + ";")));
        Progress($"{indexes.Count} indexes built in {Stopwatch.GetElapsedTime(started).TotalSeconds:0} s");

        // VACUUM sets the visibility map, so resolution's index-only scan of the guardians' e-mail index stays index-only.
        started = Stopwatch.GetTimestamp();
        foreach (var table in Tables)
        {
            // VACUUM refuses to run inside a transaction, which several statements in one command would be.
            await ExecuteAsync(connectionString, $"VACUUM (ANALYZE) {Quote(schema)}.{table};");
        }
        Progress($"vacuumed and analysed in {Stopwatch.GetElapsedTime(started).TotalSeconds:0} s");
    }

    private static async Task CopyAsync(string connectionString, string schema, int recordCount)
    {
        // Three connections stream the three tables at once. The foreign keys are not checked while copying
        // (session_replication_role = replica skips their triggers): a guardian row arrives before its record's
        // transaction commits, and the generator writes every reference consistently.
        await using var students = await OpenForCopyAsync(connectionString);
        await using var guardians = await OpenForCopyAsync(connectionString);
        await using var audit = await OpenForCopyAsync(connectionString);
        var q = Quote(schema);
        await using var studentRows = await students.BeginBinaryImportAsync($"COPY {q}.students ({StudentColumns}) FROM STDIN (FORMAT BINARY)");
        await using var guardianRows = await guardians.BeginBinaryImportAsync($"COPY {q}.student_guardians ({GuardianColumns}) FROM STDIN (FORMAT BINARY)");
        await using var auditRows = await audit.BeginBinaryImportAsync($"COPY {q}.audit_entries ({AuditColumns}) FROM STDIN (FORMAT BINARY)");
        var written = 0;
        foreach (var (record, entry) in SchoolData.Entries(recordCount))
        {
            await studentRows.StartRowAsync();
            await studentRows.WriteAsync(record.Id, NpgsqlDbType.Uuid);
            await studentRows.WriteAsync(record.InstanceSymbol, NpgsqlDbType.Text);
            await studentRows.WriteAsync(record.UnitCode, NpgsqlDbType.Text);
            await studentRows.WriteAsync(record.ClassName, NpgsqlDbType.Text);
            await studentRows.WriteAsync(record.FirstName, NpgsqlDbType.Text);
            await studentRows.WriteAsync(record.LastName, NpgsqlDbType.Text);
            await WriteTextAsync(studentRows, record.Pesel);
            await WriteTextAsync(studentRows, record.Email);
            await studentRows.WriteAsync(record.Version, NpgsqlDbType.Bigint);
            await studentRows.WriteAsync(record.CreatedAt.ToUniversalTime(), NpgsqlDbType.TimestampTz);
            await studentRows.WriteAsync(record.UpdatedAt.ToUniversalTime(), NpgsqlDbType.TimestampTz);

            for (var ordinal = 0; ordinal < record.Guardians.Count; ordinal++)
            {
                var guardian = record.Guardians[ordinal];
                await guardianRows.StartRowAsync();
                await guardianRows.WriteAsync(record.Id, NpgsqlDbType.Uuid);
                await guardianRows.WriteAsync(ordinal, NpgsqlDbType.Integer);
                await guardianRows.WriteAsync(guardian.Id, NpgsqlDbType.Uuid);
                await guardianRows.WriteAsync(record.InstanceSymbol, NpgsqlDbType.Text);
                await WriteTextAsync(guardianRows, guardian.FirstName);
                await WriteTextAsync(guardianRows, guardian.LastName);
                await WriteTextAsync(guardianRows, guardian.Email);
                await WriteTextAsync(guardianRows, guardian.Pesel);
                await guardianRows.WriteAsync((int)guardian.Relation, NpgsqlDbType.Integer);
            }

            await auditRows.StartRowAsync();
            await auditRows.WriteAsync(entry.Id, NpgsqlDbType.Uuid);
            await auditRows.WriteAsync(entry.InstanceSymbol, NpgsqlDbType.Text);
            await auditRows.WriteAsync(entry.StudentId, NpgsqlDbType.Uuid);
            await auditRows.WriteAsync(entry.OccurredAt.ToUniversalTime(), NpgsqlDbType.TimestampTz);
            await auditRows.WriteAsync(entry.Actor, NpgsqlDbType.Text);
            await auditRows.WriteAsync((int)entry.Action, NpgsqlDbType.Integer);

            if (++written % 1_000_000 == 0)
            {
                Progress($"{written:N0} records streamed");
            }
        }

        await studentRows.CompleteAsync();
        await guardianRows.CompleteAsync();
        await auditRows.CompleteAsync();
    }

    private static async Task WriteTextAsync(NpgsqlBinaryImporter importer, string? value)
    {
        if (value is null)
        {
            await importer.WriteNullAsync();
        }
        else
        {
            await importer.WriteAsync(value, NpgsqlDbType.Text);
        }
    }

    private static async Task<NpgsqlConnection> OpenForCopyAsync(string connectionString)
    {
        var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("SET session_replication_role = replica;", connection);
        await command.ExecuteNonQueryAsync();
        return connection;
    }

    /// <summary>The indexes of the bulk tables that no constraint owns (primary keys and unique constraints stay).</summary>
    private static async Task<List<(string Name, string Definition)>> SecondaryIndexesAsync(string connectionString, string schema)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(
            """
            SELECT i.indexname, i.indexdef FROM pg_indexes i
            WHERE i.schemaname = $1 AND i.tablename = ANY($2)
              AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = format('%I.%I', i.schemaname, i.indexname)::regclass)
            ORDER BY i.indexname;
            """,
            connection);
        command.Parameters.Add(new NpgsqlParameter { Value = schema });
        command.Parameters.Add(new NpgsqlParameter { Value = Tables });
        var indexes = new List<(string, string)>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            indexes.Add((reader.GetString(0), reader.GetString(1)));
        }

        return indexes;
    }

    private static async Task ExecuteAsync(string connectionString, string sql)
    {
        if (sql.Length == 0)
        {
            return;
        }

        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection) { CommandTimeout = 0 };
        await command.ExecuteNonQueryAsync();
    }

    private static string Quote(string identifier) => "\"" + identifier.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";

    private static void Progress(FormattableString message) =>
        Console.Error.WriteLine("seed: " + message.ToString(CultureInfo.InvariantCulture));
}
