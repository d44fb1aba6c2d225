using Microsoft.Data.Sqlite;
using Uonet.Access.Credentials;
using Uonet.Access.Storage;

namespace Uonet.Access.Sqlite;

public sealed partial class SqliteAccessStore : IRequestSnapshotStore
{
    /// <inheritdoc />
    public async Task<SessionSnapshot?> ReadSessionSnapshotAsync(Guid sessionId, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = Sql.Command(connection, null, SelectSession + " WHERE id = $id;").With("$id", Sql.Id(sessionId));
        var sessions = await ReadSessionsAsync(command, cancellationToken).ConfigureAwait(false);
        if (sessions.Count == 0)
        {
            return null;
        }

        var (account, sources) = await ReadOwnerAsync(connection, sessions[0].AccountId, withStaff: true, cancellationToken).ConfigureAwait(false);
        return new SessionSnapshot(sessions[0], account, sources);
    }

    /// <inheritdoc />
    public async Task<DeviceSnapshot?> ReadDeviceSnapshotAsync(Guid deviceId, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = Sql.Command(connection, null, SelectDevice + " WHERE id = $id;").With("$id", Sql.Id(deviceId));
        var devices = await ReadDevicesAsync(command, cancellationToken).ConfigureAwait(false);
        if (devices.Count == 0)
        {
            return null;
        }

        var (account, sources) = await ReadOwnerAsync(connection, devices[0].AccountId, withStaff: false, cancellationToken).ConfigureAwait(false);
        return new DeviceSnapshot(devices[0], account, sources);
    }

    /// <summary>
    /// The account and the sources of its standing, on the connection already open: the database is in process, so
    /// what a request pays for is the connection and the statements, not round trips.
    /// </summary>
    private static async Task<(Account? Account, StandingSources Sources)> ReadOwnerAsync(SqliteConnection connection, Guid accountId, bool withStaff, CancellationToken cancellationToken)
    {
        Account? account;
        await using (var command = Sql.Command(connection, null, SelectAccount + " WHERE id = $id;").With("$id", Sql.Id(accountId)))
        {
            account = await ReadAccountAsync(command, cancellationToken).ConfigureAwait(false);
        }

        return account is null
            ? (null, StandingSources.None)
            : (account, await ReadSourcesAsync(connection, account.InstanceSymbol, account.Email, withStaff, cancellationToken).ConfigureAwait(false));
    }

    /// <inheritdoc />
    public async Task<StandingSources> ReadStandingSourcesAsync(string symbol, string email, bool withStaff, CancellationToken cancellationToken)
    {
        StoreValues.Key(symbol, nameof(symbol));
        StoreValues.Key(email, nameof(email));
        await using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        return await ReadSourcesAsync(connection, symbol, email, withStaff, cancellationToken).ConfigureAwait(false);
    }

    private static async Task<StandingSources> ReadSourcesAsync(SqliteConnection connection, string symbol, string email, bool withStaff, CancellationToken cancellationToken)
    {
        await using var records = Sql.Command(connection, null, StudentsByEmailSql).With("$symbol", symbol).With("$email", email);
        await using var units = Sql.Command(connection, null, UnitsOfInstanceSql).With("$symbol", symbol);
        await using var staff = Sql.Command(connection, null, StaffByEmailSql).With("$symbol", symbol).With("$email", email);
        return new StandingSources(
            await ReadStudentsAsync(records, cancellationToken).ConfigureAwait(false),
            await ReadUnitsAsync(units, cancellationToken).ConfigureAwait(false),
            withStaff ? await ReadStaffAsync(staff, cancellationToken).ConfigureAwait(false) : null);
    }
}
