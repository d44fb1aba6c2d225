using System.Globalization;
using System.Text;

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
    public const string Scheme = "uonet-access";

    /// <summary>The format version this client reads.</summary>
    public const int SupportedVersion = 1;

    /// <summary>The longest payload read, in characters.</summary>
    public const int MaxLength = 512;

    private const string Prefix = Scheme + "://pair";
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
    public override string ToString() =>
        string.Create(CultureInfo.InvariantCulture, $"{Prefix}?v={SupportedVersion}&api={Uri.EscapeDataString(ApiBaseUrl.AbsoluteUri)}&symbol={InstanceSymbol}&token={Token}");

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
        if (payload is null || payload.Length is 0 or > MaxLength || !payload.All(c => c is > ' ' and <= '~')
            || !payload.StartsWith(Prefix, StringComparison.OrdinalIgnoreCase)
            || payload.Length == Prefix.Length || payload[Prefix.Length] != '?' || payload.Contains('#', StringComparison.Ordinal))
        {
            return Invalid("payload", culture);
        }

        var parameters = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var pair in payload[(Prefix.Length + 1)..].Split('&'))
        {
            var equals = pair.IndexOf('=', StringComparison.Ordinal);
            if (equals <= 0 || !TryUnescape(pair[(equals + 1)..], out var value) || !parameters.TryAdd(pair[..equals], value))
            {
                return Invalid("payload", culture);
            }
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

        if (!parameters.TryGetValue("api", out var api) || !Uri.TryCreate(api, UriKind.Absolute, out var apiUrl) || !IsApiBaseUrl(apiUrl))
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

    private static bool IsApiBaseUrl(Uri url) =>
        (url.Scheme == Uri.UriSchemeHttps || url.Scheme == Uri.UriSchemeHttp)
        && url.Host.Length > 0
        && url.UserInfo.Length == 0
        && url.Query.Length == 0
        && url.Fragment.Length == 0;

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

    // Strict percent-decoding: every '%' starts two hex digits, the bytes are UTF-8 and decode to no control character.
    private static bool TryUnescape(string text, out string value)
    {
        value = string.Empty;
        var bytes = new List<byte>(text.Length);
        for (var i = 0; i < text.Length; i++)
        {
            if (text[i] != '%')
            {
                bytes.Add((byte)text[i]);
            }
            else if (i + 2 < text.Length && byte.TryParse(text.AsSpan(i + 1, 2), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var b))
            {
                bytes.Add(b);
                i += 2;
            }
            else
            {
                return false;
            }
        }

        try
        {
            value = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true).GetString([.. bytes]);
            return !value.Any(char.IsControl);
        }
        catch (DecoderFallbackException)
        {
            return false;
        }
    }

    private static ClientResult<PairingPayload> Invalid(string field, CultureInfo culture) =>
        ClientResult<PairingPayload>.Failure(ClientMessages.Error(ClientErrorCodes.PairingPayloadInvalid, culture, field));
}
