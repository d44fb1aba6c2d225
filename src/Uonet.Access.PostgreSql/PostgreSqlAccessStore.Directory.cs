using Npgsql;
using Uonet.Access.Records;
using Uonet.Access.Storage;

namespace Uonet.Access.PostgreSql;

public sealed partial class PostgreSqlAccessStore
{
    private const string UnitsOfInstanceSql = "SELECT instance_symbol, code, name, require_guardian_pesel FROM {schema}.units WHERE instance_symbol = @symbol;";

    private const string StaffByEmailSql = """
        SELECT s.instance_symbol, s.email, s.display_name, a.role, a.unit_code, a.class_name
        FROM {schema}.staff s LEFT JOIN {schema}.staff_assignments a ON a.instance_symbol = s.instance_symbol AND a.email = s.email
        WHERE s.instance_symbol = @symbol AND s.email = @email
        ORDER BY a.ordinal;
        """;

    /// <inheritdoc />
    public async Task<SchoolInstance?> FindInstanceAsync(string symbol, CancellationToken cancellationToken)
    {
        StoreValues.Key(symbol, nameof(symbol));
        var found = await ReadListAsync(
            "SELECT symbol, name, base_url FROM {schema}.instances WHERE symbol = @symbol;",
            c => c.Text("symbol", symbol),
            Rows.Instance,
            cancellationToken).ConfigureAwait(false);
        return found.Count == 0 ? null : found[0];
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<SchoolInstance>> ListInstancesAsync(CancellationToken cancellationToken)
    {
        var list = await ReadListAsync("SELECT symbol, name, base_url FROM {schema}.instances;", _ => { }, Rows.Instance, cancellationToken).ConfigureAwait(false);

        // Sorted here: the "C" collation orders UTF-8 bytes, which differs from .NET ordinal order past U+FFFF.
        return [.. list.OrderBy(i => i.Symbol, StringComparer.Ordinal)];
    }

    /// <inheritdoc />
    public async Task<StoreWriteResult> AddInstanceAsync(SchoolInstance instance, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(instance);
        StoreValues.Check(instance);
        var added = await ExecuteAsync(
            "INSERT INTO {schema}.instances (symbol, name, base_url) VALUES (@symbol, @name, @url) ON CONFLICT DO NOTHING;",
            c => c.Text("symbol", instance.Symbol).Text("name", instance.Name).Text("url", instance.BaseUrl.OriginalString),
            cancellationToken).ConfigureAwait(false);
        return added == 1 ? StoreWriteResult.Success : StoreWriteResult.Duplicate;
    }

    /// <inheritdoc />
    public async Task<SchoolUnit?> FindUnitAsync(string symbol, string unitCode, CancellationToken cancellationToken)
    {
        StoreValues.Key(symbol, nameof(symbol));
        StoreValues.Key(unitCode, nameof(unitCode));
        var found = await ReadListAsync(
            "SELECT instance_symbol, code, name, require_guardian_pesel FROM {schema}.units WHERE instance_symbol = @symbol AND code = @code;",
            c => c.Text("symbol", symbol).Text("code", unitCode),
            Rows.Unit,
            cancellationToken).ConfigureAwait(false);
        return found.Count == 0 ? null : found[0];
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<SchoolUnit>> ListUnitsAsync(string symbol, CancellationToken cancellationToken)
    {
        StoreValues.Key(symbol, nameof(symbol));
        var list = await ReadListAsync(
            UnitsOfInstanceSql,
            c => c.Text("symbol", symbol),
            Rows.Unit,
            cancellationToken).ConfigureAwait(false);
        return [.. list.OrderBy(u => u.Code, StringComparer.Ordinal)];
    }

    /// <inheritdoc />
    public async Task<StoreWriteResult> AddUnitAsync(SchoolUnit unit, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(unit);
        StoreValues.Check(unit);

        // Instances are never deleted, so an instance seen here stays; the code's uniqueness is the primary key's.
        await using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = Command(connection, """
            INSERT INTO {schema}.units (instance_symbol, code, name, require_guardian_pesel)
            SELECT @symbol, @code, @name, @pesel WHERE EXISTS (SELECT 1 FROM {schema}.instances WHERE symbol = @symbol)
            ON CONFLICT DO NOTHING
            RETURNING 1;
            SELECT EXISTS (SELECT 1 FROM {schema}.instances WHERE symbol = @symbol);
            """);
        BindUnit(command, unit);
        var (added, instanceExists) = await InsertedOrWhyAsync(command, cancellationToken).ConfigureAwait(false);
        return added ? StoreWriteResult.Success : instanceExists ? StoreWriteResult.Duplicate : StoreWriteResult.NotFound;
    }

    /// <inheritdoc />
    public async Task<StoreWriteResult> UpdateUnitAsync(SchoolUnit unit, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(unit);
        StoreValues.Check(unit);
        var updated = await ExecuteAsync(
            "UPDATE {schema}.units SET name = @name, require_guardian_pesel = @pesel WHERE instance_symbol = @symbol AND code = @code;",
            c => BindUnit(c, unit),
            cancellationToken).ConfigureAwait(false);
        return updated == 1 ? StoreWriteResult.Success : StoreWriteResult.NotFound;
    }

    /// <inheritdoc />
    public async Task<StaffMember?> FindStaffAsync(string symbol, string email, CancellationToken cancellationToken)
    {
        StoreValues.Key(symbol, nameof(symbol));
        StoreValues.Key(email, nameof(email));
        await using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = Command(connection, StaffByEmailSql)
            .Text("symbol", symbol)
            .Text("email", email);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        return await Rows.StaffAsync(reader, cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    /// <exception cref="PostgresException">The staff member's instance does not exist (a foreign key): nothing was written.</exception>
    public async Task SaveStaffAsync(StaffMember staff, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(staff);
        var assignments = StoreValues.Check(staff);

        // The upsert locks the staff row, so two saves of one member replace the assignments one after the other.
        await using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        await using (var command = Command(connection, """
            INSERT INTO {schema}.staff (instance_symbol, email, display_name) VALUES (@symbol, @email, @name)
            ON CONFLICT (instance_symbol, email) DO UPDATE SET display_name = excluded.display_name;
            DELETE FROM {schema}.staff_assignments WHERE instance_symbol = @symbol AND email = @email;
            INSERT INTO {schema}.staff_assignments (instance_symbol, email, ordinal, role, unit_code, class_name)
            SELECT @symbol, @email, a.ordinal - 1, a.role, a.unit_code, a.class_name
            FROM unnest(@roles, @units, @classes) WITH ORDINALITY AS a (role, unit_code, class_name, ordinal);
            """))
        {
            command
                .Text("symbol", staff.InstanceSymbol)
                .Text("email", staff.Email)
                .Text("name", staff.DisplayName)
                .IntArray("roles", [.. assignments.Select(a => (int)a.Role)])
                .TextArray("units", [.. assignments.Select(a => a.UnitCode)])
                .TextArray("classes", [.. assignments.Select(a => a.ClassName)]);
            await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }

        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
    }

    private static void BindUnit(NpgsqlCommand command, SchoolUnit unit) => command
        .Text("symbol", unit.InstanceSymbol)
        .Text("code", unit.Code)
        .Text("name", unit.Name)
        .Bool("pesel", unit.RequireGuardianPesel);
}
