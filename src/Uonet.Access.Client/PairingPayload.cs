using System.Globalization;
using System.Text;
using Uonet.Access.Devices;

namespace Uonet.Access.Client;

/// <summary>
/// What the pairing QR code of <b>Dostęp mobilny → Zarejestruj urządzenie mobilne</b> holds (R7): where the app
/// registers and with which token. Version 1 is
/// <c>uonet-access://pair?v=1&amp;api=&lt;API base URL, percent-encoded&gt;&amp;symbol=&lt;instance symbol&gt;&amp;token=&lt;8 symbols&gt;</c>.
/// The PIN is never in it: the app asks the person for the PIN shown beside the code.
/// </summary>
public sealed record PairingPayload
{
    /// <summary>The URI scheme of the payload.</summary>
    public const string Scheme = PairingUri.Scheme;

    /// <summary>The format version this client reads.</summary>
    public const int SupportedVersion = 1;

    /// <summary>The longest payload read, in characters.</summary>
    public const int MaxLength = PairingUri.MaxLength;

    private const string TokenAlphabet = "ABCDEFGHJKMNPQRSTUVWXYZ23456789";
    private const int TokenLength = 8;

    private PairingPayload(Uri apiBaseUrl, string instanceSymbol, string token)
    {
        ApiBaseUrl = apiBaseUrl;
        InstanceSymbol = instanceSymbol;
        Token = token;
    }

    /// <summary>The format version: <see cref="SupportedVersion"/>.</summary>
    public int Version => SupportedVersion;

    /// <summary>The base address of the mobile API (<c>…/{symbol}/api/mobile/</c>): give it to <see cref="MobileApiClient"/>.</summary>
    public Uri ApiBaseUrl { get; }

    /// <summary>The instance symbol (R6), lower case.</summary>
    public string InstanceSymbol { get; }

    /// <summary>The ticket's token in normal form: 8 symbols, upper case, no dash.</summary>
    public string Token { get; }

    /// <summary>The payload URI in the form the server writes.</summary>
    public override string ToString() => PairingUri.Write(ApiBaseUrl, InstanceSymbol, Token);

    /// <summary>
    /// Reads a scanned code, strictly: the whole text must be a version-1 payload. A newer version is refused with
    /// <see cref="ClientErrorCodes.PairingPayloadVersionUnsupported"/> (argument <c>version</c>: the app needs an update);
    /// anything else that is not a payload with <see cref="ClientErrorCodes.PairingPayloadInvalid"/>, its
    /// <see cref="ClientError.Field"/> naming the part at fault: <c>payload</c> (too long, not printable ASCII, another
    /// scheme or host, a parameter without a value, repeated or badly percent-encoded), <c>v</c>, <c>api</c> (relative, not
    /// http(s), with user info, query or fragment), <c>symbol</c> or <c>token</c>. Parameters it does not know are
    /// ignored, so version 1 may grow optional ones. Never throws.
    /// </summary>
    /// <param name="payload">The text the scanner read.</param>
    /// <param name="culture">The language of the error message (Polish unless English or Ukrainian); the current UI culture by default.</param>
    public static ClientResult<PairingPayload> Parse(string? payload, CultureInfo? culture = null)
    {
        culture ??= CultureInfo.CurrentUICulture;
        if (PairingUri.ReadParameters(payload) is not { } parameters)
        {
            return Invalid("payload", culture);
        }

        if (!parameters.TryGetValue("v", out var version))
        {
            return Invalid("v", culture);
        }

        if (version != "1")
        {
            return IsVersionNumber(version)
                ? ClientResult<PairingPayload>.Failure(ClientMessages.Error(ClientErrorCodes.PairingPayloadVersionUnsupported, culture, "v", new Dictionary<string, string> { ["version"] = version }))
                : Invalid("v", culture);
        }

        if (!parameters.TryGetValue("api", out var api) || !Uri.TryCreate(api, UriKind.Absolute, out var apiUrl) || !PairingUri.IsApiBaseUrl(apiUrl))
        {
            return Invalid("api", culture);
        }

        if (!parameters.TryGetValue("symbol", out var symbol) || NormalizeSymbol(symbol) is not { } normalizedSymbol)
        {
            return Invalid("symbol", culture);
        }

        if (!parameters.TryGetValue("token", out var token) || NormalizeToken(token) is not { } normalizedToken)
        {
            return Invalid("token", culture);
        }

        // Written back, an address sent unescaped grows; the server writes nothing longer, so nothing longer is read.
        var read = new PairingPayload(apiUrl, normalizedSymbol, normalizedToken);
        return read.ToString().Length > MaxLength ? Invalid("api", culture) : ClientResult<PairingPayload>.Success(read);
    }

    private static bool IsVersionNumber(string version) =>
        version.Length is > 0 and <= 9 && version[0] is >= '1' and <= '9' && version.All(char.IsAsciiDigit);

    // The server's rule for symbols: 2–64 lower-case ASCII letters, digits and inner hyphens (case is folded).
    private static string? NormalizeSymbol(string symbol)
    {
        var text = symbol.Trim();
        if (!Ascii.IsValid(text))
        {
            return null;
        }

        text = text.ToLowerInvariant();
        return text.Length is >= 2 and <= 64 && text[0] != '-' && text[^1] != '-' && text.All(c => char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c == '-')
            ? text
            : null;
    }

    // The server's token alphabet without look-alikes (no I, L, O, 0, 1); dashes and spaces are dropped, case folded.
    private static string? NormalizeToken(string token)
    {
        var symbols = new StringBuilder(TokenLength);
        foreach (var c in token)
        {
            if (char.IsWhiteSpace(c) || char.GetUnicodeCategory(c) == UnicodeCategory.DashPunctuation)
            {
                continue;
            }

            var upper = char.ToUpperInvariant(c);
            if (symbols.Length == TokenLength || !TokenAlphabet.Contains(upper, StringComparison.Ordinal))
            {
                return null;
            }

            symbols.Append(upper);
        }

        return symbols.Length == TokenLength ? symbols.ToString() : null;
    }

    private static ClientResult<PairingPayload> Invalid(string field, CultureInfo culture) =>
        ClientResult<PairingPayload>.Failure(ClientMessages.Error(ClientErrorCodes.PairingPayloadInvalid, culture, field));
}
