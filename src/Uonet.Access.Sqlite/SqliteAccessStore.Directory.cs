using Microsoft.Data.Sqlite;
using Uonet.Access.Records;
using Uonet.Access.Storage;
using Uonet.Access.Storage.Relational;

namespace Uonet.Access.Sqlite;

public sealed partial class SqliteAccessStore
{
    private const string UnitsOfInstanceSql = "SELECT instance_symbol, code, name, require_guardian_pesel FROM units WHERE instance_symbol = $symbol;";

    private const string StaffByEmailSql = """
        SELECT s.instance_symbol, s.email, s.display_name, a.role, a.unit_code, a.class_name
        FROM staff s LEFT JOIN staff_assignments a ON a.instance_symbol = s.instance_symbol AND a.email = s.email
        WHERE s.instance_symbol = $symbol AND s.email = $email
        ORDER BY a.ordinal;
        """;

    /// <inheritdoc />
    public async Task<SchoolInstance?> FindInstanceAsync(string symbol, CancellationToken cancellationToken)
    {
        StoreValues.Key(symbol, nameof(symbol));
        await using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = Sql.Command(connection, null, "SELECT symbol, name, base_url FROM instances WHERE symbol = $symbol;")
            .With("$symbol", symbol);
        return await command.ReadFirstAsync(Rows.Instance, cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<SchoolInstance>> ListInstancesAsync(CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = Sql.Command(connection, null, "SELECT symbol, name, base_url FROM instances;");
        var list = await command.ReadAllAsync(Rows.Instance, cancellationToken).ConfigureAwait(false);
        return [.. list.OrderBy(i => i.Symbol, StringComparer.Ordinal)];
    }

    /// <inheritdoc />
    public async Task<StoreWriteResult> AddInstanceAsync(SchoolInstance instance, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(instance);
        ArgumentNullException.ThrowIfNull(instance.BaseUrl, "SchoolInstance.BaseUrl");
        var symbol = StoreValues.Text(instance.Symbol, "SchoolInstance.Symbol", StoreLimits.Symbol);
        var name = StoreValues.Text(instance.Name, "SchoolInstance.Name", StoreLimits.DisplayName);
        var baseUrl = StoreValues.Text(instance.BaseUrl.OriginalString, "SchoolInstance.BaseUrl", StoreLimits.Url);
        await using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = Sql.Command(connection, null, "INSERT INTO instances (symbol, name, base_url) VALUES ($symbol, $name, $url) ON CONFLICT DO NOTHING;")
            .With("$symbol", symbol)
            .With("$name", name)
            .With("$url", baseUrl);
        return await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false) == 1 ? StoreWriteResult.Success : StoreWriteResult.Duplicate;
    }

    /// <inheritdoc />
    public async Task<SchoolUnit?> FindUnitAsync(string symbol, string unitCode, CancellationToken cancellationToken)
    {
        StoreValues.Key(symbol, nameof(symbol));
        StoreValues.Key(unitCode, nameof(unitCode));
        await using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = Sql.Command(connection, null, "SELECT instance_symbol, code, name, require_guardian_pesel FROM units WHERE instance_symbol = $symbol AND code = $code;")
            .With("$symbol", symbol)
            .With("$code", unitCode);
        return await command.ReadFirstAsync(Rows.Unit, cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<SchoolUnit>> ListUnitsAsync(string symbol, CancellationToken cancellationToken)
    {
        StoreValues.Key(symbol, nameof(symbol));
        await using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = Sql.Command(connection, null, UnitsOfInstanceSql).With("$symbol", symbol);
        return await ReadUnitsAsync(command, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Runs a command of <see cref="UnitsOfInstanceSql"/> and reads the units in code order.</summary>
    private static async Task<IReadOnlyList<SchoolUnit>> ReadUnitsAsync(SqliteCommand command, CancellationToken cancellationToken)
    {
        var list = await command.ReadAllAsync(Rows.Unit, cancellationToken).ConfigureAwait(false);
        return [.. list.OrderBy(u => u.Code, StringComparer.Ordinal)];
    }

    /// <inheritdoc />
    public async Task<StoreWriteResult> AddUnitAsync(SchoolUnit unit, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(unit);
        StoreValues.Check(unit);
        await using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var transaction = BeginWrite(connection);
        if (!await InstanceExistsAsync(connection, transaction, unit.InstanceSymbol, cancellationToken).ConfigureAwait(false))
        {
            return StoreWriteResult.NotFound;
        }

        await using var command = Sql.Command(connection, transaction, """
            INSERT INTO units (instance_symbol, code, name, require_guardian_pesel) VALUES ($symbol, $code, $name, $pesel)
            ON CONFLICT DO NOTHING;
            """);
        BindUnit(command, unit);
        if (await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false) == 0)
        {
            return StoreWriteResult.Duplicate;
        }

        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        return StoreWriteResult.Success;
    }

    /// <inheritdoc />
    public async Task<StoreWriteResult> UpdateUnitAsync(SchoolUnit unit, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(unit);
        StoreValues.Check(unit);
        await using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = Sql.Command(connection, null, "UPDATE units SET name = $name, require_guardian_pesel = $pesel WHERE instance_symbol = $symbol AND code = $code;");
        BindUnit(command, unit);
        return await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false) == 1 ? StoreWriteResult.Success : StoreWriteResult.NotFound;
    }

    /// <inheritdoc />
    public async Task<StaffMember?> FindStaffAsync(string symbol, string email, CancellationToken cancellationToken)
    {
        StoreValues.Key(symbol, nameof(symbol));
        StoreValues.Key(email, nameof(email));
        await using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = Sql.Command(connection, null, StaffByEmailSql)
            .With("$symbol", symbol)
            .With("$email", email);
        return await ReadStaffAsync(command, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Runs a command of <see cref="StaffByEmailSql"/> and reads the staff member, or <see langword="null"/>.</summary>
    private static async Task<StaffMember?> ReadStaffAsync(SqliteCommand command, CancellationToken cancellationToken)
    {
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        return await Rows.StaffAsync(reader, cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async Task SaveStaffAsync(StaffMember staff, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(staff);
        StoreValues.Text(staff.InstanceSymbol, "StaffMember.InstanceSymbol", StoreLimits.Symbol);
        StoreValues.Text(staff.Email, "StaffMember.Email", StoreLimits.Email);
        StoreValues.Text(staff.DisplayName, "StaffMember.DisplayName", StoreLimits.DisplayName);
        var assignments = StoreValues.List(staff.Assignments, "StaffMember.Assignments", StoreLimits.StaffAssignments).ToList();
        foreach (var assignment in assignments)
        {
            ArgumentNullException.ThrowIfNull(assignment, "StaffMember.Assignments");
            StoreValues.OptionalText(assignment.UnitCode, "StaffAssignment.UnitCode", StoreLimits.UnitCode);
            StoreValues.OptionalText(assignment.ClassName, "StaffAssignment.ClassName", StoreLimits.ClassName);
        }

        await using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var transaction = BeginWrite(connection);
        await using (var upsert = Sql.Command(connection, transaction, """
            INSERT INTO staff (instance_symbol, email, display_name) VALUES ($symbol, $email, $name)
            ON CONFLICT (instance_symbol, email) DO UPDATE SET display_name = excluded.display_name;
            DELETE FROM staff_assignments WHERE instance_symbol = $symbol AND email = $email;
            """))
        {
            upsert.With("$symbol", staff.InstanceSymbol).With("$email", staff.Email).With("$name", staff.DisplayName);
            await upsert.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }

        await using var insert = Sql.Command(connection, transaction, """
            INSERT INTO staff_assignments (instance_symbol, email, ordinal, role, unit_code, class_name)
            VALUES ($symbol, $email, $ordinal, $role, $unit, $class);
            """)
            .With("$symbol", staff.InstanceSymbol)
            .With("$email", staff.Email)
            .With("$ordinal", 0)
            .With("$role", 0)
            .With("$unit", null)
            .With("$class", null);
        for (var i = 0; i < assignments.Count; i++)
        {
            insert.Set("$ordinal", i);
            insert.Set("$role", (int)assignments[i].Role);
            insert.Set("$unit", assignments[i].UnitCode);
            insert.Set("$class", assignments[i].ClassName);
            await insert.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }

        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
    }

    private static async Task<bool> InstanceExistsAsync(SqliteConnection connection, SqliteTransaction transaction, string symbol, CancellationToken cancellationToken)
    {
        await using var command = Sql.Command(connection, transaction, "SELECT 1 FROM instances WHERE symbol = $symbol;").With("$symbol", symbol);
        return await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false) is not null;
    }

    private static void BindUnit(SqliteCommand command, SchoolUnit unit) => command
        .With("$symbol", unit.InstanceSymbol)
        .With("$code", unit.Code)
        .With("$name", unit.Name)
        .With("$pesel", unit.RequireGuardianPesel ? 1 : 0);
}
