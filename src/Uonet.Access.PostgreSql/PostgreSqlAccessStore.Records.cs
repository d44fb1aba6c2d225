using Npgsql;
using Uonet.Access.Records;
using Uonet.Access.Storage;
using Uonet.Access.Storage.Relational;

namespace Uonet.Access.PostgreSql;

public sealed partial class PostgreSqlAccessStore
{
    // One statement reads records with their guardians (one row per guardian), so each read sees one snapshot.
    private const string SelectStudents = """
        SELECT s.id, s.instance_symbol, s.unit_code, s.class_name, s.first_name, s.last_name, s.pesel, s.email,
               s.version, s.created_at, s.updated_at,
               g.id, g.first_name, g.last_name, g.email, g.pesel, g.relation
        FROM {schema}.students s LEFT JOIN {schema}.student_guardians g ON g.student_id = s.id
        """;

    private const string StudentOrder = " ORDER BY s.id, g.ordinal;";

    // Both branches are index look-ups (ix_students_email, ix_student_guardians_email): resolution never scans.
    internal const string StudentsByEmailSql = SelectStudents + """
         WHERE s.id IN (
            SELECT id FROM {schema}.students WHERE email = @email AND instance_symbol = @symbol
            UNION
            SELECT student_id FROM {schema}.student_guardians WHERE email = @email AND instance_symbol = @symbol)
        """ + StudentOrder;

    internal const string InstancesByEmailSql = """
        SELECT instance_symbol FROM {schema}.students WHERE email = @email
        UNION
        SELECT instance_symbol FROM {schema}.student_guardians WHERE email = @email;
        """;

    // The guardians of one record, replaced as a whole: one statement for any number of them.
    private const string ReplaceGuardiansSql = """
        DELETE FROM {schema}.student_guardians WHERE student_id = @id;
        INSERT INTO {schema}.student_guardians (student_id, ordinal, id, instance_symbol, first_name, last_name, email, pesel, relation)
        SELECT @id, g.ordinal - 1, g.id, @symbol, g.first_name, g.last_name, g.email, g.pesel, g.relation
        FROM unnest(@guardian_ids, @guardian_first, @guardian_last, @guardian_emails, @guardian_pesels, @guardian_relations)
             WITH ORDINALITY AS g (id, first_name, last_name, email, pesel, relation, ordinal);
        """;

    // An audit entry with its changes: the entry's sequence number goes straight into its change rows.
    private const string InsertAuditSql = """
        WITH entry AS (
            INSERT INTO {schema}.audit_entries (id, instance_symbol, student_id, occurred_at, actor, action)
            VALUES (@audit_id, @audit_symbol, @audit_student, @audit_at, @audit_actor, @audit_action)
            RETURNING seq)
        INSERT INTO {schema}.audit_changes (audit_seq, ordinal, field, before_value, after_value)
        SELECT entry.seq, c.ordinal - 1, c.field, c.before_value, c.after_value
        FROM entry, unnest(@audit_fields, @audit_before, @audit_after) WITH ORDINALITY AS c (field, before_value, after_value, ordinal);
        """;

