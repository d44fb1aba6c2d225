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
    public const string Scheme = PairingUri.Scheme;

    /// <summary>The format version this library writes and reads.</summary>
    public const int CurrentVersion = 1;

    /// <summary>The longest payload written or read, in characters.</summary>
    public const int MaxLength = PairingUri.MaxLength;

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
    public override string ToString() => PairingUri.Write(ApiBaseUrl, InstanceSymbol, Token);

    /// <summary>
    /// Reads a scanned payload. Anything that is not a version-1 Uonet.Access pairing payload — too long, not printable
    /// ASCII, another scheme or host, an unknown version, a parameter missing or repeated, a broken percent-encoding, an
    /// invalid symbol or token, an API address that is relative or not http(s) — is refused with
    /// <see cref="AccessErrorCodes.PairingPayloadInvalid"/>. Never throws.
    /// </summary>
    /// <param name="payload">The text the scanner read.</param>
    public static AccessResult<PairingPayload> Parse(string? payload)
    {
        if (PairingUri.ReadParameters(payload) is not { } parameters)
        {
            return Invalid();
        }

        if (!parameters.TryGetValue("v", out var version) || version != "1"
            || !parameters.TryGetValue("api", out var api) || !Uri.TryCreate(api, UriKind.Absolute, out var apiUrl) || !PairingUri.IsApiBaseUrl(apiUrl)
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
        return PairingUri.IsApiBaseUrl(apiBaseUrl)
            ? apiBaseUrl
            : throw new ArgumentException("The API base URL must be an absolute http or https URL without user info, query or fragment.", nameof(apiBaseUrl));
    }

    private static string CheckedSymbol(string instanceSymbol) =>
        Records.InstanceSymbol.TryNormalize(instanceSymbol, out var symbol) is null
            ? symbol
            : throw new ArgumentException("The instance symbol is invalid.", nameof(instanceSymbol));

    private static AccessResult<PairingPayload> Invalid() => AccessResult<PairingPayload>.Failure(AccessErrorCodes.PairingPayloadInvalid, "payload");
}
