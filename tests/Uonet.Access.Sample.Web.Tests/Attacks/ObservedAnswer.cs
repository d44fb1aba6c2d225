using System.Net;
using System.Text.RegularExpressions;

namespace Uonet.Access.Sample.Web.Tests.Attacks;

/// <summary>
/// What an outsider can observe of one answer, with only the per-request values taken out: the anti-forgery token's
/// value, the address the person typed (echoed in the form), the Date header, and cookie values (their names and
/// attributes stay). Two answers that differ here tell the outsider something.
/// </summary>
public sealed partial record ObservedAnswer(HttpStatusCode Status, string Headers, string Body)
{
    public static async Task<ObservedAnswer> OfAsync(HttpResponseMessage response, string typedAddress)
    {
        ArgumentNullException.ThrowIfNull(response);
        var body = await response.Content.ReadAsStringAsync();
        body = AntiforgeryValue().Replace(body, "$1{token}$2");
        body = body.Replace(WebUtility.HtmlEncode(typedAddress), "{address}", StringComparison.Ordinal)
            .Replace(typedAddress, "{address}", StringComparison.Ordinal);
        var headers = response.Headers.Concat(response.Content.Headers)

            // The length follows from the body, which is compared after the typed address is taken out.
            .Where(h => h.Key is not ("Date" or "Content-Length"))
            .Select(h => h.Key == "Set-Cookie" ? (h.Key, Values: h.Value.Select(CookieShape)) : (h.Key, Values: h.Value))
            .OrderBy(h => h.Key, StringComparer.OrdinalIgnoreCase)
            .Select(h => $"{h.Key}: {string.Join(" | ", h.Values.Order(StringComparer.Ordinal))}");
        return new ObservedAnswer(response.StatusCode, string.Join('\n', headers), body);
    }

    /// <summary>A cookie without its value: <c>name=; path=/x; httponly</c>.</summary>
    private static string CookieShape(string cookie)
    {
        var equals = cookie.IndexOf('=', StringComparison.Ordinal);
        var semicolon = cookie.IndexOf(';', StringComparison.Ordinal);
        return equals < 0 ? cookie : cookie[..(equals + 1)] + (semicolon < 0 ? string.Empty : cookie[semicolon..]);
    }

    [GeneratedRegex("(name=\"__RequestVerificationToken\"[^>]*value=\")[^\"]+(\")")]
    private static partial Regex AntiforgeryValue();
}
