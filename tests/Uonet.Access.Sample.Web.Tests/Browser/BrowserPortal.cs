using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Playwright;
using Uonet.Access.Credentials;
using Uonet.Access.Sample.Web.Tests.Infrastructure;
using Uonet.Access.Mail;

namespace Uonet.Access.Sample.Web.Tests.Browser;

/// <summary>
/// The portal listening on a real loopback port (Kestrel) and Debian's Chromium driven by Playwright. Playwright's own
/// browser download is never used; without <c>/usr/bin/chromium</c> every browser test fails with one line saying so.
/// </summary>
public sealed class BrowserPortal : IAsyncLifetime
{
    public const string Chromium = "/usr/bin/chromium";
    public const string Password = "zielony rower jedzie szybko";

    private IPlaywright? _playwright;
    private IBrowser? _browser;

    /// <summary>The portal, in real time: the browser's clock is the real one.</summary>
    public PortalFactory Portal { get; } = new KestrelPortalFactory();

    public Uri Address { get; private set; } = null!;

    /// <summary>The portal as <c>localhost</c>: the address WebAuthn accepts as a relying party.</summary>
    public Uri LocalhostAddress => new UriBuilder(Address) { Host = "localhost" }.Uri;

    public async Task InitializeAsync()
    {
        if (!File.Exists(Chromium))
        {
            return;
        }

        Portal.UseKestrel(0);
        Portal.StartServer();
        Address = Portal.ListeningAddress;
        _playwright = await Playwright.CreateAsync();
        _browser = await _playwright.Chromium.LaunchAsync(Launch());
    }

    /// <summary>Debian's Chromium, headless, with nothing of its own talking to the network.</summary>
    public static BrowserTypeLaunchOptions Launch() => new()
    {
        ExecutablePath = Chromium,
        Headless = true,
        Args = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
    };

    /// <summary>
    /// A fresh browser profile (no cookies) on <paramref name="address"/> (default: this portal), in the portal's
    /// <paramref name="language"/> (<c>pl</c>, <c>en</c> or <c>uk</c>, as <c>?lang=</c> would remember it).
    /// </summary>
    public async Task<IPage> NewPageAsync(Uri? address = null, string language = "pl")
    {
        if (_browser is null)
        {
            Assert.Fail($"Chromium is missing at {Chromium}: install Debian's package (apt-get install chromium) to run the browser tests.");
        }

        var context = await _browser!.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = (address ?? Address).ToString(),
            Locale = "pl-PL",
            ViewportSize = new ViewportSize { Width = 1200, Height = 820 },
        });
        if (language != "pl")
        {
            var origin = address ?? Address;
            await context.AddCookiesAsync([new Cookie { Name = "uonet-lang", Value = language, Domain = origin.Host, Path = "/" }]);
        }

        return await context.NewPageAsync();
    }

    /// <summary>The newest link mailed to an address, as the outbox holds it.</summary>
    public async Task<string> MailedLinkAsync(string email)
    {
        var outbox = Portal.Services.GetRequiredService<DevelopmentOutbox>();
        var mail = (await outbox.ListAsync(email, 10, CancellationToken.None)).Select(e => e.Message).First(m => m.Link is not null);
        return mail.Link!;
    }

    /// <summary>The first login through the pages, the link taken from the outbox: ends signed in on the pupil selector.</summary>
    public async Task FirstLoginAsync(IPage page, string email, string symbol = "gminawulkanowo")
    {
        ArgumentNullException.ThrowIfNull(page);
        await page.GotoAsync($"/{symbol}/dostep");
        await page.FillAsync("#restore input[name=Email]", email);
        await page.ClickAsync("#restore button[type=submit]");
        await page.WaitForSelectorAsync("#restore-sent");
        await page.GotoAsync(await MailedLinkAsync(email));
        await SetPasswordAsync(page, Password);
        await SignInAsync(page, email, Password, symbol);
    }

    /// <summary>
    /// An account with <see cref="Password"/> made through the library, the way the first login makes it but without
    /// the pages (and without counting toward the per-client limits that the pages' own tests exercise).
    /// </summary>
    public async Task CreateAccountAsync(string email, string symbol = "gminawulkanowo")
    {
        var access = Portal.Services.GetRequiredService<RestoreAccess>();
        var started = await access.StartAsync(new StartAccessRequest { InstanceSymbol = symbol, Email = email });
        Assert.True(started.Succeeded, started.ToString());
        var link = new Uri(await MailedLinkAsync(email));
        var token = QueryHelpers.ParseQuery(link.Query)["token"].ToString();
        var completed = await access.CompleteAsync(new CompleteAccessRequest { Token = token, Password = Password });
        Assert.True(completed.Succeeded, completed.ToString());
    }

    public static async Task SetPasswordAsync(IPage page, string password)
    {
        ArgumentNullException.ThrowIfNull(page);
        await page.FillAsync("#set-password input[name=Password]", password);
        await page.FillAsync("#set-password input[name=Repeated]", password);
        await page.ClickAsync("#set-password button[type=submit]");
        await page.WaitForSelectorAsync("#password-set");
    }

    public static async Task SignInAsync(IPage page, string email, string password, string symbol = "gminawulkanowo")
    {
        ArgumentNullException.ThrowIfNull(page);
        await page.GotoAsync($"/{symbol}/");
        await page.FillAsync("#sign-in input[name=Email]", email);
        await page.FillAsync("#sign-in input[name=Password]", password);
        await page.ClickAsync("#sign-in button[type=submit]");
    }

    /// <summary>Saves a screenshot of the page under <c>docs/screenshots/</c> of the repository (found from the portal's content root).</summary>
    public async Task ScreenshotAsync(IPage page, string name)
    {
        ArgumentNullException.ThrowIfNull(page);
        var directory = new DirectoryInfo(Portal.Services.GetRequiredService<IWebHostEnvironment>().ContentRootPath);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "Uonet.Access.sln")))
        {
            directory = directory.Parent;
        }

        Assert.NotNull(directory);
        var folder = Path.Combine(directory!.FullName, "docs", "screenshots");
        Directory.CreateDirectory(folder);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(folder, name + ".png"), FullPage = true });
    }

    public async Task DisposeAsync()
    {
        if (_browser is not null)
        {
            await _browser.DisposeAsync();
        }

        _playwright?.Dispose();
        await Portal.DisposeAsync();
    }

    private sealed class KestrelPortalFactory : PortalFactory
    {
        public KestrelPortalFactory()
        {
            FakeClock = false;

            // WebAuthn takes no IP address as the relying party: the browser opens the portal as localhost, and the
            // passkeys' relying party follows it (the proxy options a host behind another address would use).
            TestServices = services => services.AddSingleton<Microsoft.Extensions.Options.IConfigureOptions<Uonet.Access.Passkeys.PasskeyOptions>>(sp =>
                new Microsoft.Extensions.Options.ConfigureOptions<Uonet.Access.Passkeys.PasskeyOptions>(options =>
                {
                    var address = sp.GetRequiredService<Microsoft.AspNetCore.Hosting.Server.IServer>().Features.Get<Microsoft.AspNetCore.Hosting.Server.Features.IServerAddressesFeature>()!.Addresses.First();
                    options.RelyingPartyId = "localhost";
                    options.Origins.Add("http://localhost:" + new Uri(address).Port.ToString(System.Globalization.CultureInfo.InvariantCulture));
                }));
        }
    }
}
