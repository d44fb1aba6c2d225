namespace Uonet.Access.Devices;

/// <summary>
/// A mobile device registered to an account with a pairing ticket (R7). It holds the device's public key; the device
/// signs each request with the private key (RFC 9421) and sees the pupils the account sees at that moment (R8).
/// </summary>
public sealed record MobileDevice
{
    /// <summary>The device's id: the key id of its signatures.</summary>
    public required Guid Id { get; init; }

    /// <summary>The account the device belongs to.</summary>
    public required Guid AccountId { get; init; }

    /// <summary>The instance of the account.</summary>
    public required string InstanceSymbol { get; init; }

    /// <summary>The name the user gave the device (e.g. "Telefon Anny").</summary>
    public required string Name { get; init; }

    /// <summary>The platform the app reported (e.g. "Android 15").</summary>
    public required string Platform { get; init; }

    /// <summary>The public key as DER SubjectPublicKeyInfo.</summary>
    public required byte[] PublicKey { get; init; }

    /// <summary>The kind of the public key.</summary>
    public required DeviceKeyAlgorithm KeyAlgorithm { get; init; }

    /// <summary>When the device was registered.</summary>
    public required DateTimeOffset CreatedAt { get; init; }

    /// <summary>When the device last made a verified request (updated at most once a minute).</summary>
    public required DateTimeOffset LastSeenAt { get; init; }

    /// <summary>When the device was unregistered, if it was.</summary>
    public DateTimeOffset? RevokedAt { get; init; }

    /// <summary>Why the device was unregistered, so the app can offer to register again instead of a reinstall (R9).</summary>
    public DeviceRevocationReason? RevocationReason { get; init; }
}

/// <summary>The kinds of device keys accepted.</summary>
public enum DeviceKeyAlgorithm
{
    /// <summary>ECDSA on P-256 with SHA-256 (RFC 9421 <c>ecdsa-p256-sha256</c>): the required kind.</summary>
    EcdsaP256 = 1,

    /// <summary>RSA of at least 2048 bits with PSS and SHA-512 (RFC 9421 <c>rsa-pss-sha512</c>).</summary>
    Rsa = 2,
}

/// <summary>Why a device was unregistered.</summary>
public enum DeviceRevocationReason
{
    /// <summary>The account holder unregistered it (<i>Wyrejestruj</i>).</summary>
    RevokedByUser = 1,

    /// <summary>School staff unregistered it.</summary>
    RevokedByStaff = 2,

    /// <summary>The account's e-mail was replaced in the records (R9): register the device again with the new address.</summary>
    EmailChanged = 3,

    /// <summary>The account was closed (its address no longer backs any record).</summary>
    AccountClosed = 4,
}
