using Uonet.Access.Credentials;

namespace Uonet.Access.Storage;

public sealed partial class InMemoryAccessStore : IRequestSnapshotStore
{
    /// <inheritdoc />
    public async Task<SessionSnapshot?> ReadSessionSnapshotAsync(Guid sessionId, CancellationToken cancellationToken)
    {
        var session = await FindSessionAsync(sessionId, cancellationToken).ConfigureAwait(false);
        if (session is null)
        {
            return null;
        }

        var account = await FindAccountByIdAsync(session.AccountId, cancellationToken).ConfigureAwait(false);
        return new SessionSnapshot(session, account, await SourcesAsync(account, withStaff: true, cancellationToken).ConfigureAwait(false));
    }

    /// <inheritdoc />
    public async Task<DeviceSnapshot?> ReadDeviceSnapshotAsync(Guid deviceId, CancellationToken cancellationToken)
    {
        var device = await FindDeviceAsync(deviceId, cancellationToken).ConfigureAwait(false);
        if (device is null)
        {
            return null;
        }

        var account = await FindAccountByIdAsync(device.AccountId, cancellationToken).ConfigureAwait(false);
        return new DeviceSnapshot(device, account, await SourcesAsync(account, withStaff: false, cancellationToken).ConfigureAwait(false));
    }

    /// <inheritdoc />
    public async Task<StandingSources> ReadStandingSourcesAsync(string symbol, string email, bool withStaff, CancellationToken cancellationToken)
    {
        var records = await FindStudentsByEmailAsync(symbol, email, cancellationToken).ConfigureAwait(false);
        var units = await ListUnitsAsync(symbol, cancellationToken).ConfigureAwait(false);
        var staff = withStaff ? await FindStaffAsync(symbol, email, cancellationToken).ConfigureAwait(false) : null;
        return new StandingSources(records, units, staff);
    }

    private Task<StandingSources> SourcesAsync(Account? account, bool withStaff, CancellationToken cancellationToken) =>
        account is null ? Task.FromResult(StandingSources.None) : ReadStandingSourcesAsync(account.InstanceSymbol, account.Email, withStaff, cancellationToken);
}
