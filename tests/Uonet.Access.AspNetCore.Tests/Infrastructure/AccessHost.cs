using System.Globalization;
using System.Security.Claims;
using System.Web;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;
using Uonet.Access.AspNetCore.Authorization;
using Uonet.Access.AspNetCore.Http;
using Uonet.Access.AspNetCore.Sessions;
using Uonet.Access.Credentials;
using Uonet.Access.Mail;
using Uonet.Access.Passkeys;
using Uonet.Access.Records;

namespace Uonet.Access.AspNetCore.Tests.Infrastructure;

/// <summary>
/// A small ASP.NET Core host of the package on the in-memory store and a fake clock, on a <see cref="TestServer"/>:
/// two instances, staff of two schools, an administrator, and endpoints that show what the schemes and policies decide.
/// </summary>
public sealed class AccessHost : IAsyncDisposable
{
    public const string Symbol = "gminawulkanowo";
    public const string OtherSymbol = "powiatwulkanowy";
    public const string Password = "zielony rower jedzie szybko";

    public static readonly StaffActor SecretarySp1 = new(Symbol, "sekretariat@sp1.example.pl");
    public static readonly StaffActor SecretarySp2 = new(Symbol, "sekretariat@sp2.example.pl");
    public static readonly StaffActor TeacherSp1Class4A = new(Symbol, "wychowawca.4a@sp1.example.pl");
    public static readonly StaffActor Administrator = new(Symbol, "admin@wulkanowo.example.pl");
    public static readonly StaffActor SecretaryLo1 = new(OtherSymbol, "sekretariat@lo1.example.pl");

    private AccessHost(WebApplication app, FakeTimeProvider time, RecordingMailSender mail)
    {
        App = app;
        Time = time;
        Mail = mail;
    }

    public WebApplication App { get; }

    public FakeTimeProvider Time { get; }

    public RecordingMailSender Mail { get; }

    public IServiceProvider Services => App.Services;

    public TestServer Server => App.GetTestServer();

