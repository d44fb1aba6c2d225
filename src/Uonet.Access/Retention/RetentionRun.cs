using Microsoft.Extensions.Options;
using Uonet.Access.Storage;

namespace Uonet.Access.Retention;

/// <summary>
/// Deletes what <see cref="RetentionOptions"/> says is due, kind by kind, in bounded batches. Run it from a timer (the
/// ASP.NET Core package has an optional hosted job) or a scheduled console command; a run may stop at any point and
/// the next one continues.
/// </summary>
public sealed class RetentionRun
{
    private readonly IRetentionStore _store;
    private readonly TimeProvider _time;
    private readonly RetentionOptions _options;

    /// <summary>Creates the service (normally resolved from DI).</summary>
    public RetentionRun(IRetentionStore store, TimeProvider time, IOptions<UonetAccessOptions> options)
    {
        ArgumentNullException.ThrowIfNull(options);
        _store = store ?? throw new ArgumentNullException(nameof(store));
        _time = time ?? throw new ArgumentNullException(nameof(time));
        _options = options.Value.Retention;
    }

    /// <summary>Deletes everything due now and reports how many of each kind went.</summary>
    /// <param name="cancellationToken">Stops between batches.</param>
    public async Task<RetentionReport> RunAsync(CancellationToken cancellationToken = default)
    {
        var now = _time.GetUtcNow();
        var batch = _options.BatchSize;
        return new RetentionReport
        {
            LinkTokens = await DrainAsync(_store.DeleteSpentLinkTokensAsync, now - _options.SpentLinkTokens, batch, cancellationToken).ConfigureAwait(false),
            SecondFactorTickets = await DrainAsync(_store.ClearExpiredSecondFactorTicketsAsync, now, batch, cancellationToken).ConfigureAwait(false),
            PairingTickets = await DrainAsync(_store.DeleteSpentPairingTicketsAsync, now - _options.SpentPairingTickets, batch, cancellationToken).ConfigureAwait(false),
            Sessions = await DrainAsync(_store.DeleteEndedSessionsAsync, now - _options.EndedSessions, batch, cancellationToken).ConfigureAwait(false),
            ReplayEntries = await DrainAsync(_store.DeleteExpiredSignaturesAsync, now, batch, cancellationToken).ConfigureAwait(false),
            AttemptCounters = await DrainAsync(_store.DeleteStaleAttemptsAsync, now, batch, cancellationToken).ConfigureAwait(false),
            DeliveredMail = await DrainAsync(_store.DeleteDeliveredMailAsync, now - _options.DeliveredMail, batch, cancellationToken).ConfigureAwait(false),
            RevokedDevices = await DrainAsync(_store.DeleteRevokedDevicesAsync, now - _options.RevokedDevices, batch, cancellationToken).ConfigureAwait(false),
            SecurityEvents = await DrainAsync(_store.DeleteSecurityEventsAsync, now - _options.SecurityEvents, batch, cancellationToken).ConfigureAwait(false),
            AuditEntries = await DrainAsync(_store.DeleteAuditEntriesAsync, _options.AuditCutOff(now), batch, cancellationToken).ConfigureAwait(false),
        };
    }

    private static async Task<int> DrainAsync(Func<DateTimeOffset, int, CancellationToken, Task<int>> delete, DateTimeOffset cutOff, int batch, CancellationToken cancellationToken)
    {
        var total = 0;
        int deleted;
        do
        {
            cancellationToken.ThrowIfCancellationRequested();
            deleted = await delete(cutOff, batch, cancellationToken).ConfigureAwait(false);
            total += deleted;
        }
        while (deleted >= batch);

        return total;
    }
}

/// <summary>How many rows of each kind one retention run removed.</summary>
public sealed record RetentionReport
{
    /// <summary>Spent link tokens deleted.</summary>
    public int LinkTokens { get; init; }

    /// <summary>Expired second-factor tickets cleared.</summary>
    public int SecondFactorTickets { get; init; }

    /// <summary>Spent pairing tickets deleted.</summary>
    public int PairingTickets { get; init; }

    /// <summary>Ended sessions deleted.</summary>
    public int Sessions { get; init; }

    /// <summary>Expired replay-cache entries deleted.</summary>
    public int ReplayEntries { get; init; }

    /// <summary>Stale attempt counters deleted.</summary>
    public int AttemptCounters { get; init; }

    /// <summary>Delivered mail deleted.</summary>
    public int DeliveredMail { get; init; }

    /// <summary>Revoked devices deleted.</summary>
    public int RevokedDevices { get; init; }

    /// <summary>Security events deleted.</summary>
    public int SecurityEvents { get; init; }

    /// <summary>Audit entries of pupils' records deleted.</summary>
    public int AuditEntries { get; init; }

    /// <summary>Everything removed or cleared.</summary>
    public int Total => LinkTokens + SecondFactorTickets + PairingTickets + Sessions + ReplayEntries + AttemptCounters + DeliveredMail + RevokedDevices + SecurityEvents + AuditEntries;
}
