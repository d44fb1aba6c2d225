namespace Uonet.Access.Sessions;

/// <summary>A signed-in session of an account, stored so that it can be revoked (sign out one, sign out everywhere).</summary>
public sealed record AccessSession
{
    /// <summary>The session's id (part of the ticket).</summary>
    public required Guid Id { get; init; }

    /// <summary>SHA-256 of the ticket's secret part (lower-case hex).</summary>
    public required string SecretHash { get; init; }

    /// <summary>The account.</summary>
    public required Guid AccountId { get; init; }

    /// <summary>The instance of the account.</summary>
    public required string InstanceSymbol { get; init; }

    /// <summary>The account's security stamp when the session began.</summary>
    public required string SecurityStamp { get; init; }

    /// <summary>When the session began.</summary>
    public required DateTimeOffset CreatedAt { get; init; }

    /// <summary>When the session was last used (updated at most once a minute).</summary>
    public required DateTimeOffset LastSeenAt { get; init; }

    /// <summary>When the session ends regardless of use.</summary>
    public required DateTimeOffset ExpiresAt { get; init; }

    /// <summary>
    /// A short description of the client that signed in (e.g. "Firefox, Windows"), from the User-Agent the host passed;
    /// never the raw header. <see langword="null"/> when the host passed none.
    /// </summary>
    public string? ClientDescription { get; init; }

    /// <summary>
    /// The client's network at sign-in: its address cut to /24 (IPv4, e.g. <c>203.0.113.0/24</c>) or /48 (IPv6), never
    /// the full address. <see langword="null"/> when the host passed none.
    /// </summary>
    public string? ClientNetwork { get; init; }

    /// <summary>When the session was ended, if it was.</summary>
    public DateTimeOffset? RevokedAt { get; init; }
}
