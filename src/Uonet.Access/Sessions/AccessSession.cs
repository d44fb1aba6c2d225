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

    /// <summary>When the session was ended, if it was.</summary>
    public DateTimeOffset? RevokedAt { get; init; }
}
