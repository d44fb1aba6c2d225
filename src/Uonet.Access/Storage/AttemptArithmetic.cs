using Uonet.Access.Credentials;
using Uonet.Access.SecurityEvents;

namespace Uonet.Access.Storage;

/// <summary>
/// The counting rule of <see cref="IAttemptCounterStore.RecordAttemptAsync(string, DateTimeOffset, AttemptPolicy, CancellationToken)"/> as a pure function, so that every store
/// that can run it inside its own atomic unit (a lock, a transaction) counts the same way.
/// </summary>
public static class AttemptArithmetic
{
    /// <summary>The state after one more attempt at <paramref name="now"/>.</summary>
    /// <param name="current">The stored state, or <see langword="null"/> when the key is new.</param>
    /// <param name="now">The time of the attempt.</param>
    /// <param name="policy">The counting policy.</param>
    public static AttemptState Record(AttemptState? current, DateTimeOffset now, AttemptPolicy policy)
    {
        ArgumentNullException.ThrowIfNull(policy);
        if (current?.IsLocked(now) == true)
        {
            return current with { Accepted = false };
        }

        var count = current is not null && current.WindowEndsAt > now ? current.Count + 1 : 1;
        var windowEnds = current is not null && current.WindowEndsAt > now ? current.WindowEndsAt : now + policy.Window;
        return count >= policy.Limit
            ? new AttemptState(0, now + policy.LockDuration, now + policy.LockDuration)
            : new AttemptState(count, windowEnds, null);
    }

    /// <summary>The state as read at <paramref name="now"/>: an ended window reads as zero, a lock holds until it ends.</summary>
    public static AttemptState Read(AttemptState? stored, DateTimeOffset now)
    {
        if (stored is null)
        {
            return new AttemptState(0, now, null);
        }

        var locked = stored.IsLocked(now) ? stored.LockedUntil : null;
        return stored.WindowEndsAt > now ? stored with { LockedUntil = locked, Accepted = true } : new AttemptState(0, now, locked);
    }

    /// <summary>
    /// The event a store keeps with a counted attempt: a failure whose attempt locked the key is kept as
    /// <see cref="SecurityEventKind.SignInLocked"/>, so the trail shows the lock at the moment it began.
    /// </summary>
    /// <param name="securityEvent">The event the caller passed, if any.</param>
    /// <param name="after">The state after the attempt.</param>
    /// <param name="now">The time of the attempt.</param>
    public static SecurityEvent? EventAfter(SecurityEvent? securityEvent, AttemptState after, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(after);
        return securityEvent is not null && after.Accepted && after.IsLocked(now)
            && securityEvent.Kind is SecurityEventKind.SignInFailed or SecurityEventKind.SecondStepFailed
            ? securityEvent with { Kind = SecurityEventKind.SignInLocked, Detail = securityEvent.Kind.ToString() }
            : securityEvent;
    }
}
