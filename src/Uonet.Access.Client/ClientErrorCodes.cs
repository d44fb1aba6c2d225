namespace Uonet.Access.Client;

/// <summary>
/// The stable codes a <see cref="ClientError"/> carries: the library's codes the mobile API answers with (the same
/// strings as <c>Uonet.Access.AccessErrorCodes</c>, which this package does not reference), the portal's own
/// <c>Request.*</c>/<c>Server.*</c> codes, and the client's own <c>Client.*</c> and payload codes.
/// </summary>
public static class ClientErrorCodes
{
    /// <summary>A required field of the request is missing (<c>field</c> names it).</summary>
    public const string FieldRequired = "Field.Required";

    /// <summary>A field of the request is too long, e.g. the device name.</summary>
    public const string FieldTooLong = "Field.TooLong";

    /// <summary>The request body is not JSON of the expected shape.</summary>
    public const string RequestMalformed = "Request.Malformed";

    /// <summary>The request body is too large.</summary>
    public const string RequestTooLarge = "Request.TooLarge";

    /// <summary>The server failed; try again later.</summary>
    public const string ServerError = "Server.Error";

    /// <summary>No instance has the symbol of the address.</summary>
    public const string InstanceNotFound = "Instance.NotFound";

    /// <summary>The pupil is not one the device's account sees now.</summary>
    public const string StudentNotFound = "Record.StudentNotFound";

    /// <summary>The account may not sign in (R1, R2).</summary>
    public const string SignInNotEligible = "SignIn.NotEligible";

    /// <summary>Too many requests; <see cref="ClientError.RetryAfter"/> says when to try again.</summary>
    public const string RateLimited = "RateLimit.Exceeded";

    /// <summary>A technical break (R10): <see cref="ClientError.RetryAfter"/> and the arguments <c>message</c>, <c>message.en</c>.</summary>
    public const string MaintenanceActive = "Maintenance.Active";

    /// <summary>No open pairing ticket has this token.</summary>
    public const string PairingTokenUnknown = "Pairing.TokenUnknown";

    /// <summary>The ticket's time ran out: ask for a new QR code.</summary>
    public const string PairingExpired = "Pairing.Expired";

    /// <summary>The ticket already registered a device.</summary>
    public const string PairingAlreadyUsed = "Pairing.AlreadyUsed";

    /// <summary>The ticket was closed (three wrong PINs, or a newer ticket).</summary>
    public const string PairingClosed = "Pairing.Closed";

    /// <summary>The PIN is wrong; <see cref="ClientError.RemainingTries"/> says how many tries are left.</summary>
    public const string PairingWrongPin = "Pairing.WrongPin";

    /// <summary>The ticket belongs to another instance than the address.</summary>
    public const string PairingWrongSymbol = "Pairing.WrongSymbol";

    /// <summary>The device key is not one the server accepts (ECDSA P-256, RSA 2048–8192).</summary>
    public const string PairingKeyRefused = "Pairing.KeyRefused";

    /// <summary>The account sees no pupil, so there is nothing to pair for.</summary>
    public const string PairingNoPupils = "Pairing.NoPupils";

    /// <summary>The scanned text is not a Uonet.Access pairing code (<see cref="PairingPayload.Parse"/>).</summary>
    public const string PairingPayloadInvalid = "Pairing.PayloadInvalid";

    /// <summary>
    /// The scanned code is a Uonet.Access pairing code of a version this client does not read (argument
    /// <c>version</c>): the app needs an update. The client's own code.
    /// </summary>
    public const string PairingPayloadVersionUnsupported = "Pairing.PayloadVersionUnsupported";

    /// <summary>The device id is unknown to the instance: register again.</summary>
    public const string DeviceNotFound = "Device.NotFound";

    /// <summary>The device was unregistered; <see cref="ClientError.RevocationReason"/> says why (R9): offer to register again.</summary>
    public const string DeviceRevoked = "Device.Revoked";

    /// <summary>The request carries no signature.</summary>
    public const string SignatureMissing = "Signature.Missing";

    /// <summary>The signature fields do not parse.</summary>
    public const string SignatureMalformed = "Signature.Malformed";

    /// <summary>The signature leaves out a component it must cover (argument <c>component</c>).</summary>
    public const string SignatureComponentMissing = "Signature.ComponentMissing";

    /// <summary>The body does not match its Content-Digest.</summary>
    public const string SignatureDigestMismatch = "Signature.DigestMismatch";

    /// <summary>The device's clock is too far from the server's: the app should ask to set the time automatically.</summary>
    public const string SignatureClockSkew = "Signature.ClockSkew";

    /// <summary>The signature does not verify with the registered key.</summary>
    public const string SignatureInvalid = "Signature.Invalid";

    /// <summary>The same signed request was sent twice.</summary>
    public const string SignatureReplayed = "Signature.Replayed";

    /// <summary>The device's account was closed.</summary>
    public const string SessionAccountClosed = "Session.AccountClosed";

    /// <summary>The device's account sees no pupil any more.</summary>
    public const string SessionNotEligible = "Session.NotEligible";

    /// <summary>The server could not be reached (no network, refused, timed out; arguments <c>url</c>). The client's own code.</summary>
    public const string ClientUnreachable = "Client.Unreachable";

    /// <summary>
    /// The server answered with something that is not the mobile API's JSON (argument <c>status</c>): a proxy's page, a
    /// wrong address. The client's own code.
    /// </summary>
    public const string ClientUnexpectedAnswer = "Client.UnexpectedAnswer";
}
