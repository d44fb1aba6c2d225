namespace Uonet.Access.Passkeys;

/// <summary>
/// A passkey (WebAuthn credential) of an account: what the server keeps to check the person's authenticator at
/// sign-in. It holds no secret: the private key never leaves the authenticator.
/// </summary>
public sealed record Passkey
{
    /// <summary>The passkey's id (for listing, renaming and removing).</summary>
    public required Guid Id { get; init; }

    /// <summary>The account it signs in to.</summary>
    public required Guid AccountId { get; init; }

    /// <summary>The account's instance (R6): a credential id is unique within an instance.</summary>
    public required string InstanceSymbol { get; init; }

    /// <summary>The credential id the authenticator chose.</summary>
    public required byte[] CredentialId { get; init; }

    /// <summary>The credential's public key (COSE_Key).</summary>
    public required byte[] PublicKey { get; init; }

    /// <summary>
    /// The account's WebAuthn user handle: random, the same for all passkeys of an account, never the e-mail, so an
    /// authenticator's list of accounts reveals nothing about the person.
    /// </summary>
    public required byte[] UserHandle { get; init; }

    /// <summary>The authenticator's signature counter at the last use (0 for authenticators that keep none).</summary>
    public long SignCount { get; init; }

    /// <summary>The transports the authenticator reported (e.g. <c>internal</c>, <c>hybrid</c>, <c>usb</c>).</summary>
    public IReadOnlyList<string> Transports { get; init; } = [];

    /// <summary>Whether the credential may be backed up (synced) by its provider.</summary>
    public bool IsBackupEligible { get; init; }

    /// <summary>Whether the credential was backed up at the last use.</summary>
    public bool IsBackedUp { get; init; }

    /// <summary>The authenticator's model (AAGUID), or <see cref="Guid.Empty"/> when it gives none.</summary>
    public Guid Aaguid { get; init; }

    /// <summary>The name the person gave it (e.g. "Telefon Ani").</summary>
    public required string Name { get; init; }

    /// <summary>When it was added.</summary>
    public required DateTimeOffset CreatedAt { get; init; }

    /// <summary>When it last signed in, if it has.</summary>
    public DateTimeOffset? LastUsedAt { get; init; }
}

/// <summary>Which ceremony a <see cref="PasskeyChallenge"/> belongs to.</summary>
public enum PasskeyCeremony
{
    /// <summary>Adding a passkey to a signed-in account.</summary>
    Registration = 0,

    /// <summary>Signing in with a passkey.</summary>
    SignIn = 1,
}

/// <summary>
/// An open WebAuthn ceremony, kept on the server between the options and the verification: single use (taken once),
/// short-lived. It is found by the hash of its challenge, which the authenticator's client data carries back.
/// </summary>
public sealed record PasskeyChallenge
{
    /// <summary>SHA-256 (hex) of the challenge bytes.</summary>
    public required string ChallengeHash { get; init; }

    /// <summary>Which ceremony.</summary>
    public required PasskeyCeremony Ceremony { get; init; }

    /// <summary>The instance the ceremony was opened in (R6).</summary>
    public required string InstanceSymbol { get; init; }

    /// <summary>For a registration, the signed-in account; for a sign-in with the e-mail typed, its account; else <see langword="null"/>.</summary>
    public Guid? AccountId { get; init; }

    /// <summary>The options sent to the browser, as JSON, to verify the answer against.</summary>
    public required string OptionsJson { get; init; }

    /// <summary>When it stops working.</summary>
    public required DateTimeOffset ExpiresAt { get; init; }
}
