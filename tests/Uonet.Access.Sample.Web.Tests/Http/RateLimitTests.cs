using System.Net;
using Uonet.Access.Sample.Web.Tests.Infrastructure;

namespace Uonet.Access.Sample.Web.Tests.Http;

/// <summary>The client's address is the library's client key: its own limiter throttles first-login requests.</summary>
public sealed class RateLimitTests(PortalFactory factory) : IClassFixture<PortalFactory>
{
    [Fact]
    public async Task Restore_MoreThanTwentyTimesFromOneAddress_Answers429WithRetryAfter()
    {
        using var browser = new PortalBrowser(factory);
        await browser.GetAsync("/gminawulkanowo/dostep");
        var token = browser.AntiforgeryToken();

        for (var i = 0; i < 20; i++)
        {
            await browser.PostAsync("/gminawulkanowo/dostep", new Dictionary<string, string> { ["Email"] = $"adres{i}@example.pl" }, token);
            Assert.Equal(HttpStatusCode.OK, browser.Last!.StatusCode);
        }

        var response = await browser.PostAsync("/gminawulkanowo/dostep", new Dictionary<string, string> { ["Email"] = "adres21@example.pl" }, token);

        Assert.Equal(HttpStatusCode.TooManyRequests, response.StatusCode);
        Assert.Equal([AccessErrorCodes.RateLimited], browser.ErrorCodes());
        Assert.True(response.Headers.RetryAfter!.Delta > TimeSpan.Zero);
    }

    [Fact]
    public async Task SignIn_MoreThanFiftyFailuresFromOneAddress_Answers429WithRetryAfter()
    {
        using var browser = new PortalBrowser(factory);
        await browser.GetAsync("/gminawulkanowo");
        var token = browser.AntiforgeryToken();

        for (var i = 0; i < 50; i++)
        {
            await browser.PostAsync("/gminawulkanowo", new Dictionary<string, string> { ["Email"] = $"zgadywany{i}@example.pl", ["Password"] = "to nie jest niczyje hasło" }, token);
            Assert.Equal(HttpStatusCode.OK, browser.Last!.StatusCode);
        }

        var response = await browser.PostAsync("/gminawulkanowo", new Dictionary<string, string> { ["Email"] = "zgadywany51@example.pl", ["Password"] = "to nie jest niczyje hasło" }, token);

        Assert.Equal(HttpStatusCode.TooManyRequests, response.StatusCode);
        Assert.Equal([AccessErrorCodes.RateLimited], browser.ErrorCodes());
        Assert.Equal(TimeSpan.FromMinutes(15), response.Headers.RetryAfter!.Delta);
    }
}
