using System.Globalization;
using System.Security.Cryptography;
using Uonet.Access.Credentials;

namespace Uonet.Access.Devices;

/// <summary>
/// The secrets of a pairing ticket: the token (in the QR code, and typed by hand when the camera fails) and the PIN
/// (shown beside the code, never in it), with the forms in which they are stored and compared.
/// </summary>
/// <remarks>
/// The token alphabet is the 23 capital letters without I, L and O plus the digits 2–9: 31 symbols, none of which
/// can be read as another (RFC 8628 §6.1 asks for such an alphabet for codes typed by people). Eight of them carry
/// log2(31^8) ≈ 39.6 bits, above the ≥ 34 bits the design asks for; a 32nd symbol would have to be one of the
/// look-alikes 0/O or 1/I/L, which is what the alphabet exists to avoid.
/// </remarks>
internal static class PairingCode
{
    /// <summary>The symbols of a token.</summary>
    public const string Alphabet = "ABCDEFGHJKMNPQRSTUVWXYZ23456789";

    /// <summary>Characters in a token (without the display dash).</summary>
    public const int TokenLength = 8;

    /// <summary>Digits in a PIN.</summary>
    public const int PinLength = 6;

    // Typed input longer than this is not a token with some spaces in it; refusing it early bounds the work.
    private const int MaxTypedLength = 64;

    /// <summary>A new token in normal form (8 symbols of <see cref="Alphabet"/>, no dash), from the CSPRNG.</summary>
    public static string NewToken() => RandomNumberGenerator.GetString(Alphabet, TokenLength);

    /// <summary>A new PIN: 6 digits from the CSPRNG, leading zeros kept.</summary>
    public static string NewPin() => RandomNumberGenerator.GetInt32(0, 1_000_000).ToString("D6", CultureInfo.InvariantCulture);

    /// <summary>
    /// The normal form of a token as a person typed it or a scanner read it: any case, with spaces and dashes (any
    /// Unicode dash, since phones turn "-" into "–") anywhere. <see langword="null"/> when anything else is left, or
    /// not exactly 8 symbols: look-alikes such as 0 or 1 are refused, not guessed.
    /// </summary>
    public static string? Normalize(string? typed)
    {
        if (typed is null || typed.Length > MaxTypedLength)
        {
            return null;
        }

        Span<char> token = stackalloc char[TokenLength];
        var length = 0;
        foreach (var c in typed)
        {
            if (char.IsWhiteSpace(c) || char.GetUnicodeCategory(c) == UnicodeCategory.DashPunctuation)
            {
                continue;
            }

            var upper = char.ToUpperInvariant(c);
            if (length == TokenLength || !Alphabet.Contains(upper, StringComparison.Ordinal))
            {
                return null;
            }

            token[length++] = upper;
        }

        return length == TokenLength ? new string(token) : null;
    }

    /// <summary>The form shown on the page: <c>ABCD-EFGH</c>.</summary>
    public static string Display(string token) => string.Concat(token.AsSpan(0, TokenLength / 2), "-", token.AsSpan(TokenLength / 2));

    /// <summary>How a normalized token is stored and looked up: SHA-256, lower-case hex.</summary>
    public static string HashToken(string token) => SecretTokens.Hash(token);

    /// <summary>
    /// The normal form of a typed PIN: 6 ASCII digits once spaces are removed, else <see langword="null"/>.
    /// </summary>
    public static string? NormalizePin(string? typed)
    {
        if (typed is null || typed.Length > MaxTypedLength)
        {
            return null;
        }

        var pin = string.Concat(typed.Where(c => !char.IsWhiteSpace(c)));
        return pin.Length == PinLength && pin.All(char.IsAsciiDigit) ? pin : null;
    }

    /// <summary>
    /// How a PIN is stored: SHA-256 (hex) of the ticket id and the PIN, so that the same PIN of two tickets never gives
    /// the same hash.
    /// </summary>
    public static string HashPin(Guid ticketId, string pin) =>
        SecretTokens.Hash(string.Create(CultureInfo.InvariantCulture, $"{ticketId:N}:{pin}"));

    /// <summary>Whether <paramref name="pin"/> (normalized) is the ticket's PIN; compared in constant time.</summary>
    public static bool PinMatches(PairingTicket ticket, string pin) => SecretTokens.HashesEqual(ticket.PinHash, HashPin(ticket.Id, pin));
}
