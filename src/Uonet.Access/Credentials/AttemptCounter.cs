namespace Uonet.Access.Credentials;

/// <summary>
/// The state of one attempt counter (failed sign-ins of an address, requests from a client key…), kept in the
/// store so that limits hold across web nodes.
/// </summary>
/// <param name="Count">Attempts counted in the current window.</param>
/// <param name="WindowEndsAt">When the current window ends (the count then starts again from zero).</param>
/// <param name="LockedUntil">Until when the key is locked, if it is.</param>
/// <param name="Accepted">For the state returned by recording an attempt: <see langword="false"/> when the key was
/// already locked, so the attempt was refused and not counted.</param>
public sealed record AttemptState(int Count, DateTimeOffset WindowEndsAt, DateTimeOffset? LockedUntil, bool Accepted = true)
{
    /// <summary>Whether the key is locked at <paramref name="now"/>.</summary>
    public bool IsLocked(DateTimeOffset now) => LockedUntil is { } until && until > now;
}

/// <summary>How a counter counts: at most <paramref name="Limit"/> attempts per <paramref name="Window"/>; reaching the limit locks the key for <paramref name="LockDuration"/> and starts a new window.</summary>
/// <param name="Limit">Attempts allowed per window (the attempt that reaches it locks).</param>
/// <param name="Window">The length of a counting window.</param>
/// <param name="LockDuration">How long the key stays locked once the limit is reached.</param>
public sealed record AttemptPolicy(int Limit, TimeSpan Window, TimeSpan LockDuration);
