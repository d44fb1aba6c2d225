using Microsoft.EntityFrameworkCore;
using Uonet.Access.EntityFrameworkCore.Rows;
using Uonet.Access.Storage;

namespace Uonet.Access.EntityFrameworkCore;

// The read of every page view and phone request, on one context (one pooled connection) instead of one per part.
public sealed partial class EntityFrameworkCoreAccessStore<TContext> : IRequestSnapshotStore
{
    /// <inheritdoc />
    public async Task<SessionSnapshot?> ReadSessionSnapshotAsync(Guid sessionId, CancellationToken cancellationToken)
    {
        await using var context = await ReadAsync(cancellationToken).ConfigureAwait(false);
        var session = await context.Set<SessionRow>().FirstOrDefaultAsync(s => s.Id == sessionId, cancellationToken).ConfigureAwait(false);
        if (session is null)
        {
            return null;
        }

        var account = await context.Set<AccountRow>().FirstOrDefaultAsync(a => a.Id == session.AccountId, cancellationToken).ConfigureAwait(false);
        var standing = account is null
            ? StandingSources.None
            : await StandingOfAsync(context, account.InstanceSymbol, account.Email, withStaff: true, cancellationToken).ConfigureAwait(false);
        return new SessionSnapshot(session.ToSession(), account?.ToAccount(), standing);
    }

    /// <inheritdoc />
    public async Task<DeviceSnapshot?> ReadDeviceSnapshotAsync(Guid deviceId, CancellationToken cancellationToken)
    {
        await using var context = await ReadAsync(cancellationToken).ConfigureAwait(false);
        var device = await context.Set<DeviceRow>().FirstOrDefaultAsync(d => d.Id == deviceId, cancellationToken).ConfigureAwait(false);
        if (device is null)
        {
            return null;
        }

        var account = await context.Set<AccountRow>().FirstOrDefaultAsync(a => a.Id == device.AccountId, cancellationToken).ConfigureAwait(false);
        var standing = account is null
            ? StandingSources.None
            : await StandingOfAsync(context, account.InstanceSymbol, account.Email, withStaff: false, cancellationToken).ConfigureAwait(false);
        return new DeviceSnapshot(device.ToDevice(), account?.ToAccount(), standing);
    }

    /// <inheritdoc />
    public async Task<StandingSources> ReadStandingSourcesAsync(string symbol, string email, bool withStaff, CancellationToken cancellationToken)
    {
        StoreValues.Key(symbol, nameof(symbol));
        StoreValues.Key(email, nameof(email));
        await using var context = await ReadAsync(cancellationToken).ConfigureAwait(false);
        return await StandingOfAsync(context, symbol, email, withStaff, cancellationToken).ConfigureAwait(false);
    }

    private static async Task<StandingSources> StandingOfAsync(TContext context, string symbol, string email, bool withStaff, CancellationToken cancellationToken)
    {
        var records = await StudentsByEmailAsync(context, symbol, email, cancellationToken).ConfigureAwait(false);
        var units = await UnitsOfAsync(context, symbol, cancellationToken).ConfigureAwait(false);
        var staff = withStaff ? await StaffOfAsync(context, symbol, email, cancellationToken).ConfigureAwait(false) : null;
        return new StandingSources(records, units, staff);
    }
}
