namespace Uonet.Access.Credentials;

/// <summary>
/// A single-use link token of the first-login / restore-access procedure (R3, R4). Only the SHA-256 hash of the
/// token is stored; the token itself exists only in the e-mail.
/// </summary>
public sealed record LinkToken
{
    /// <summary>The token's id.</summary>
    public required Guid Id { get; init; }

    /// <summary>SHA-256 of the token (lower-case hex).</summary>
    public required string TokenHash { get; init; }

    /// <summary>The instance the token was issued in.</summary>
    public required string InstanceSymbol { get; init; }

    /// <summary>The normalized e-mail the token was sent to.</summary>
    public required string Email { get; init; }

    /// <summary>When it was issued.</summary>
    public required DateTimeOffset CreatedAt { get; init; }

    /// <summary>When it stops working.</summary>
    public required DateTimeOffset ExpiresAt { get; init; }

    /// <summary>When it was used, if it was.</summary>
    public DateTimeOffset? ConsumedAt { get; init; }

    /// <summary>When a newer request for the same address replaced it, if one did.</summary>
    public DateTimeOffset? SupersededAt { get; init; }
}

/// <summary>How an attempt to use a link token ended, as told by the store.</summary>
public enum LinkTokenConsumption
{
    /// <summary>Consumed now, and everything that came with it written.</summary>
    Consumed = 0,

    /// <summary>No token with this hash.</summary>
    NotFound = 1,

    /// <summary>The token expired.</summary>
    Expired = 2,

    /// <summary>The token was already used (perhaps by a concurrent request).</summary>
    AlreadyUsed = 3,

    /// <summary>A newer request replaced the token.</summary>
    Superseded = 4,

    /// <summary>The account changed concurrently; nothing was written.</summary>
    AccountConflict = 5,
}
