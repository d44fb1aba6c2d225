using Uonet.Access.Credentials;
using Uonet.Access.Storage;

namespace Uonet.Access.Sqlite;

public sealed partial class SqliteAccessStore : IRequestSnapshotStore
{
    private const string SessionByIdSql = SelectSession + " WHERE id = $id;";
    private const string DeviceByIdSql = SelectDevice + " WHERE id = $id;";
    private const string AccountByIdSql = SelectAccount + " WHERE id = $id;";

    /// <inheritdoc />
    public Task<SessionSnapshot?> ReadSessionSnapshotAsync(Guid sessionId, CancellationToken cancellationToken) =>
        OnPreparedAsync(sessionId, static async (prepared, id, cancellationToken) =>
        {
            var sessions = await ReadSessionsAsync(prepared.Command(SessionByIdSql).Bind("$id", Sql.Id(id)), cancellationToken).ConfigureAwait(false);
            if (sessions.Count == 0)
            {
                return null;
            }

            var (account, sources) = await ReadOwnerAsync(prepared, sessions[0].AccountId, withStaff: true, cancellationToken).ConfigureAwait(false);
            return new SessionSnapshot(sessions[0], account, sources);
        }, cancellationToken);

    /// <inheritdoc />
    public Task<DeviceSnapshot?> ReadDeviceSnapshotAsync(Guid deviceId, CancellationToken cancellationToken) =>
        OnPreparedAsync(deviceId, static async (prepared, id, cancellationToken) =>
        {
            var devices = await ReadDevicesAsync(prepared.Command(DeviceByIdSql).Bind("$id", Sql.Id(id)), cancellationToken).ConfigureAwait(false);
            if (devices.Count == 0)
            {
                return null;
            }

            var (account, sources) = await ReadOwnerAsync(prepared, devices[0].AccountId, withStaff: false, cancellationToken).ConfigureAwait(false);
            return new DeviceSnapshot(devices[0], account, sources);
        }, cancellationToken);

    /// <inheritdoc />
    public Task<StandingSources> ReadStandingSourcesAsync(string symbol, string email, bool withStaff, CancellationToken cancellationToken)
    {
        StoreValues.Key(symbol, nameof(symbol));
        StoreValues.Key(email, nameof(email));
        return OnPreparedAsync(
            (symbol, email, withStaff),
            static (prepared, query, cancellationToken) => ReadSourcesAsync(prepared, query.symbol, query.email, query.withStaff, cancellationToken),
            cancellationToken);
    }

    /// <summary>
    /// The account and the sources of its standing, on the connection already open: the database is in process, so
    /// what a request pays for is the connection and the statements, not round trips.
    /// </summary>
    private static async Task<(Account? Account, StandingSources Sources)> ReadOwnerAsync(PreparedConnection prepared, Guid accountId, bool withStaff, CancellationToken cancellationToken)
    {
        var account = await ReadAccountAsync(prepared.Command(AccountByIdSql).Bind("$id", Sql.Id(accountId)), cancellationToken).ConfigureAwait(false);
        return account is null
            ? (null, StandingSources.None)
            : (account, await ReadSourcesAsync(prepared, account.InstanceSymbol, account.Email, withStaff, cancellationToken).ConfigureAwait(false));
    }

    private static async Task<StandingSources> ReadSourcesAsync(PreparedConnection prepared, string symbol, string email, bool withStaff, CancellationToken cancellationToken)
    {
        var records = await ReadStudentsAsync(prepared.Command(StudentsByEmailSql).Bind("$symbol", symbol).Bind("$email", email), cancellationToken).ConfigureAwait(false);
        var units = await ReadUnitsAsync(prepared.Command(UnitsOfInstanceSql).Bind("$symbol", symbol), cancellationToken).ConfigureAwait(false);
        var staff = withStaff
            ? await ReadStaffAsync(prepared.Command(StaffByEmailSql).Bind("$symbol", symbol).Bind("$email", email), cancellationToken).ConfigureAwait(false)
            : null;
        return new StandingSources(records, units, staff);
    }
}
