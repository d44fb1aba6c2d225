using System.Net;

namespace Uonet.Access.AspNetCore.Tests.Infrastructure;

/// <summary>
/// A client that keeps cookies as a browser does (by path and expiry), over the test server's handler, and remembers
/// the raw <c>Set-Cookie</c> lines of the last answer so that their attributes can be checked.
/// </summary>
public sealed class CookieBrowser : DelegatingHandler
{
    public CookieContainer Cookies { get; } = new();

    public IReadOnlyList<string> LastSetCookies { get; private set; } = [];

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var header = Cookies.GetCookieHeader(request.RequestUri!);
        if (header.Length > 0 && !request.Headers.Contains("Cookie"))
        {
            request.Headers.Add("Cookie", header);
        }

        var response = await base.SendAsync(request, cancellationToken);
        LastSetCookies = response.Headers.TryGetValues("Set-Cookie", out var lines) ? [.. lines] : [];
        foreach (var line in LastSetCookies)
        {
            Cookies.SetCookies(request.RequestUri!, line);
        }

        return response;
    }
}
