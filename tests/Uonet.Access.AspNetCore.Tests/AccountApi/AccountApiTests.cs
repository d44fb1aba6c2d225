using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Web;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Uonet.Access.AspNetCore.Http;
using Uonet.Access.AspNetCore.Tests.Infrastructure;
using Uonet.Access.Credentials;
using Uonet.Access.Devices;
using Uonet.Access.Mail;
using Uonet.Access.Sample.Web.Tests.Infrastructure;

namespace Uonet.Access.AspNetCore.Tests.AccountApi;

/// <summary>
/// <c>MapUonetAccountApi</c> over HTTP as a host's script calls it: first login / "Przywróć dostęp", the link completed
/// once, sign-in with the session cookie or the second step, sign-out, the pupils and pairing (R3–R8, R10).
/// </summary>
public sealed class AccountApiTests
{
    private const string FirstLogin = "/" + AccessHost.Symbol + "/first-login";
    private const string Complete = "/first-login/complete";
    private const string SignIn = "/" + AccessHost.Symbol + "/sign-in";
    private const string SecondStep = "/" + AccessHost.Symbol + "/sign-in/second-step";
    private const string Pupils = "/" + AccessHost.Symbol + "/pupils";
    private const string Pairing = "/" + AccessHost.Symbol + "/pairing";

    public static TheoryData<string> BodyEndpoints => [FirstLogin, Complete, SignIn, SecondStep];

    [Fact]
    public async Task FirstLogin_KnownAndUnknownAddress_Same202AndBody_LinkMailedOnlyToTheKnown_R3()
    {
        await using var host = await AccessHost.StartAsync();
        var (email, _) = await host.AddFamilyAsync();
        using var http = host.Client(new CookieBrowser());

        using var known = await http.PostAsJsonAsync(At(FirstLogin), new { email });
        using var unknown = await http.PostAsJsonAsync(At(FirstLogin), new { email = "nikt.taki@example.pl" });
        await host.Services.GetRequiredService<OutboxDispatcher>().DispatchPendingAsync();

        Assert.Equal((HttpStatusCode.Accepted, HttpStatusCode.Accepted), (known.StatusCode, unknown.StatusCode));
        Assert.Equal(await known.Content.ReadAsStringAsync(), await unknown.Content.ReadAsStringAsync());
        Assert.Equal(known.Headers.Select(h => h.Key).Order(), unknown.Headers.Select(h => h.Key).Order());
        Assert.Contains(host.Mail.Sent, m => m.To == email && m.Kind == MailKind.AccessLink && m.Link is not null);
        Assert.DoesNotContain(host.Mail.Sent, m => m.To == "nikt.taki@example.pl" && m.Link is not null);
    }

    [Fact]
    public async Task Complete_TheLinksToken_SetsThePasswordOnceAndASecondUseIsRefused_R4()
    {
        await using var host = await AccessHost.StartAsync();
        var (email, _) = await host.AddFamilyAsync();
        using var http = host.Client(new CookieBrowser());
        var token = await LinkTokenAsync(host, http, email);

        using var completed = await http.PostAsJsonAsync(At(Complete), new { token, password = AccessHost.Password });
        using var again = await http.PostAsJsonAsync(At(Complete), new { token, password = "inne dłuższe hasło numer dwa" });
        using var signIn = await http.PostAsJsonAsync(At(SignIn), new { email, password = AccessHost.Password });
        using var other = host.Client(new CookieBrowser());
        using var secondPassword = await other.PostAsJsonAsync(At(SignIn), new { email, password = "inne dłuższe hasło numer dwa" });

        Assert.Equal(HttpStatusCode.NoContent, completed.StatusCode);
        Assert.True((int)again.StatusCode is 400 or 410, again.StatusCode.ToString());
        Assert.StartsWith("Link.", (await ApiError.ReadAsync(again)).Code, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, signIn.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, secondPassword.StatusCode);
    }

