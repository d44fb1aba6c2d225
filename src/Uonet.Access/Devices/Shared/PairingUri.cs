using System.Globalization;
using System.Text;

namespace Uonet.Access.Devices;

/// <summary>
/// The envelope of the pairing payload — <c>uonet-access://pair?name=value&amp;…</c> — read by the server's
/// <c>PairingPayload</c> and compiled into the phone client as well (BCL only), so the two read a scanned code alike.
/// What the parameters must hold (version, symbol, token) stays with each reader.
/// </summary>
internal static class PairingUri
{
    public const string Scheme = "uonet-access";
    public const string Prefix = Scheme + "://pair";
    public const int MaxLength = 512;

    /// <summary>
    /// Splits a payload into its parameters, strictly: printable ASCII of at most <see cref="MaxLength"/> characters,
    /// the scheme and host in any case, no fragment, each parameter with a value and at most once, strict percent-encoding.
    /// </summary>
    public static Dictionary<string, string>? ReadParameters(string? payload)
    {
        if (payload is null || payload.Length is 0 or > MaxLength || !payload.All(c => c is > ' ' and <= '~')
            || !payload.StartsWith(Prefix, StringComparison.OrdinalIgnoreCase)
            || payload.Length == Prefix.Length || payload[Prefix.Length] != '?' || payload.Contains('#', StringComparison.Ordinal))
        {
            return null;
        }

        var parameters = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var pair in payload[(Prefix.Length + 1)..].Split('&'))
        {
            var equals = pair.IndexOf('=', StringComparison.Ordinal);
            if (equals <= 0 || !TryUnescape(pair[(equals + 1)..], out var value) || !parameters.TryAdd(pair[..equals], value))
            {
                return null;
            }
        }

        return parameters;
    }

    /// <summary>An absolute http(s) address with a host and without user info, query or fragment.</summary>
    public static bool IsApiBaseUrl(Uri url) =>
        url.IsAbsoluteUri
        && (url.Scheme == Uri.UriSchemeHttps || url.Scheme == Uri.UriSchemeHttp)
        && url.Host.Length > 0
        && url.UserInfo.Length == 0
        && url.Query.Length == 0
        && url.Fragment.Length == 0;

    /// <summary>The payload as the server writes it.</summary>
    public static string Write(Uri apiBaseUrl, string symbol, string token) =>
        string.Create(CultureInfo.InvariantCulture, $"{Prefix}?v=1&api={Uri.EscapeDataString(apiBaseUrl.AbsoluteUri)}&symbol={symbol}&token={token}");

    // Strict percent-decoding: every '%' starts two hex digits, the bytes are UTF-8 and decode to no control character.
    // Uri.UnescapeDataString would leave a broken escape in place instead of refusing it.
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
}