    /// <inheritdoc />
    public async Task<StudentRecord?> FindStudentAsync(string symbol, Guid studentId, CancellationToken cancellationToken)
    {
        StoreValues.Key(symbol, nameof(symbol));
        var found = await ReadStudentsAsync(
            SelectStudents + " WHERE s.id = @id AND s.instance_symbol = @symbol" + StudentOrder,
            c => c.Id("id", studentId).Text("symbol", symbol),
            cancellationToken).ConfigureAwait(false);
        return found.Count == 0 ? null : found[0];
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<StudentRecord>> ListStudentsAsync(string symbol, string unitCode, string? className, CancellationToken cancellationToken)
    {
        StoreValues.Key(symbol, nameof(symbol));
        StoreValues.Key(unitCode, nameof(unitCode));
        if (className is not null)
        {
            StoreValues.Key(className, nameof(className));
        }

        var found = await ReadStudentsAsync(
            SelectStudents + (className is null
                ? " WHERE s.instance_symbol = @symbol AND s.unit_code = @unit"
                : " WHERE s.instance_symbol = @symbol AND s.unit_code = @unit AND s.class_name = @class") + StudentOrder,
            c => c.Text("symbol", symbol).Text("unit", unitCode).Text("class", className),
            cancellationToken).ConfigureAwait(false);

        return StoreValues.InListOrder(found);
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<StudentRecord>> FindStudentsByEmailAsync(string symbol, string email, CancellationToken cancellationToken)
    {
        StoreValues.Key(symbol, nameof(symbol));
        StoreValues.Key(email, nameof(email));
        return await ReadStudentsAsync(StudentsByEmailSql, c => c.Text("symbol", symbol).Text("email", email), cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<StudentRecord>> FindStudentsByPeselAsync(string symbol, string unitCode, string pesel, CancellationToken cancellationToken)
    {
        StoreValues.Key(symbol, nameof(symbol));
        StoreValues.Key(unitCode, nameof(unitCode));
        StoreValues.Key(pesel, nameof(pesel));
        return await ReadStudentsAsync(
            SelectStudents + " WHERE s.instance_symbol = @symbol AND s.unit_code = @unit AND s.pesel = @pesel" + StudentOrder,
            c => c.Text("symbol", symbol).Text("unit", unitCode).Text("pesel", pesel),
            cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<string>> FindInstancesByEmailAsync(string email, CancellationToken cancellationToken)
    {
        StoreValues.Key(email, nameof(email));
        var symbols = await ReadListAsync(InstancesByEmailSql, c => c.Text("email", email), r => r.GetString(0), cancellationToken).ConfigureAwait(false);
        return [.. symbols.Order(StringComparer.Ordinal)];
    }

    /// <inheritdoc />
    /// <exception cref="PostgresException">The audit entry's id is taken (a unique key): nothing was written.</exception>
    public async Task<StoreWriteResult> InsertStudentAsync(StudentRecord record, AuditEntry audit, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(record);
        ArgumentNullException.ThrowIfNull(audit);
        StoreValues.Check(record);
        StoreValues.Check(audit);
        await using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);

        // A concurrent insert of the same id waits on the primary key and then finds it taken: one of them wins. The
        // second statement, with a snapshot of its own, then sees the winner's row.
        await using (var insert = Command(connection, """
            INSERT INTO {schema}.students (id, instance_symbol, unit_code, class_name, first_name, last_name, pesel, email, version, created_at, updated_at)
            SELECT @id, @symbol, @unit, @class, @first, @last, @pesel, @email, @version, @created, @updated
            WHERE EXISTS (SELECT 1 FROM {schema}.units WHERE instance_symbol = @symbol AND code = @unit)
            ON CONFLICT (id) DO NOTHING
            RETURNING 1;
            SELECT EXISTS (SELECT 1 FROM {schema}.students WHERE id = @id);
            """))
        {
            var (inserted, exists) = await InsertedOrWhyAsync(BindStudent(insert, record), cancellationToken).ConfigureAwait(false);
            if (!inserted)
            {
                return exists ? StoreWriteResult.Duplicate : StoreWriteResult.NotFound;
            }
        }

        await WriteGuardiansAndAuditAsync(connection, record, audit, cancellationToken).ConfigureAwait(false);
        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        return StoreWriteResult.Success;
    }

    /// <inheritdoc />
    public Task<StoreWriteResult> UpdateStudentAsync(StudentRecord record, long expectedVersion, AuditEntry audit, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(record);
        ArgumentNullException.ThrowIfNull(audit);
        return UpdateStudentsAsync([new StudentRecordUpdate(record, expectedVersion, audit)], cancellationToken);
    }

    /// <inheritdoc />
    public async Task<StoreWriteResult> UpdateStudentsAsync(IReadOnlyList<StudentRecordUpdate> updates, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(updates);
        foreach (var update in updates)
        {
            ArgumentNullException.ThrowIfNull(update, nameof(updates));
            ArgumentNullException.ThrowIfNull(update.Record, "StudentRecordUpdate.Record");
            ArgumentNullException.ThrowIfNull(update.Audit, "StudentRecordUpdate.Audit");
            StoreValues.Check(update.Record);
            StoreValues.Check(update.Audit);
        }

        await using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);

        // The records are locked in id order, so two batches touching the same records never wait for each other in a
        // circle; what is read under the lock stays true until the commit. Every record is checked before any is
        // written, so the answer names the first problem in the caller's order.
        var versions = new Dictionary<Guid, (long Version, string Symbol)>();
        await using (var locked = Command(connection, """
            SELECT id, version, instance_symbol FROM {schema}.students WHERE id = ANY (@ids) ORDER BY id FOR NO KEY UPDATE;
            """).IdArray("ids", [.. updates.Select(u => u.Record.Id).Distinct()]))
        {
            foreach (var row in await locked.ReadAllAsync(r => (Id: r.GetGuid(0), Version: r.GetInt64(1), Symbol: r.GetString(2)), cancellationToken).ConfigureAwait(false))
            {
                versions[row.Id] = (row.Version, row.Symbol);
            }
        }

        var units = await ExistingUnitsAsync(connection, updates, cancellationToken).ConfigureAwait(false);
        foreach (var update in updates)
        {
            var record = update.Record;
            if (!versions.TryGetValue(record.Id, out var current) || current.Symbol != record.InstanceSymbol || !units.Contains((record.InstanceSymbol, record.UnitCode)))
            {
                return StoreWriteResult.NotFound;
            }

            if (current.Version != update.ExpectedVersion)
            {
                return StoreWriteResult.Conflict;
            }
        }

        foreach (var update in updates)
        {
            await using (var write = Command(connection, """
                UPDATE {schema}.students SET unit_code = @unit, class_name = @class, first_name = @first, last_name = @last, pesel = @pesel,
                                             email = @email, version = @version, created_at = @created, updated_at = @updated
                WHERE id = @id AND instance_symbol = @symbol AND version = @expected;
                """))
            {
                BindStudent(write, update.Record).Long("expected", update.ExpectedVersion);

                // The same record twice in one batch: the second was computed from a version that is gone now.
                if (await write.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false) != 1)
                {
                    return StoreWriteResult.Conflict;
                }
            }

            await WriteGuardiansAndAuditAsync(connection, update.Record, update.Audit, cancellationToken).ConfigureAwait(false);
        }

        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        return StoreWriteResult.Success;
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<AuditEntry>> ListAuditAsync(string symbol, Guid? studentId, int limit, CancellationToken cancellationToken)
    {
        StoreValues.Key(symbol, nameof(symbol));
        if (limit <= 0)
        {
            return [];
        }

        await using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        var filter = studentId is null ? "instance_symbol = @symbol" : "student_id = @student AND instance_symbol = @symbol";
        await using var command = Command(connection, $"""
            WITH e AS (
                SELECT seq, id, instance_symbol, occurred_at, actor, action, student_id FROM {PostgreSqlSchema.Placeholder}.audit_entries
                WHERE {filter}
                ORDER BY occurred_at DESC, seq DESC
                LIMIT @limit)
            SELECT e.seq, e.id, e.instance_symbol, e.occurred_at, e.actor, e.action, e.student_id, c.field, c.before_value, c.after_value
            FROM e LEFT JOIN {PostgreSqlSchema.Placeholder}.audit_changes c ON c.audit_seq = e.seq
            ORDER BY e.occurred_at DESC, e.seq DESC, c.ordinal;
            """)
            .Text("symbol", symbol)
            .Id("student", studentId)
            .Int("limit", limit);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        return await Rows.AuditAsync(reader, cancellationToken).ConfigureAwait(false);
    }

    private async Task<IReadOnlyList<StudentRecord>> ReadStudentsAsync(string sql, Action<NpgsqlCommand> bind, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = Command(connection, sql);
        bind(command);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        return await Rows.StudentsAsync(reader, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The units, among those the updates name, that exist (units are never deleted, so no lock is needed).</summary>
    private async Task<HashSet<(string Symbol, string Code)>> ExistingUnitsAsync(NpgsqlConnection connection, IReadOnlyList<StudentRecordUpdate> updates, CancellationToken cancellationToken)
    {
        await using var command = Command(connection, """
            SELECT u.instance_symbol, u.code FROM {schema}.units u
            JOIN unnest(@symbols, @codes) AS wanted (instance_symbol, code) ON u.instance_symbol = wanted.instance_symbol AND u.code = wanted.code;
            """)
            .TextArray("symbols", [.. updates.Select(u => u.Record.InstanceSymbol)])
            .TextArray("codes", [.. updates.Select(u => u.Record.UnitCode)]);
        return [.. await command.ReadAllAsync(r => (r.GetString(0), r.GetString(1)), cancellationToken).ConfigureAwait(false)];
    }

    private async Task WriteGuardiansAndAuditAsync(NpgsqlConnection connection, StudentRecord record, AuditEntry audit, CancellationToken cancellationToken)
    {
        await using var command = Command(connection, ReplaceGuardiansSql + InsertAuditSql)
            .Id("id", record.Id)
            .Text("symbol", record.InstanceSymbol)
            .IdArray("guardian_ids", [.. record.Guardians.Select(g => g.Id)])
            .TextArray("guardian_first", [.. record.Guardians.Select(g => g.FirstName)])
            .TextArray("guardian_last", [.. record.Guardians.Select(g => g.LastName)])
            .TextArray("guardian_emails", [.. record.Guardians.Select(g => g.Email)])
            .TextArray("guardian_pesels", [.. record.Guardians.Select(g => g.Pesel)])
            .IntArray("guardian_relations", [.. record.Guardians.Select(g => (int)g.Relation)])
            .Id("audit_id", audit.Id)
            .Text("audit_symbol", audit.InstanceSymbol)
            .Id("audit_student", audit.StudentId)
            .Time("audit_at", audit.OccurredAt)
            .Text("audit_actor", audit.Actor)
            .Int("audit_action", (int)audit.Action)
            .TextArray("audit_fields", [.. audit.Changes.Select(c => c.Field)])
            .TextArray("audit_before", [.. audit.Changes.Select(c => c.Before)])
            .TextArray("audit_after", [.. audit.Changes.Select(c => c.After)]);
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    private static NpgsqlCommand BindStudent(NpgsqlCommand command, StudentRecord record) => command
        .Id("id", record.Id)
        .Text("symbol", record.InstanceSymbol)
        .Text("unit", record.UnitCode)
        .Text("class", record.ClassName)
        .Text("first", record.FirstName)
        .Text("last", record.LastName)
        .Text("pesel", record.Pesel)
        .Text("email", record.Email)
        .Long("version", record.Version)
        .Time("created", record.CreatedAt)
        .Time("updated", record.UpdatedAt);
}