    [Fact]
    public async Task Complete_ThePolicysLongestPasswordOfAstralCharacters_IsNotRefusedAsTooLarge_R3()
    {
        // 4,096 code points outside the basic plane: each is a surrogate pair that JSON escapes to 12 bytes (~48 KiB).
        await using var host = await AccessHost.StartAsync(services: s => s.Configure<UonetAccessOptions>(o => o.PasswordPolicy.MaxLength = 4096));
        var (email, _) = await host.AddFamilyAsync();
        using var http = host.Client(new CookieBrowser());
        var token = await LinkTokenAsync(host, http, email);
        var password = string.Concat(Enumerable.Range(0, 4096).Select(i => char.ConvertFromUtf32(0x1D400 + (i * 7 % 52))));

        using var completed = await http.PostAsJsonAsync(At(Complete), new { token, password });
        using var signIn = await http.PostAsJsonAsync(At(SignIn), new { email, password });

        Assert.Equal(HttpStatusCode.NoContent, completed.StatusCode);
        Assert.Equal(HttpStatusCode.OK, signIn.StatusCode);
    }

    [Fact]
    public async Task SignIn_RightPassword_SetsTheInstancesHttpOnlySessionCookieAndThePupilsAnswer_R5_R6()
    {
        await using var host = await AccessHost.StartAsync();
        var (email, record) = await host.AddFamilyAsync();
        await SetPasswordAsync(host, email);
        var browser = new CookieBrowser();
        using var http = host.Client(browser);

        using var signIn = await http.PostAsJsonAsync(At(SignIn), new { email, password = AccessHost.Password });
        var cookies = browser.LastSetCookies;
        var pupils = await http.GetFromJsonAsync<Pupil[]>(At(Pupils));

        Assert.Equal(HttpStatusCode.OK, signIn.StatusCode);
        Assert.Contains("\"secondFactor\":false", await signIn.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        var session = Assert.Single(cookies, c => c.StartsWith("uonet-sesja=", StringComparison.Ordinal));
        Assert.Contains("httponly", session, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("path=/" + AccessHost.Symbol, session, StringComparison.OrdinalIgnoreCase);
        var pupil = Assert.Single(pupils!);
        Assert.Equal((record.Id, "Zuzia", "SP1", "4A", "Mother"), (pupil.StudentId, pupil.FirstName, pupil.Unit, pupil.Class, pupil.Relation));
    }

    [Fact]
    public async Task SignIn_WrongPassword_RefusedWithTheLibrarysCodeAndNoCookie_R3()
    {
        await using var host = await AccessHost.StartAsync();
        var (email, _) = await host.AddFamilyAsync();
        await SetPasswordAsync(host, email);
        using var http = host.Client(new CookieBrowser());

        using var response = await http.PostAsJsonAsync(At(SignIn), new { email, password = "to nie jest moje hasło" });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(AccessErrorCodes.SignInFailed, (await ApiError.ReadAsync(response)).Code);
        Assert.False(response.Headers.Contains("Set-Cookie"));
    }

    [Fact]
    public async Task SignIn_WithTotp_OnlyTheSecondStepCookieUntilTheRightCode_R3()
    {
        await using var host = await AccessHost.StartAsync();
        var (email, _) = await host.AddFamilyAsync();
        var secret = await EnrolTotpAsync(host, email);
        host.Time.Advance(TimeSpan.FromSeconds(30));
        var browser = new CookieBrowser();
        using var http = host.Client(browser);
        var code = TotpCodes.At(secret, host.Time.GetUtcNow());

        using var password = await http.PostAsJsonAsync(At(SignIn), new { email, password = AccessHost.Password });
        var passwordCookies = browser.LastSetCookies;
        using var before = await http.GetAsync(At(Pupils));
        using var wrong = await http.PostAsJsonAsync(At(SecondStep), new { code = code == "000000" ? "111111" : "000000" });
        using var right = await http.PostAsJsonAsync(At(SecondStep), new { code });
        var rightCookies = browser.LastSetCookies;
        using var after = await http.GetAsync(At(Pupils));

        Assert.Equal(HttpStatusCode.OK, password.StatusCode);
        Assert.Contains("\"secondFactor\":true", await password.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        var stepCookie = Assert.Single(passwordCookies);
        Assert.StartsWith("uonet-drugi-krok=", stepCookie, StringComparison.Ordinal);
        Assert.DoesNotContain(HttpUtility.UrlEncode(email), stepCookie, StringComparison.OrdinalIgnoreCase);
        Assert.Equal(HttpStatusCode.Unauthorized, before.StatusCode);
        Assert.Equal(AccessErrorCodes.SignInSecondFactorFailed, (await ApiError.ReadAsync(wrong)).Code);
        Assert.Equal(HttpStatusCode.OK, right.StatusCode);
        Assert.Contains(rightCookies, c => c.StartsWith("uonet-sesja=", StringComparison.Ordinal));
        Assert.Equal(HttpStatusCode.OK, after.StatusCode);
    }

    [Fact]
    public async Task SecondStep_WithoutTheSecondStepCookie_RefusedAndNoSession_R3()
    {
        await using var host = await AccessHost.StartAsync();
        var (email, _) = await host.AddFamilyAsync();
        var secret = await EnrolTotpAsync(host, email);
        host.Time.Advance(TimeSpan.FromSeconds(30));
        using var http = host.Client(new CookieBrowser());

        using var response = await http.PostAsJsonAsync(At(SecondStep), new { code = TotpCodes.At(secret, host.Time.GetUtcNow()) });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(AccessErrorCodes.SignInSecondFactorTicketInvalid, (await ApiError.ReadAsync(response)).Code);
        Assert.False(response.Headers.Contains("Set-Cookie"));
    }

    [Theory]
    [MemberData(nameof(BodyEndpoints))]
    public async Task EveryBody_NotJson_Answers415WithTheCodeAndDoesNothing(string path)
    {
        // A cross-site form can only post a form: refusing anything but JSON keeps every such post out.
        await using var host = await AccessHost.StartAsync();
        var (email, _) = await host.AddFamilyAsync();
        using var http = host.Client(new CookieBrowser());
        using var form = new FormUrlEncodedContent(new Dictionary<string, string> { ["email"] = email, ["password"] = AccessHost.Password, ["token"] = "x" });

        using var response = await http.PostAsync(At(path), form);
        await host.Services.GetRequiredService<OutboxDispatcher>().DispatchPendingAsync();

        Assert.Equal(HttpStatusCode.UnsupportedMediaType, response.StatusCode);
        Assert.Equal(HttpErrorCodes.RequestUnsupportedMediaType, (await ApiError.ReadAsync(response)).Code);
        Assert.Empty(host.Mail.Sent);
        Assert.False(response.Headers.Contains("Set-Cookie"));
    }

    [Theory]
    [MemberData(nameof(BodyEndpoints))]
    public async Task EveryBody_MalformedJson_Answers400WithAMessage(string path)
    {
        await using var host = await AccessHost.StartAsync();
        using var http = host.Client(new CookieBrowser());
        using var broken = new StringContent("{\"email\": \"ola@", Encoding.UTF8, "application/json");
        using var nothing = new StringContent("null", Encoding.UTF8, "application/json");

        using var response = await http.PostAsync(At(path), broken);
        using var empty = await http.PostAsync(At(path), nothing);

        Assert.Equal((HttpStatusCode.BadRequest, HttpStatusCode.BadRequest), (response.StatusCode, empty.StatusCode));
        var error = await ApiError.ReadAsync(response);
        Assert.Equal(HttpErrorCodes.RequestMalformed, error.Code);
        Assert.NotEqual(error.Code, error.Message);
        Assert.Equal(HttpErrorCodes.RequestMalformed, (await ApiError.ReadAsync(empty)).Code);
    }

    [Fact]
    public async Task FirstLogin_BodyOver64KiB_Answers413AndSendsNothing()
    {
        await using var host = await AccessHost.StartAsync();
        var (email, _) = await host.AddFamilyAsync();
        using var http = host.Client(new CookieBrowser());

        using var response = await http.PostAsJsonAsync(At(FirstLogin), new { email, humanCheck = new string('x', 65 * 1024) });
        await host.Services.GetRequiredService<OutboxDispatcher>().DispatchPendingAsync();

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Equal(HttpErrorCodes.RequestTooLarge, (await ApiError.ReadAsync(response)).Code);
        Assert.Empty(host.Mail.Sent);
    }

    [Theory]
    [InlineData("GET", Pupils)]
    [InlineData("POST", Pairing)]
    public async Task SessionEndpoint_WithoutASession_Answers401(string method, string path)
    {
        await using var host = await AccessHost.StartAsync();
        using var http = host.Client(new CookieBrowser());
        using var request = new HttpRequestMessage(new HttpMethod(method), At(path)) { Content = JsonContent.Create(new { }) };

        using var response = await http.SendAsync(request);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task Pupils_SessionOfAnotherInstance_Answers401_R6()
    {
        await using var host = await AccessHost.StartAsync();
        var (email, _) = await host.AddFamilyAsync();
        using var signedIn = await SignedInAsync(host, email);

        using var own = await GetWithCookieAsync(signedIn, Pupils);
        using var other = await GetWithCookieAsync(signedIn, $"/{AccessHost.OtherSymbol}/pupils");

        Assert.Equal(HttpStatusCode.OK, own.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, other.StatusCode);
    }

    [Fact]
    public async Task Pairing_SignedIn_TokenAndPinBesideAPayloadWithoutThePin_R7()
    {
        await using var host = await AccessHost.StartAsync();
        var (email, _) = await host.AddFamilyAsync();
        using var signedIn = await SignedInAsync(host, email);

        using var response = await signedIn.Http.PostAsJsonAsync(At(Pairing), new { });
        var ticket = await response.Content.ReadFromJsonAsync<Ticket>();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.NotNull(ticket);
        Assert.Matches("^[0-9]{6}$", ticket.Pin);
        Assert.DoesNotContain(ticket.Pin, ticket.Payload, StringComparison.Ordinal);
        var payload = PairingPayload.Parse(ticket.Payload);
        Assert.True(payload.Succeeded, payload.Error?.Code);
        Assert.Equal(ticket.Token.Replace("-", string.Empty, StringComparison.Ordinal), payload.Value.Token);
        Assert.Equal(AccessHost.Symbol, payload.Value.InstanceSymbol);
        Assert.True(ticket.ExpiresAt > host.Time.GetUtcNow());
    }

    [Fact]
    public async Task SignOut_EndsTheSessionInTheLibrary_TheOldCookieNoLongerWorks_R10()
    {
        await using var host = await AccessHost.StartAsync();
        var (email, _) = await host.AddFamilyAsync();
        using var signedIn = await SignedInAsync(host, email);
        var kept = signedIn.Cookies.Cookies.GetCookieHeader(new Uri(signedIn.Http.BaseAddress!, AccessHost.Symbol + "/"));

        using var signedOut = await signedIn.Http.PostAsync(At($"/{AccessHost.Symbol}/sign-out"), null);
        using var replayed = await GetWithCookieAsync(signedIn, Pupils, kept);

        Assert.Equal(HttpStatusCode.NoContent, signedOut.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, replayed.StatusCode);
    }

    [Fact]
    public async Task FirstLogin_ClientKeyIsTheConnectionsAddress_NotAHeaderTheClientSends_R3()
    {
        // Rotating X-Forwarded-For must not escape the per-client limit: only UseForwardedHeaders, with the host's
        // trusted proxies, may change the connection's address.
        await using var host = await AccessHost.StartAsync(services: s =>
            s.Configure<UonetAccessOptions>(o => o.AccessLinks.PerClient = new AttemptPolicy(2, TimeSpan.FromMinutes(15), TimeSpan.FromMinutes(15))));

        var answers = new List<int>();
        for (var i = 0; i < 3; i++)
        {
            answers.Add(await StartFromAsync(host, "203.0.113.7", $"198.51.100.{i}", $"adres{i}@example.pl"));
        }

        var otherClient = await StartFromAsync(host, "203.0.113.8", "198.51.100.0", "adres9@example.pl");

        Assert.Equal([202, 202, 429], answers);
        Assert.Equal(202, otherClient);
    }

    [Fact]
    public void MapUonetAccountApi_ReturnsItsGroup_TheHostsConventionsReachEveryEndpoint()
    {
        var builder = WebApplication.CreateBuilder();
        builder.WebHost.UseTestServer();
        builder.Logging.ClearProviders();
        builder.Services.AddUonetAccess().UseInMemoryStore().UsePickupFolder(Path.GetTempPath()).AddAspNetCore();
        using var app = builder.Build();
        var marker = new object();

        app.MapUonetAccountApi().WithMetadata(marker);

        var routes = ((IEndpointRouteBuilder)app).DataSources.SelectMany(d => d.Endpoints).OfType<RouteEndpoint>()
            .Where(e => e.Metadata.Contains(marker))
            .Select(e => e.RoutePattern.RawText)
            .Order(StringComparer.Ordinal);
        Assert.Equal(
            ["/first-login/complete", "/{symbol}/first-login", "/{symbol}/pairing", "/{symbol}/pupils", "/{symbol}/sign-in", "/{symbol}/sign-in/second-step", "/{symbol}/sign-out"],
            routes);
    }

    private static Uri At(string path) => new(path, UriKind.Relative);

    private static async Task<int> StartFromAsync(AccessHost host, string peer, string forwardedFor, string email)
    {
        var context = await host.Server.SendAsync(c =>
        {
            c.Request.Method = HttpMethods.Post;
            c.Request.Path = FirstLogin;
            c.Request.ContentType = "application/json";
            c.Request.Headers["X-Forwarded-For"] = forwardedFor;
            c.Request.Body = new MemoryStream(Encoding.UTF8.GetBytes($"{{\"email\":\"{email}\"}}"));
            c.Connection.RemoteIpAddress = IPAddress.Parse(peer);
        });
        return context.Response.StatusCode;
    }

    private static async Task<string> LinkTokenAsync(AccessHost host, HttpClient http, string email)
    {
        using var started = await http.PostAsJsonAsync(At(FirstLogin), new { email });
        Assert.Equal(HttpStatusCode.Accepted, started.StatusCode);
        await host.Services.GetRequiredService<OutboxDispatcher>().DispatchPendingAsync();
        var link = host.Mail.Sent.Last(m => m.Kind == MailKind.AccessLink && m.To == email).Link!;
        return HttpUtility.ParseQueryString(new Uri(link).Query)["token"]!;
    }

    private static async Task SetPasswordAsync(AccessHost host, string email)
    {
        using var http = host.Client(new CookieBrowser());
        var token = await LinkTokenAsync(host, http, email);
        using var completed = await http.PostAsJsonAsync(At(Complete), new { token, password = AccessHost.Password });
        Assert.Equal(HttpStatusCode.NoContent, completed.StatusCode);
    }

    /// <summary>A browser signed in through the package's sign-in endpoint.</summary>
    private static async Task<SignedInBrowser> SignedInAsync(AccessHost host, string email)
    {
        await SetPasswordAsync(host, email);
        var browser = new CookieBrowser();
        var http = host.Client(browser);
        using var signIn = await http.PostAsJsonAsync(At(SignIn), new { email, password = AccessHost.Password });
        Assert.Equal(HttpStatusCode.OK, signIn.StatusCode);
        return new SignedInBrowser(http, browser, browser.LastSetCookies);
    }

    /// <summary>A GET with the cookie header the browser holds for the instance's paths (or <paramref name="cookie"/>), sent to any path.</summary>
    private static async Task<HttpResponseMessage> GetWithCookieAsync(SignedInBrowser browser, string path, string? cookie = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, At(path));
        request.Headers.Add("Cookie", cookie ?? browser.Cookies.Cookies.GetCookieHeader(new Uri(browser.Http.BaseAddress!, AccessHost.Symbol + "/")));
        return await browser.Http.SendAsync(request);
    }

    /// <summary>Sets the password through the endpoints, then enrols TOTP with the library as an account page would.</summary>
    private static async Task<string> EnrolTotpAsync(AccessHost host, string email)
    {
        await SetPasswordAsync(host, email);
        var signIn = await host.Services.GetRequiredService<AccountSignIn>().SignInAsync(new SignInRequest
        {
            InstanceSymbol = AccessHost.Symbol, Email = email, Password = AccessHost.Password,
        });
        var setup = host.Services.GetRequiredService<TwoFactorSetup>();
        var enrolment = await setup.BeginAsync(signIn.SessionTicket);
        var confirmed = await setup.ConfirmAsync(signIn.SessionTicket, TotpCodes.At(enrolment.Value.SecretBase32, host.Time.GetUtcNow()));
        Assert.True(confirmed.Succeeded, confirmed.ToString());
        return enrolment.Value.SecretBase32;
    }

    private sealed record Pupil(Guid StudentId, string FirstName, string LastName, string Unit, string Class, string Relation);

    private sealed record Ticket(string Token, string Pin, string Payload, DateTimeOffset ExpiresAt);
}
