using Uonet.Access.Credentials;
using Uonet.Access.SecurityEvents;

namespace Uonet.Access.Storage;

/// <summary>
/// The attempt counters of sign-in, link requests and second factors, per account and per client key. Counted in the
/// store so that a limit holds across web nodes; each count is atomic. Part of <see cref="ICredentialStore"/>.
/// </summary>
public interface IAttemptCounterStore
{
    /// <summary>Reads a counter without changing it (a missing key reads as zero, unlocked).</summary>
    Task<AttemptState> GetAttemptsAsync(string key, DateTimeOffset now, CancellationToken cancellationToken);

    /// <summary>
    /// Counts one attempt atomically under <paramref name="policy"/>: a window that ended starts again from zero;
    /// the attempt that reaches <see cref="AttemptPolicy.Limit"/> locks the key until now + lock duration and starts a
    /// new window. A locked key is not counted further. Returns the state after the attempt.
    /// </summary>
    Task<AttemptState> RecordAttemptAsync(string key, DateTimeOffset now, AttemptPolicy policy, CancellationToken cancellationToken) =>
        RecordAttemptAsync(key, now, policy, null, cancellationToken);

    /// <summary>As the overload without an event, appending <paramref name="securityEvent"/> (if any) to the trail in the same atomic unit.</summary>
    Task<AttemptState> RecordAttemptAsync(string key, DateTimeOffset now, AttemptPolicy policy, SecurityEvent? securityEvent, CancellationToken cancellationToken);

    /// <summary>Forgets a counter (e.g. after a successful sign-in).</summary>
    Task ResetAttemptsAsync(string key, CancellationToken cancellationToken);
}
