using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text.Json;
using System.Text.RegularExpressions;
using Uonet.Access.Devices;

namespace Uonet.Access.Sample.Web.Tests.Load;

/// <summary>
/// A person at a portal process over real HTTP: a cookie jar, forms posted with the page's anti-forgery token, the
/// development outbox page for mailed links, and a phone paired through the pages and the mobile API. Shared with
/// <c>benchmarks/Uonet.Access.LoadTest</c>: no test framework here; a step that goes wrong throws.
/// </summary>
public sealed partial class PortalVisitor : IDisposable
{
    public const string Symbol = "gminawulkanowo";

    private readonly HttpClient _http;
    private readonly CookieContainer _cookies = new();

    public PortalVisitor(Uri root)
    {
        _http = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false, UseCookies = true, CookieContainer = _cookies })
        {
            BaseAddress = root,
            Timeout = TimeSpan.FromSeconds(60),
        };
    }

    /// <summary>Opens <paramref name="page"/> and posts <paramref name="fields"/> with its anti-forgery token to <paramref name="action"/> (default: the page).</summary>
    public async Task<(HttpStatusCode Status, string Html, Uri? Location)> SubmitAsync(string page, IReadOnlyDictionary<string, string> fields, string? action = null, CancellationToken cancellationToken = default)
    {
        var form = new Dictionary<string, string>(fields) { ["__RequestVerificationToken"] = AntiforgeryToken(await GetAsync(page, cancellationToken)) };
        using var content = new FormUrlEncodedContent(form);
        using var response = await _http.PostAsync(new Uri(action ?? page, UriKind.Relative), content, cancellationToken);
        return (response.StatusCode, await response.Content.ReadAsStringAsync(cancellationToken), response.Headers.Location);
    }

    public async Task<string> GetAsync(string path, CancellationToken cancellationToken = default)
    {
        using var response = await _http.GetAsync(new Uri(path, UriKind.Relative), cancellationToken);
        return await response.Content.ReadAsStringAsync(cancellationToken);
    }

    /// <summary>The first login (R3, R4): asks for the link, takes it from the development outbox, sets the password, signs in.</summary>
    public async Task FirstLoginAsync(string email, string password, CancellationToken cancellationToken = default)
    {
        var started = await SubmitAsync($"/{Symbol}/dostep", new Dictionary<string, string> { ["Email"] = email }, cancellationToken: cancellationToken);
        Expect(started.Html.Contains("id=\"restore-sent\"", StringComparison.Ordinal), $"the first login of {email} was not started ({started.Status})");
        var outbox = await GetAsync("/dev/poczta?do=" + Uri.EscapeDataString(email), cancellationToken);
        var link = MailLink().Match(outbox);
        Expect(link.Success, $"no link was mailed to {email}");
        var target = new Uri(WebUtility.HtmlDecode(link.Groups[1].Value)).PathAndQuery;
        var token = target[(target.IndexOf("token=", StringComparison.Ordinal) + 6)..];
        var set = await SubmitAsync(target, new Dictionary<string, string> { ["Token"] = Uri.UnescapeDataString(token), ["Password"] = password, ["Repeated"] = password }, cancellationToken: cancellationToken);
        Expect(set.Html.Contains("id=\"password-set\"", StringComparison.Ordinal), $"the password of {email} was not set ({set.Status})");
        var signedIn = await SignInAsync(email, password, cancellationToken);
        Expect(signedIn == HttpStatusCode.Redirect, $"{email} could not sign in ({signedIn})");
    }

    /// <summary>Signs in; a redirect (302) means a session cookie was issued.</summary>
    public async Task<HttpStatusCode> SignInAsync(string email, string password, CancellationToken cancellationToken = default) =>
        (await SubmitAsync($"/{Symbol}", new Dictionary<string, string> { ["Email"] = email, ["Password"] = password }, cancellationToken: cancellationToken)).Status;

    /// <summary>Pairs a new phone with the signed-in account (R7): the ticket from the page, then the API's registration.</summary>
    public async Task<PairedPhone> PairPhoneAsync(string deviceName, CancellationToken cancellationToken = default)
    {
        var page = await SubmitAsync($"/{Symbol}/dostep-mobilny", new Dictionary<string, string>(), $"/{Symbol}/dostep-mobilny?handler=Pair", cancellationToken);
        var token = ElementText(page.Html, "pairing-token");
        var pin = ElementText(page.Html, "pairing-pin");
        var publicKey = DeviceRequestSigner.NewDeviceKey(out var key);
        using var response = await _http.PostAsJsonAsync(new Uri($"/{Symbol}/api/mobile/register", UriKind.Relative), new
        {
            token,
            pin,
            deviceName,
            platform = "android",
            publicKey = Convert.ToBase64String(publicKey),
        }, cancellationToken);
        var body = await response.Content.ReadAsStringAsync(cancellationToken);
        Expect(response.StatusCode == HttpStatusCode.OK, $"the phone was not registered ({response.StatusCode}): {body}");
        using var json = JsonDocument.Parse(body);
        return new PairedPhone(json.RootElement.GetProperty("deviceId").GetGuid(), key,
            [.. json.RootElement.GetProperty("pupils").EnumerateArray().Select(p => p.GetProperty("studentId").GetGuid())]);
    }

    /// <summary>The <c>Cookie</c> header this visitor would send to <paramref name="path"/>: its session, once signed in, for another client to present.</summary>
    public string CookieHeader(string path) => _cookies.GetCookieHeader(new Uri(_http.BaseAddress!, path));

    public static string AntiforgeryToken(string html)
    {
        var match = AntiforgeryField().Match(html);
        Expect(match.Success, "the page has no anti-forgery token");
        return WebUtility.HtmlDecode(match.Groups[1].Value);
    }

    public void Dispose() => _http.Dispose();

    private static string ElementText(string html, string id)
    {
        var match = Regex.Match(html, $"id=\"{Regex.Escape(id)}\">([^<]*)<", RegexOptions.None, TimeSpan.FromSeconds(1));
        Expect(match.Success, $"the page shows no {id}");
        return WebUtility.HtmlDecode(match.Groups[1].Value).Trim();
    }

    private static void Expect(bool condition, string failure)
    {
        if (!condition)
        {
            throw new InvalidOperationException(failure);
        }
    }

    [GeneratedRegex("name=\"__RequestVerificationToken\"[^>]*value=\"([^\"]+)\"")]
    private static partial Regex AntiforgeryField();

    [GeneratedRegex("<a href=\"([^\"]+)\" class=\"mail-link\">")]
    private static partial Regex MailLink();
}

/// <summary>A registered phone: its device id (the signatures' key id), its private key, and the pupils it was shown.</summary>
public sealed record PairedPhone(Guid DeviceId, ECDsa Key, IReadOnlyList<Guid> Pupils) : IDisposable
{
    /// <summary>A GET of <paramref name="target"/> signed now (RFC 9421), as the app sends it.</summary>
    public HttpRequestMessage Signed(Uri target)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, target);
        foreach (var (name, value) in DeviceRequestSigner.Sign("GET", target, [], DeviceId, Key, DateTimeOffset.UtcNow).ToHeaders())
        {
            request.Headers.TryAddWithoutValidation(name, value);
        }

        return request;
    }

    public void Dispose() => Key.Dispose();
}
