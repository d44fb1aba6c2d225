using System.Net;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Uonet.Access.Mail;

namespace Uonet.Access.Sample.Web.Tests.Infrastructure;

/// <summary>
/// A person at the HTTP level: a cookie jar, no automatic redirects, and forms posted the way a browser posts them
/// (with the anti-forgery token of the page they were on).
/// </summary>
public sealed partial class PortalBrowser : IDisposable
{
    public const string Symbol = "gminawulkanowo";
    public const string Root = "/" + Symbol;

    private readonly PortalFactory _factory;

    public PortalBrowser(PortalFactory factory)
    {
        _factory = factory;
        Http = factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true });
    }

    public HttpClient Http { get; }

    /// <summary>The last page's HTML (decoded text of the response).</summary>
    public string Html { get; private set; } = string.Empty;

    public HttpResponseMessage? Last { get; private set; }

    public async Task<HttpResponseMessage> GetAsync(string url)
    {
        Last = await Http.GetAsync(new Uri(url, UriKind.RelativeOrAbsolute));
        Html = await Last.Content.ReadAsStringAsync();
        return Last;
    }

    /// <summary>Opens a page carrying a cookie of our own making (a forged, stale or foreign one) besides the jar's.</summary>
    public async Task<HttpResponseMessage> GetWithCookieAsync(string url, string cookie)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(url, UriKind.RelativeOrAbsolute));
        request.Headers.Add("Cookie", cookie);
        Last = await Http.SendAsync(request);
        Html = await Last.Content.ReadAsStringAsync();
        return Last;
    }

    /// <summary>Opens <paramref name="page"/>, then posts <paramref name="fields"/> to <paramref name="action"/> (default: the page itself).</summary>
    public async Task<HttpResponseMessage> SubmitAsync(string page, IReadOnlyDictionary<string, string> fields, string? action = null)
    {
        await GetAsync(page);
        return await PostAsync(action ?? page, fields, AntiforgeryToken());
    }

    public async Task<HttpResponseMessage> PostAsync(string url, IReadOnlyDictionary<string, string> fields, string? antiforgeryToken)
    {
        var form = new Dictionary<string, string>(fields);
        if (antiforgeryToken is not null)
        {
            form["__RequestVerificationToken"] = antiforgeryToken;
        }

        using var content = new FormUrlEncodedContent(form);
        Last = await Http.PostAsync(new Uri(url, UriKind.RelativeOrAbsolute), content);
        Html = await Last.Content.ReadAsStringAsync();
        return Last;
    }

    public async Task<HttpResponseMessage> PostAsync(string url, HttpContent content)
    {
        Last = await Http.PostAsync(new Uri(url, UriKind.RelativeOrAbsolute), content);
        Html = await Last.Content.ReadAsStringAsync();
        return Last;
    }

    public string AntiforgeryToken()
    {
        var match = AntiforgeryField().Match(Html);
        Assert.True(match.Success, "the page has no anti-forgery token");
        return WebUtility.HtmlDecode(match.Groups[1].Value);
    }

    /// <summary>The decoded text of the element with this id (tags removed), or null.</summary>
    public string? Text(string id)
    {
        var match = Regex.Match(Html, $"<(\\w+)[^>]*\\bid=\"{Regex.Escape(id)}\"[^>]*>(.*?)</\\1>", RegexOptions.Singleline);
        return match.Success ? WebUtility.HtmlDecode(Tags().Replace(match.Groups[2].Value, " ")).Trim() : null;
    }

    /// <summary>The codes of the errors shown on the page (<c>data-code</c> of the error list).</summary>
    public IReadOnlyList<string> ErrorCodes() =>
        [.. ErrorCode().Matches(Html).Select(m => m.Groups[1].Value)];

    /// <summary>The newest link mailed to an address (the outbox the development page shows).</summary>
    public async Task<string> MailedLinkAsync(string email)
    {
        var outbox = _factory.Services.GetRequiredService<DevelopmentOutbox>();
        var mail = (await outbox.ListAsync(email, 10, CancellationToken.None)).Select(e => e.Message).FirstOrDefault(m => m.Link is not null);
        Assert.NotNull(mail);
        return new Uri(mail!.Link!).PathAndQuery;
    }

    /// <summary>The first login (R3): ask for the link, open it, set the password twice, then sign in.</summary>
    public async Task FirstLoginAsync(string email, string password, string symbol = Symbol)
    {
        await SetPasswordAsync(email, password, symbol);
        await SignInAsync(email, password, symbol);
        Assert.Equal(HttpStatusCode.Redirect, Last!.StatusCode);
    }

    public async Task SetPasswordAsync(string email, string password, string symbol = Symbol)
    {
        // The outbox lists newest first: a second of the fake clock keeps this link ahead of earlier ones.
        _factory.Time.Advance(TimeSpan.FromSeconds(1));
        await SubmitAsync($"/{symbol}/dostep", new Dictionary<string, string> { ["Email"] = email });
        Assert.Contains("id=\"restore-sent\"", Html, StringComparison.Ordinal);
        var link = await MailedLinkAsync(email);
        await GetAsync(link);
        var token = link[(link.IndexOf("token=", StringComparison.Ordinal) + 6)..];
        await PostAsync(link, new Dictionary<string, string> { ["Token"] = token, ["Password"] = password, ["Repeated"] = password }, AntiforgeryToken());
        Assert.Contains("id=\"password-set\"", Html, StringComparison.Ordinal);
    }

    public Task<HttpResponseMessage> SignInAsync(string email, string password, string symbol = Symbol) =>
        SubmitAsync($"/{symbol}", new Dictionary<string, string> { ["Email"] = email, ["Password"] = password });

    public void Dispose() => Http.Dispose();

    [GeneratedRegex("name=\"__RequestVerificationToken\"[^>]*value=\"([^\"]+)\"")]
    private static partial Regex AntiforgeryField();

    [GeneratedRegex("<[^>]+>")]
    private static partial Regex Tags();

    [GeneratedRegex("<li data-code=\"([^\"]+)\"")]
    private static partial Regex ErrorCode();
}
