namespace Uonet.Access.SecurityEvents;

/// <summary>
/// One entry of an account's security trail: something that happened to the account's access, when, and from roughly
/// where. Append-only; it never holds a secret (no password, code, token, ticket or key), and the client address is
/// cut to its network (<see cref="ClientAddress.Truncate"/>) so that the trail says "from this network", not "from this
/// machine".
/// </summary>
public sealed record SecurityEvent
{
    /// <summary>The event's id.</summary>
    public required Guid Id { get; init; }

    /// <summary>The account the event belongs to.</summary>
    public required Guid AccountId { get; init; }

    /// <summary>The instance of the account.</summary>
    public required string InstanceSymbol { get; init; }

    /// <summary>What happened.</summary>
    public required SecurityEventKind Kind { get; init; }

    /// <summary>When it happened.</summary>
    public required DateTimeOffset OccurredAt { get; init; }

    /// <summary>The client's network (<c>198.51.100.0/24</c>, <c>2001:db8:1::/48</c>), when the host passed an address.</summary>
    public string? ClientAddress { get; init; }

    /// <summary>A short description of the client the host passed (e.g. a browser and system), at most 200 characters.</summary>
    public string? ClientDescription { get; init; }

    /// <summary>What the kind alone does not say: a device's name, a revocation reason. Never a secret.</summary>
    public string? Detail { get; init; }
}

/// <summary>The kinds of <see cref="SecurityEvent"/>.</summary>
public enum SecurityEventKind
{
    /// <summary>A sign-in succeeded and a session began.</summary>
    SignInSucceeded = 1,

    /// <summary>A sign-in failed on a wrong password.</summary>
    SignInFailed = 2,

    /// <summary>The address was locked after repeated failures.</summary>
    SignInLocked = 3,

    /// <summary>A wrong TOTP or recovery code at the second step of a sign-in.</summary>
    SecondStepFailed = 4,

    /// <summary>A password was set through a first-login / restore link (R3, R4).</summary>
    PasswordSet = 5,

    /// <summary>The password was changed by the signed-in holder.</summary>
    PasswordChanged = 6,

    /// <summary>A first-login / restore link was requested for the account (R4).</summary>
    RestoreLinkRequested = 7,

    /// <summary>The second factor (TOTP) was switched on.</summary>
    SecondFactorEnabled = 8,

    /// <summary>The second factor was switched off.</summary>
    SecondFactorDisabled = 9,

    /// <summary>A recovery code was used to sign in.</summary>
    RecoveryCodeUsed = 10,

    /// <summary>A mobile device was registered (R7); <see cref="SecurityEvent.Detail"/> is its name.</summary>
    DeviceRegistered = 11,

    /// <summary>A mobile device was unregistered; <see cref="SecurityEvent.Detail"/> is the reason.</summary>
    DeviceRevoked = 12,

    /// <summary>A session was ended by signing out (one session, or every one).</summary>
    SessionEnded = 13,

    /// <summary>The school changed the address in every record, so this account was closed (R9).</summary>
    EmailChanged = 14,

    /// <summary>The account was closed because its address no longer backs any record (R9).</summary>
    AccountClosed = 15,

    /// <summary>A passkey was added; <see cref="SecurityEvent.Detail"/> is its name.</summary>
    PasskeyAdded = 16,

    /// <summary>A passkey was removed; <see cref="SecurityEvent.Detail"/> is its name.</summary>
    PasskeyRemoved = 17,

    /// <summary>A passkey's signature counter went backwards (a cloned authenticator?) and the sign-in was refused; <see cref="SecurityEvent.Detail"/> is its name.</summary>
    PasskeySignCountRegressed = 18,
}