    /// <summary>
    /// Starts a host whose pages follow <c>Accept-Language</c> among <paramref name="pageLanguages"/> (Polish and English
    /// unless given): the mobile API picks its language itself, so the tests prove it with a host that offers no Ukrainian.
    /// </summary>
    public static async Task<AccessHost> StartAsync(Action<UonetAccessAspNetCoreOptions>? configure = null, Action<IServiceCollection>? services = null, string[]? pageLanguages = null)
    {
        var languages = pageLanguages ?? ["pl-PL", "en"];
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 11, 30, 7, 0, 0, TimeSpan.Zero));
        var mail = new RecordingMailSender();
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { EnvironmentName = "Development" });
        builder.WebHost.UseTestServer();
        builder.Logging.ClearProviders();
        builder.Services.AddSingleton<TimeProvider>(time);
        builder.Services.AddDataProtection().UseEphemeralDataProtectionProvider();
        builder.Services.AddUonetAccess(options =>
            {
                options.PasswordHashing.MemoryKiB = 64;
                options.PasswordHashing.Iterations = 1;
                options.EnvironmentName = "Development";
            })
            .UseInMemoryStore()
            .UseMailSender(_ => mail)
            .AddAspNetCore(configure)
            .AddPasskeys();
        builder.Services.AddAntiforgery();
        services?.Invoke(builder.Services);

        var app = builder.Build();
        app.UseRequestLocalization(options =>
        {
            options.SetDefaultCulture("pl-PL").AddSupportedCultures(languages).AddSupportedUICultures(languages);
            options.RequestCultureProviders = [new Microsoft.AspNetCore.Localization.AcceptLanguageHeaderRequestCultureProvider()];
        });
        app.UseUonetMaintenance();
        app.UseAuthentication();
        app.UseAuthorization();
        MapShowcase(app);
        app.MapUonetMobileApi();
        app.MapUonetPasskeys();
        app.MapUonetAccountApi();
        await app.StartAsync();

        var host = new AccessHost(app, time, mail);
        await host.SeedAsync();
        return host;
    }

    /// <summary>A client over the test server; with a <see cref="CookieBrowser"/> it keeps cookies like a browser.</summary>
    public HttpClient Client(CookieBrowser? browser = null, bool https = false)
    {
        HttpMessageHandler handler = Server.CreateHandler();
        if (browser is not null)
        {
            browser.InnerHandler = handler;
            handler = browser;
        }

        return new HttpClient(handler) { BaseAddress = new Uri(https ? "https://localhost/" : "http://localhost/") };
    }

    /// <summary>A new pupil of SP1 4A with one eligible guardian (a mother) at a new address.</summary>
    public async Task<(string GuardianEmail, StudentRecord Record)> AddFamilyAsync(StaffActor? actor = null, string unit = "SP1", string? guardianEmail = null)
    {
        var email = guardianEmail ?? $"rodzic.{Guid.NewGuid():N}@example.pl";
        var added = await Services.GetRequiredService<StudentRecords>().AddStudentAsync(actor ?? SecretarySp1, new NewStudent
        {
            UnitCode = unit,
            ClassName = "4A",
            FirstName = "Zuzia",
            LastName = "Testowa",
            Guardians = [new GuardianDetails { FirstName = "Maria", LastName = "Testowa", Email = email, Relation = GuardianRelation.Mother }],
        });
        Assert.True(added.Succeeded, added.ToString());
        return (email, added.Value);
    }

    /// <summary>The whole first login (link by mail, password set) and a sign-in; returns the session ticket.</summary>
    public async Task<string> SignInAsync(string email, string symbol = Symbol)
    {
        await SetPasswordAsync(email, symbol);
        var signIn = await Services.GetRequiredService<AccountSignIn>().SignInAsync(new SignInRequest { InstanceSymbol = symbol, Email = email, Password = Password });
        Assert.True(signIn.Succeeded, signIn.Error?.ToString());
        return signIn.SessionTicket!;
    }

    /// <summary>A browser signed in at <paramref name="symbol"/> through the host's sign-in endpoint (which uses <see cref="SessionCookies.SignIn"/>).</summary>
    public async Task<SignedInBrowser> BrowserSignedInAsync(string email, string symbol = Symbol, bool https = false)
    {
        await SetPasswordAsync(email, symbol);
        var cookies = new CookieBrowser();
        var http = Client(cookies, https);
        using var form = new FormUrlEncodedContent(new Dictionary<string, string> { ["email"] = email, ["password"] = Password });
        var response = await http.PostAsync(new Uri($"/{symbol}/signin", UriKind.Relative), form);
        Assert.Equal(System.Net.HttpStatusCode.OK, response.StatusCode);
        return new SignedInBrowser(http, cookies, cookies.LastSetCookies);
    }

    public async ValueTask DisposeAsync()
    {
        await App.StopAsync();
        await App.DisposeAsync();
    }

    private async Task SetPasswordAsync(string email, string symbol)
    {
        var started = await Services.GetRequiredService<RestoreAccess>().StartAsync(new StartAccessRequest { InstanceSymbol = symbol, Email = email });
        Assert.True(started.Succeeded, started.ToString());
        await Services.GetRequiredService<OutboxDispatcher>().DispatchPendingAsync();
        var link = Mail.Sent.Last(m => m.Kind == MailKind.AccessLink && m.To == email).Link!;
        var token = HttpUtility.ParseQueryString(new Uri(link).Query)["token"];
        var completed = await Services.GetRequiredService<RestoreAccess>().CompleteAsync(new CompleteAccessRequest { Token = token!, Password = Password });
        Assert.True(completed.Succeeded, completed.ToString());
    }

    private async Task SeedAsync()
    {
        var directory = Services.GetRequiredService<SchoolDirectory>();
        Assert.True((await directory.AddInstanceAsync(Symbol, "Gmina Wulkanowo", "http://localhost/" + Symbol + "/")).Succeeded);
        Assert.True((await directory.AddInstanceAsync(OtherSymbol, "Powiat Wulkanowy", "http://localhost/" + OtherSymbol + "/")).Succeeded);
        Assert.True((await directory.AddUnitAsync(Symbol, "SP1", "Szkoła Podstawowa nr 1")).Succeeded);
        Assert.True((await directory.AddUnitAsync(Symbol, "SP2", "Szkoła Podstawowa nr 2")).Succeeded);
        Assert.True((await directory.AddUnitAsync(OtherSymbol, "LO1", "Liceum nr 1")).Succeeded);
        Assert.True((await directory.AssignStaffAsync(Symbol, SecretarySp1.Email, "Sekretariat SP1", new StaffAssignment(StaffRole.Secretary, "SP1"))).Succeeded);
        Assert.True((await directory.AssignStaffAsync(Symbol, SecretarySp2.Email, "Sekretariat SP2", new StaffAssignment(StaffRole.Secretary, "SP2"))).Succeeded);
        Assert.True((await directory.AssignStaffAsync(Symbol, TeacherSp1Class4A.Email, "Wychowawca 4A", new StaffAssignment(StaffRole.ClassTeacher, "SP1", "4A"))).Succeeded);
        Assert.True((await directory.AssignStaffAsync(Symbol, Administrator.Email, "Administrator", new StaffAssignment(StaffRole.Administrator))).Succeeded);
        Assert.True((await directory.AssignStaffAsync(OtherSymbol, SecretaryLo1.Email, "Sekretariat LO1", new StaffAssignment(StaffRole.Secretary, "LO1"))).Succeeded);
    }

    /// <summary>Endpoints of a host's own that show what the package decided about a request.</summary>
    private static void MapShowcase(WebApplication app)
    {
        // What a page of the host does for its script: set the anti-forgery cookie and hand over the request token.
        app.MapGet("/{symbol}/antiforgery", (HttpContext context, Microsoft.AspNetCore.Antiforgery.IAntiforgery antiforgery) =>
            Results.Text(antiforgery.GetAndStoreTokens(context).RequestToken));
        app.MapPost("/{symbol}/signin", async (string symbol, HttpContext context, AccountSignIn signIn, SessionCookies cookies) =>
        {
            var form = await context.Request.ReadFormAsync();
            var result = await signIn.SignInAsync(new SignInRequest { InstanceSymbol = symbol, Email = form["email"].ToString(), Password = form["password"].ToString() });
            if (!result.Succeeded)
            {
                return AccessHttpResults.Refusal(result.Error!);
            }

            cookies.SignIn(context, symbol, result.SessionTicket!);
            return Results.Ok();
        });
        app.MapPost("/{symbol}/signout", async (string symbol, HttpContext context, SessionCookies cookies) =>
        {
            await cookies.SignOutAsync(context, symbol);
            return Results.Ok();
        });
        app.MapGet("/{symbol}/me", (HttpContext context) => Results.Json(new Me(
            context.User.FindFirstValue(ClaimTypes.NameIdentifier),
            context.User.FindFirstValue(ClaimTypes.Email),
            context.User.FindFirstValue(UonetClaimTypes.Instance),
            [.. context.User.FindAll(ClaimTypes.Role).Select(c => c.Value)],
            [.. context.User.FindAll(UonetClaimTypes.Unit).Select(c => c.Value)],
            [.. context.User.FindAll(UonetClaimTypes.Class).Select(c => c.Value)],
            [.. context.GetUonetSession()!.Pupils.Select(p => p.StudentId)]))).RequireAuthorization(UonetPolicies.SignedIn);
        app.MapGet("/{symbol}/ended", (HttpContext context) => context.GetUonetSessionEnded()?.Code ?? "none");
        app.MapGet("/{symbol}/plain", () => "plain").RequireAuthorization();
        app.MapGet("/{symbol}/staff", () => "staff").RequireAuthorization(UonetPolicies.Staff);
        app.MapGet("/{symbol}/units/{unit}/records", (string unit) => unit).RequireAuthorization(UonetPolicies.SecretaryOfUnit);
        app.MapGet("/{symbol}/may-edit/{unitCode}", async (string unitCode, HttpContext context, IAuthorizationService authorization) =>
            (await authorization.AuthorizeAsync(context.User, unitCode, UonetPolicies.SecretaryOfUnit)).Succeeded ? "yes" : "no");
        app.MapGet("/{symbol}/admin", () => "admin").RequireAuthorization(UonetPolicies.Administrator);
        app.MapPost("/{symbol}/second-step", (string symbol, string ticket, HttpContext context, SecondStepCookie step) =>
        {
            step.Keep(context, symbol, ticket);
            return Results.Ok();
        });
        app.MapGet("/{symbol}/second-step", (string symbol, HttpContext context, SecondStepCookie step) => step.Find(context, symbol) ?? "none");
        app.MapDelete("/{symbol}/second-step", (string symbol, HttpContext context, SecondStepCookie step) =>
        {
            step.Drop(context, symbol);
            return Results.Ok();
        });
        app.MapGet("/{symbol}/device/me", (HttpContext context) => context.GetUonetDevice()!.Device.Id.ToString("D", CultureInfo.InvariantCulture))
            .RequireAuthorization(new AuthorizationPolicyBuilder(UonetAccessSchemes.Device).RequireAuthenticatedUser().Build());
    }

    /// <summary>What <c>/{symbol}/me</c> answers.</summary>
    public sealed record Me(string? AccountId, string? Email, string? Instance, string[] Roles, string[] Units, string[] Classes, Guid[] Pupils);
}

/// <summary>A signed-in browser: its client, its cookies, and the <c>Set-Cookie</c> lines of the sign-in.</summary>
public sealed record SignedInBrowser(HttpClient Http, CookieBrowser Cookies, IReadOnlyList<string> SignInCookies) : IDisposable
{
    public void Dispose() => Http.Dispose();
}
