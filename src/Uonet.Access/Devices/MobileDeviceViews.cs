using Uonet.Access.Eligibility;

namespace Uonet.Access.Devices;

/// <summary>
/// What the page <b>Dostęp mobilny → Zarejestruj urządzenie mobilne</b> shows (R7): the QR code, and beside it the
/// token, symbol and PIN to type into the app when the camera fails. Shown once: only hashes are stored.
/// </summary>
/// <remarks>A class, not a record, so that its <see cref="object.ToString"/> never writes the PIN or token into a log.</remarks>
public sealed class PairingTicketView
{
    /// <summary>The token in display form, <c>ABCD-EFGH</c> (the app accepts it in any case, with or without the dash).</summary>
    public required string Token { get; init; }

    /// <summary>The 6-digit PIN, shown beside the QR code and never inside it.</summary>
    public required string Pin { get; init; }

    /// <summary>The instance symbol to type into the app.</summary>
    public required string InstanceSymbol { get; init; }

    /// <summary>The base address of the mobile API (the instance's address plus <see cref="DeviceOptions.ApiPath"/>).</summary>
    public required Uri ApiBaseUrl { get; init; }

    /// <summary>When the ticket stops working.</summary>
    public required DateTimeOffset ExpiresAt { get; init; }

    /// <summary>The QR code's content (<see cref="PairingPayload"/>): address, symbol and token, never the PIN.</summary>
    public required string Payload { get; init; }

    /// <summary>The QR code as a PNG.</summary>
    public required byte[] QrPng { get; init; }

    /// <summary>The QR code as an SVG element, safe to inline into HTML.</summary>
    public required string QrSvg { get; init; }
}

/// <summary>What the app sends about itself when it registers.</summary>
public sealed record DeviceRegistration
{
    /// <summary>The name the user gives the device, e.g. "Telefon Anny": required, at most 100 characters.</summary>
    public required string Name { get; init; }

    /// <summary>The platform the app reports, e.g. "Android 15": optional, at most 100 characters.</summary>
    public string? Platform { get; init; }

    /// <summary>
    /// The device's public key as DER SubjectPublicKeyInfo: ECDSA on P-256 (the key kind apps should use) or RSA of
    /// 2048 to 8192 bits.
    /// </summary>
    public required byte[] PublicKey { get; init; }

    /// <summary>
    /// The app's User-Agent header, or <see langword="null"/>: the account's security trail keeps only a short
    /// description of it ("Android app").
    /// </summary>
    public string? UserAgent { get; init; }

    /// <summary>The app's IP address as the host saw it, or <see langword="null"/>: the trail keeps only its /24 or /48 network.</summary>
    public string? ClientAddress { get; init; }
}

/// <summary>A device just registered.</summary>
public sealed record DeviceRegistrationResult
{
    /// <summary>The device's id: the key id of its signed requests.</summary>
    public required Guid DeviceId { get; init; }

    /// <summary>The kind of the key the device signs with.</summary>
    public required DeviceKeyAlgorithm KeyAlgorithm { get; init; }

    /// <summary>The instance of the account.</summary>
    public required string InstanceSymbol { get; init; }

    /// <summary>The account's login (normalized e-mail), for the app's list of accounts.</summary>
    public required string AccountEmail { get; init; }

    /// <summary>
    /// The pupils the account sees at the moment of registration. Nothing is copied to the device: each signed request
    /// resolves them again from the records (R8), so a child added later appears without registering again.
    /// </summary>
    public required IReadOnlyList<VisiblePupil> Pupils { get; init; }
}

/// <summary>A registered device as the account holder sees it in the list on <b>Dostęp mobilny</b>.</summary>
public sealed record DeviceSummary
{
    /// <summary>The device's id.</summary>
    public required Guid Id { get; init; }

    /// <summary>The name given at registration.</summary>
    public required string Name { get; init; }

    /// <summary>The platform reported at registration (empty when none was).</summary>
    public required string Platform { get; init; }

    /// <summary>The kind of the device's key.</summary>
    public required DeviceKeyAlgorithm KeyAlgorithm { get; init; }

    /// <summary>When the device was registered.</summary>
    public required DateTimeOffset CreatedAt { get; init; }

    /// <summary>When the device last made a verified request.</summary>
    public required DateTimeOffset LastSeenAt { get; init; }

    /// <summary>When it was unregistered, if it was.</summary>
    public DateTimeOffset? RevokedAt { get; init; }

    /// <summary>Why it was unregistered, if it was.</summary>
    public DeviceRevocationReason? RevocationReason { get; init; }

    /// <summary>Whether the device was unregistered.</summary>
    public bool IsRevoked => RevokedAt is not null;
}
