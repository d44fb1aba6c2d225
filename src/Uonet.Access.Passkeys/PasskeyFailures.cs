using System.Security.Cryptography;
using System.Text.Json;
using Fido2NetLib;
using Fido2NetLib.Exceptions;

namespace Uonet.Access.Passkeys;

/// <summary>Turns what Fido2 refuses into the library's stable codes, and reads the one field needed before it verifies.</summary>
internal static class PasskeyFailures
{
    public static AccessError From(Exception exception) => new(exception is Fido2VerificationException fido ? Code(fido.Code) : AccessErrorCodes.PasskeyVerificationFailed);

    private static string Code(Fido2ErrorCode code) => code switch
    {
        Fido2ErrorCode.InvalidAuthenticatorResponseOrigin or Fido2ErrorCode.MissingAuthenticatorResponseOrigin
            or Fido2ErrorCode.CrossOriginRequestNotAllowed or Fido2ErrorCode.InvalidAuthenticatorResponseTopOrigin => AccessErrorCodes.PasskeyOriginInvalid,
        Fido2ErrorCode.InvalidRpidHash => AccessErrorCodes.PasskeyRelyingPartyInvalid,
        Fido2ErrorCode.UserVerificationRequirementNotMet => AccessErrorCodes.PasskeyUserVerificationRequired,
        Fido2ErrorCode.InvalidSignCount => AccessErrorCodes.PasskeySignCountRegressed,
        Fido2ErrorCode.InvalidAuthenticatorResponseChallenge or Fido2ErrorCode.MissingAuthenticatorResponseChallenge => AccessErrorCodes.PasskeyChallengeInvalid,
        Fido2ErrorCode.NonUniqueCredentialId => AccessErrorCodes.PasskeyAlreadyRegistered,
        _ => AccessErrorCodes.PasskeyVerificationFailed,
    };

    /// <summary>
    /// The hash of the challenge the client data names: the key of the stored ceremony. Only a lookup key: Fido2 checks
    /// the whole client data against the stored options afterwards.
    /// </summary>
    public static string? ClientDataChallengeHash(byte[]? clientDataJson)
    {
        if (clientDataJson is null || clientDataJson.Length is 0 or > 64 * 1024)
        {
            return null;
        }

        try
        {
            using var document = JsonDocument.Parse(clientDataJson);
            if (document.RootElement.ValueKind != JsonValueKind.Object
                || !document.RootElement.TryGetProperty("challenge", out var challenge)
                || challenge.ValueKind != JsonValueKind.String
                || challenge.GetString() is not { Length: > 0 and <= 256 } text)
            {
                return null;
            }

            return Convert.ToHexStringLower(SHA256.HashData(System.Buffers.Text.Base64Url.DecodeFromChars(text)));
        }
        catch (Exception exception) when (exception is JsonException or FormatException)
        {
            return null;
        }
    }

    public static string ChallengeHash(byte[] challenge) => Convert.ToHexStringLower(SHA256.HashData(challenge));

    public static T? Parse<T>(string? json)
        where T : class
    {
        if (string.IsNullOrEmpty(json) || json.Length > 256 * 1024)
        {
            return null;
        }

        try
        {
            return JsonSerializer.Deserialize<T>(json);
        }
        catch (Exception exception) when (exception is JsonException or FormatException or NotSupportedException or ArgumentException)
        {
            return null;
        }
    }
}
