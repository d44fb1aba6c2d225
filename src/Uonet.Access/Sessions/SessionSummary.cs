namespace Uonet.Access.Sessions;

/// <summary>One of the account holder's active sessions, as <see cref="SessionTickets.ListAsync"/> shows it (ASVS 5.0 7.5.2).</summary>
public sealed record SessionSummary
{
    /// <summary>The session's id, to end it with <see cref="SessionTickets.EndAsync"/>.</summary>
    public required Guid Id { get; init; }

    /// <summary>When it began (the sign-in).</summary>
    public required DateTimeOffset CreatedAt { get; init; }

    /// <summary>When it was last used (updated at most once a minute).</summary>
    public required DateTimeOffset LastSeenAt { get; init; }

    /// <summary>Browser and system, e.g. "Firefox, Windows"; <see langword="null"/> when unknown.</summary>
    public string? ClientDescription { get; init; }

    /// <summary>The client's network at sign-in, cut to /24 (IPv4) or /48 (IPv6); <see langword="null"/> when unknown.</summary>
    public string? ClientNetwork { get; init; }

    /// <summary>Whether this is the session of the ticket that asked.</summary>
    public required bool IsCurrent { get; init; }
}

/// <summary>
/// Proof that the account holder is at the keyboard, asked for before ending another session than their own (ASVS 5.0
/// 7.5.1): the password, or — when the second factor is on — a TOTP or recovery code instead.
/// </summary>
public sealed record SessionEndProof
{
    /// <summary>The account's password, as typed (accounts without a second factor).</summary>
    public string? Password { get; init; }

    /// <summary>A 6-digit code from the authenticator app (accounts with a second factor).</summary>
    public string? TotpCode { get; init; }

    /// <summary>A recovery code, used when no <see cref="TotpCode"/> is given.</summary>
    public string? RecoveryCode { get; init; }

    /// <summary>The client's key for throttling (e.g. IP address), counted when the proof is wrong; may be <see langword="null"/>.</summary>
    public string? ClientKey { get; init; }
}
