using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Uonet.Access.Credentials;
using Uonet.Access.Sample.Web.Tests.Infrastructure;
using Uonet.Access.Storage;

namespace Uonet.Access.Sample.Web.Tests.Http;

/// <summary>The human check hook: the form's response goes to the library's <see cref="IHumanCheck"/>, and a refusal sends nothing.</summary>
public sealed class HumanCheckTests(HumanCheckTests.Factory factory) : IClassFixture<HumanCheckTests.Factory>
{
    [Fact]
    public async Task Restore_WhenTheHumanCheckRefuses_ShowsTheRefusalAndMailsNothing()
    {
        using var browser = new PortalBrowser(factory);

        await browser.SubmitAsync("/gminawulkanowo/dostep", new Dictionary<string, string> { ["Email"] = "anna.nowak@example.pl", ["HumanCheckResponse"] = "robot" });

        Assert.Equal([AccessErrorCodes.HumanCheckFailed], browser.ErrorCodes());
        Assert.Empty(await factory.Services.GetRequiredService<IOutboxStore>().ListAsync("anna.nowak@example.pl", 10, CancellationToken.None));
    }

    [Fact]
    public async Task Restore_WhenTheHumanCheckAccepts_SendsTheLinkWithTheClientAddress()
    {
        using var browser = new PortalBrowser(factory);

        await browser.SubmitAsync("/gminawulkanowo/dostep", new Dictionary<string, string> { ["Email"] = "ola.nowak@uczen.example.pl", ["HumanCheckResponse"] = "człowiek" });

        Assert.Contains("id=\"restore-sent\"", browser.Html, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, browser.Last!.StatusCode);
        Assert.Contains(("człowiek", PortalFactory.ClientAddress), Captcha.Seen);
    }

    public sealed class Factory : PortalFactory
    {
        public Factory()
        {
            TestServices = services => services.AddSingleton<IHumanCheck, Captcha>();
        }
    }

    private sealed class Captcha : IHumanCheck
    {
        public static readonly System.Collections.Concurrent.ConcurrentBag<(string?, string?)> Seen = [];

        public ValueTask<bool> VerifyAsync(string? response, string? clientKey, CancellationToken cancellationToken)
        {
            Seen.Add((response, clientKey));
            return ValueTask.FromResult(response == "człowiek");
        }
    }
}
