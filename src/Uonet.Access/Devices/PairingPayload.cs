using System.Globalization;
using System.Text;

namespace Uonet.Access.Devices;

/// <summary>
/// What the QR code of <b>Dostęp mobilny → Zarejestruj urządzenie mobilne</b> holds (R7): where the app registers and
/// with which token. Version 1 is the URI
/// <c>uonet-access://pair?v=1&amp;api=&lt;API base URL, percent-encoded&gt;&amp;symbol=&lt;instance symbol&gt;&amp;token=&lt;8 symbols, no dash&gt;</c>.
/// </summary>
/// <remarks>
/// <para>
/// The payload is plain and holds nothing secret on its own: the PIN is never in it (it is shown beside the code and
/// typed into the app), so a photographed code is useless without the PIN, and the ticket dies after one use, three
/// wrong PINs or its lifetime. UONET+ instead encrypts its payload with one AES key built into every install, which
/// protects nothing once the app is unpacked; this format does not pretend to.
/// </para>
/// <para>
/// Readers accept the scheme and host in any case and the parameters in any order; each parameter at most once;
/// parameters they do not know are ignored, so version 1 may grow optional ones, and anything an older reader must
/// not ignore gets a new <c>v</c>. The whole payload is printable ASCII of at most <see cref="MaxLength"/> characters,
/// which also keeps it within what <see cref="Imaging.QrCodeImage"/> draws.
/// </para>
/// </remarks>
public sealed record PairingPayload
{
    /// <summary>The URI scheme of the payload.</summary>
    public const string Scheme = "uonet-access";

    /// <summary>The format version this library writes and reads.</summary>
    public const int CurrentVersion = 1;

    /// <summary>The longest payload written or read, in characters.</summary>
    public const int MaxLength = 512;

    private const string Prefix = Scheme + "://pair";

    /// <summary>Creates a payload.</summary>
    /// <param name="apiBaseUrl">The absolute http(s) base address of the mobile API, without user info, query or fragment.</param>
    /// <param name="instanceSymbol">The instance symbol (normalized here).</param>
    /// <param name="token">The ticket's token, in any form <see cref="Parse"/> would accept (normalized here).</param>
    /// <exception cref="ArgumentException">An argument is invalid, or the payload would be longer than <see cref="MaxLength"/>.</exception>
    public PairingPayload(Uri apiBaseUrl, string instanceSymbol, string token)
        : this(CheckedSymbol(instanceSymbol), PairingCode.Normalize(token) ?? throw new ArgumentException("The token is not 8 symbols of the pairing alphabet.", nameof(token)), CheckedApiBaseUrl(apiBaseUrl))
    {
        if (ToString().Length > MaxLength)
        {
            throw new ArgumentException($"The payload would be longer than {MaxLength} characters; shorten the API base URL.", nameof(apiBaseUrl));
        }
    }

    // Takes values already validated and normalized.
    private PairingPayload(string normalizedSymbol, string normalizedToken, Uri apiBaseUrl)
    {
        ApiBaseUrl = apiBaseUrl;
        InstanceSymbol = normalizedSymbol;
        Token = normalizedToken;
    }

    /// <summary>The format version: <see cref="CurrentVersion"/>.</summary>
    public int Version => CurrentVersion;

    /// <summary>The base address of the mobile API the app registers with and then signs requests to.</summary>
    public Uri ApiBaseUrl { get; }

    /// <summary>The instance symbol (R6), sent back with the registration.</summary>
    public string InstanceSymbol { get; }

    /// <summary>The ticket's token in normal form: 8 symbols, upper case, no dash.</summary>
    public string Token { get; }

    /// <summary>The payload URI, to be drawn as the QR code.</summary>
    public override string ToString() =>
        string.Create(CultureInfo.InvariantCulture, $"{Prefix}?v={CurrentVersion}&api={Uri.EscapeDataString(ApiBaseUrl.AbsoluteUri)}&symbol={InstanceSymbol}&token={Token}");

    /// <summary>
    /// Reads a scanned payload. Anything that is not a version-1 Uonet.Access pairing payload — too long, not printable
    /// ASCII, another scheme or host, an unknown version, a parameter missing or repeated, a broken percent-encoding, an
    /// invalid symbol or token, an API address that is relative or not http(s) — is refused with
    /// <see cref="AccessErrorCodes.PairingPayloadInvalid"/>. Never throws.
    /// </summary>
    /// <param name="payload">The text the scanner read.</param>
    public static AccessResult<PairingPayload> Parse(string? payload)
    {
        if (payload is null || payload.Length is 0 or > MaxLength || !payload.All(c => c is > ' ' and <= '~')
            || !payload.StartsWith(Prefix, StringComparison.OrdinalIgnoreCase)
            || payload.Length == Prefix.Length || payload[Prefix.Length] != '?' || payload.Contains('#', StringComparison.Ordinal))
        {
            return Invalid();
        }

        var parameters = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var pair in payload[(Prefix.Length + 1)..].Split('&'))
        {
            var equals = pair.IndexOf('=', StringComparison.Ordinal);
            if (equals <= 0 || !TryUnescape(pair[(equals + 1)..], out var value) || !parameters.TryAdd(pair[..equals], value))
            {
                return Invalid();
            }
        }

        if (!parameters.TryGetValue("v", out var version) || version != "1"
            || !parameters.TryGetValue("api", out var api) || !Uri.TryCreate(api, UriKind.Absolute, out var apiUrl) || !IsApiBaseUrl(apiUrl)
            || !parameters.TryGetValue("symbol", out var symbol) || Records.InstanceSymbol.TryNormalize(symbol, out var normalizedSymbol) is not null
            || !parameters.TryGetValue("token", out var token) || PairingCode.Normalize(token) is not { } normalizedToken)
        {
            return Invalid();
        }

        // Written back, an address sent unescaped grows; what could not be written is not read either.
        var read = new PairingPayload(normalizedSymbol, normalizedToken, apiUrl);
        return read.ToString().Length > MaxLength ? Invalid() : AccessResult<PairingPayload>.Success(read);
    }

    private static Uri CheckedApiBaseUrl(Uri apiBaseUrl)
    {
        ArgumentNullException.ThrowIfNull(apiBaseUrl);
        return IsApiBaseUrl(apiBaseUrl)
            ? apiBaseUrl
            : throw new ArgumentException("The API base URL must be an absolute http or https URL without user info, query or fragment.", nameof(apiBaseUrl));
    }

    private static string CheckedSymbol(string instanceSymbol) =>
        Records.InstanceSymbol.TryNormalize(instanceSymbol, out var symbol) is null
            ? symbol
            : throw new ArgumentException("The instance symbol is invalid.", nameof(instanceSymbol));

    private static bool IsApiBaseUrl(Uri url) =>
        url.IsAbsoluteUri
        && (url.Scheme == Uri.UriSchemeHttps || url.Scheme == Uri.UriSchemeHttp)
        && url.Host.Length > 0
        && url.UserInfo.Length == 0
        && url.Query.Length == 0
        && url.Fragment.Length == 0;

    // Strict percent-decoding: every '%' starts two hex digits, the bytes are UTF-8 and decode to no control character. Uri.UnescapeDataString would
    // leave a broken escape in place instead of refusing it.
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

    private static AccessResult<PairingPayload> Invalid() => AccessResult<PairingPayload>.Failure(AccessErrorCodes.PairingPayloadInvalid, "payload");
}
