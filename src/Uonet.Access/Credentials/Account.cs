namespace Uonet.Access.Credentials;

/// <summary>
/// A login of one instance: <c>(instance, normalized e-mail)</c>, created by the first-login procedure (R3). What the
/// account may see is never stored here: it is derived from the records on every request (R5, R8).
/// </summary>
public sealed record Account
{
    /// <summary>The account's id.</summary>
    public required Guid Id { get; init; }

    /// <summary>The instance the account belongs to (R6).</summary>
    public required string InstanceSymbol { get; init; }

    /// <summary>The normalized e-mail: the login.</summary>
    public required string Email { get; init; }

    /// <summary>The encoded password hash (PHC string).</summary>
    public required string PasswordHash { get; init; }

    /// <summary>Changes whenever credentials change; sessions issued under an older stamp are revoked.</summary>
    public required string SecurityStamp { get; init; }

    /// <summary>Whether the account may sign in at all.</summary>
    public AccountStatus Status { get; init; } = AccountStatus.Active;

    /// <summary>When the account was created.</summary>
    public required DateTimeOffset CreatedAt { get; init; }

    /// <summary>When the password was last set.</summary>
    public required DateTimeOffset PasswordChangedAt { get; init; }

    /// <summary>When the account was closed, if it was.</summary>
    public DateTimeOffset? ClosedAt { get; init; }

    /// <summary>The TOTP secret once enrolment completed, else <see langword="null"/>.</summary>
    public byte[]? TotpSecret { get; init; }

    /// <summary>A TOTP secret offered for enrolment but not yet confirmed with a code.</summary>
    public byte[]? PendingTotpSecret { get; init; }

    /// <summary>The last TOTP time step accepted: a step is never accepted twice (RFC 6238 §5.2).</summary>
    public long? TotpLastStep { get; init; }

    /// <summary>SHA-256 hashes (hex) of the unused recovery codes.</summary>
    public IReadOnlyList<string> RecoveryCodeHashes { get; init; } = [];

    /// <summary>
    /// The second-factor ticket of a sign-in that passed the password step and waits for the code, if one is open: only
    /// its hash is kept, a newer sign-in replaces it, and completing the second step clears it in the same conditional
    /// write that uses the code.
    /// </summary>
    public SecondFactorTicket? SecondFactorTicket { get; init; }

    /// <summary>Incremented by every change; writes are conditional on it (single use of TOTP steps and recovery codes).</summary>
    public long Version { get; init; } = 1;

    /// <summary>Whether a second factor is required at sign-in.</summary>
    public bool HasTotp => TotpSecret is not null;
}

/// <summary>The state of an account.</summary>
public enum AccountStatus
{
    /// <summary>The account may sign in.</summary>
    Active = 0,

    /// <summary>The account was closed (its e-mail no longer backs any record, or staff closed it).</summary>
    Closed = 1,
}
