using System.Collections.Concurrent;

namespace Uonet.Access.Sample.Web.Tests.Infrastructure;

/// <summary>A portal whose staff (and other addresses) set their password once and then sign in as often as the tests need.</summary>
public sealed class StaffPortalFactory : PortalFactory
{
    public const string Password = "zielony rower jedzie szybko";

    private readonly ConcurrentDictionary<string, Lazy<Task>> _passwords = new(StringComparer.Ordinal);

    public async Task<PortalBrowser> SignedInAsync(string email)
    {
        await _passwords.GetOrAdd(email, address => new Lazy<Task>(async () =>
        {
            using var first = new PortalBrowser(this);
            await first.SetPasswordAsync(address, Password);
        })).Value;
        var browser = new PortalBrowser(this);
        await browser.SignInAsync(email, Password);
        Assert.Equal(System.Net.HttpStatusCode.Redirect, browser.Last!.StatusCode);
        return browser;
    }
}
