using Npgsql;
using Uonet.Access.Credentials;
using Uonet.Access.Records;
using Uonet.Access.Storage;

namespace Uonet.Access.PostgreSql;

public sealed partial class PostgreSqlAccessStore : IRequestSnapshotStore
{
    // Every page view and phone request is checked with one of these: one command of four or five statements, sent and
    // answered in one round trip. The statements after the first find the account's instance and address through the
    // session or device id themselves (primary-key look-ups), so nothing waits for an earlier answer.
    internal static readonly string SessionSnapshotSql = SnapshotSql("sessions", SessionColumns, withStaff: true);

    private static readonly string DeviceSnapshotSql = SnapshotSql("devices", DeviceColumns, withStaff: false);

    // Resolution and sign-in: the records, the units (read whatever the records say: no enumeration) and the staff entry.
    private const string StandingSql = StudentsByEmailSql + "\n" + UnitsOfInstanceSql;

    private const string StandingWithStaffSql = StandingSql + "\n" + StaffByEmailSql;

    /// <inheritdoc />
    public async Task<SessionSnapshot?> ReadSessionSnapshotAsync(Guid sessionId, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = Command(connection, SessionSnapshotSql).Id("id", sessionId);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        var session = await reader.ReadAsync(cancellationToken).ConfigureAwait(false) ? Rows.Session(reader) : null;
        var (account, sources) = await ReadOwnerAsync(reader, withStaff: true, cancellationToken).ConfigureAwait(false);
        return session is null ? null : new SessionSnapshot(session, account, sources);
    }

    /// <inheritdoc />
    public async Task<DeviceSnapshot?> ReadDeviceSnapshotAsync(Guid deviceId, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = Command(connection, DeviceSnapshotSql).Id("id", deviceId);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        var device = await reader.ReadAsync(cancellationToken).ConfigureAwait(false) ? Rows.Device(reader) : null;
        var (account, sources) = await ReadOwnerAsync(reader, withStaff: false, cancellationToken).ConfigureAwait(false);
        return device is null ? null : new DeviceSnapshot(device, account, sources);
    }

    /// <inheritdoc />
    public async Task<StandingSources> ReadStandingSourcesAsync(string symbol, string email, bool withStaff, CancellationToken cancellationToken)
    {
        StoreValues.Key(symbol, nameof(symbol));
        StoreValues.Key(email, nameof(email));
        await using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = Command(connection, withStaff ? StandingWithStaffSql : StandingSql).Text("symbol", symbol).Text("email", email);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        return await ReadSourcesAsync(reader, withStaff, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Reads the results after the first: the account, then the sources of its standing.</summary>
    private static async Task<(Account? Account, StandingSources Sources)> ReadOwnerAsync(NpgsqlDataReader reader, bool withStaff, CancellationToken cancellationToken)
    {
        await reader.NextResultAsync(cancellationToken).ConfigureAwait(false);
        var account = await reader.ReadAsync(cancellationToken).ConfigureAwait(false) ? Rows.Account(reader) : null;
        await reader.NextResultAsync(cancellationToken).ConfigureAwait(false);
        var sources = await ReadSourcesAsync(reader, withStaff, cancellationToken).ConfigureAwait(false);
        return account is null ? (null, StandingSources.None) : (account, sources);
    }

    /// <summary>Reads the records (the current result), the units and, <paramref name="withStaff"/>, the staff entry.</summary>
    private static async Task<StandingSources> ReadSourcesAsync(NpgsqlDataReader reader, bool withStaff, CancellationToken cancellationToken)
    {
        var records = await Rows.StudentsAsync(reader, cancellationToken).ConfigureAwait(false);
        await reader.NextResultAsync(cancellationToken).ConfigureAwait(false);
        var units = new List<SchoolUnit>();
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            units.Add(Rows.Unit(reader));
        }

        StaffMember? staff = null;
        if (withStaff)
        {
            await reader.NextResultAsync(cancellationToken).ConfigureAwait(false);
            staff = await Rows.StaffAsync(reader, cancellationToken).ConfigureAwait(false);
        }

        return new StandingSources(records, [.. units.OrderBy(u => u.Code, StringComparer.Ordinal)], staff);
    }

    /// <summary>
    /// The statements of a snapshot: the owner row (a session or a device) by <c>@id</c>, then its account and the
    /// reads of resolution with the instance and address taken from that account in the same statement.
    /// </summary>
    /// <remarks>
    /// Each read of resolution finds the account once, in a materialized <c>WITH</c>, and its look-ups take the
    /// instance and address from there: written out in place, the session-and-account join ran once per mention of
    /// <c>@symbol</c> and <c>@email</c> (four times in the records statement alone).
    /// </remarks>
    private static string SnapshotSql(string ownerTable, string ownerColumns, bool withStaff)
    {
        var owner = $"WITH snapshot_owner AS MATERIALIZED (SELECT a.instance_symbol, a.email FROM {PostgreSqlSchema.Placeholder}.{ownerTable} o JOIN {PostgreSqlSchema.Placeholder}.accounts a ON a.id = o.account_id WHERE o.id = @id)\n";
        string Bound(string sql) => owner + sql
            .Replace("@symbol", "(SELECT instance_symbol FROM snapshot_owner)", StringComparison.Ordinal)
            .Replace("@email", "(SELECT email FROM snapshot_owner)", StringComparison.Ordinal);
        return $"SELECT {ownerColumns} FROM {PostgreSqlSchema.Placeholder}.{ownerTable} WHERE id = @id;\n"
            + $"SELECT {AccountColumns} FROM {PostgreSqlSchema.Placeholder}.accounts WHERE id = (SELECT account_id FROM {PostgreSqlSchema.Placeholder}.{ownerTable} WHERE id = @id);\n"
            + Bound(StudentsByEmailSql) + "\n"
            + Bound(UnitsOfInstanceSql)
            + (withStaff ? "\n" + Bound(StaffByEmailSql) : string.Empty);
    }
}
