using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using Uonet.Access.AspNetCore.Tests.Infrastructure;
using Uonet.Access.Tests.Passkeys;

namespace Uonet.Access.AspNetCore.Tests.Passkeys;

/// <summary>The four ceremony steps over HTTP, as a page's script calls them, with a software authenticator.</summary>
public sealed class PasskeyEndpointTests
{
    private const string Origin = "http://localhost";

    [Fact]
    public async Task RegisterThenSignIn_WithoutEmail_SetsASessionCookieThatSeesTheChild()
    {
        await using var host = await AccessHost.StartAsync();
        var (email, _) = await host.AddFamilyAsync();
        var signedIn = await host.BrowserSignedInAsync(email);
        using var authenticator = new SoftwareAuthenticator(origin: Origin);

        // Register from the signed-in browser, after the password again.
        var token = await TokenAsync(signedIn.Http);
        var options = await PostAsync(signedIn.Http, token, "register/options", new JsonObject { ["password"] = AccessHost.Password });
        Assert.Equal(HttpStatusCode.OK, options.StatusCode);
        var publicKey = (await options.Content.ReadFromJsonAsync<JsonObject>())!["publicKey"]!.ToJsonString();
        var registered = await PostAsync(signedIn.Http, token, "register", new JsonObject { ["credential"] = JsonNode.Parse(authenticator.Create(publicKey)), ["name"] = "Telefon" });
        Assert.Equal(HttpStatusCode.Created, registered.StatusCode);

        // A fresh browser signs in with the passkey alone.
        var browser = new CookieBrowser();
        using var http = host.Client(browser);
        var freshToken = await TokenAsync(http);
        var signInOptions = await PostAsync(http, freshToken, "sign-in/options", new JsonObject());
        var requestOptions = (await signInOptions.Content.ReadFromJsonAsync<JsonObject>())!["publicKey"]!.ToJsonString();
        var signIn = await PostAsync(http, freshToken, "sign-in", new JsonObject { ["credential"] = JsonNode.Parse(authenticator.Get(requestOptions)) });

        Assert.Equal(HttpStatusCode.OK, signIn.StatusCode);
        Assert.Equal(1, (await signIn.Content.ReadFromJsonAsync<JsonObject>())!["pupils"]!.GetValue<int>());
        Assert.Contains(browser.LastSetCookies, c => c.Contains("HttpOnly", StringComparison.OrdinalIgnoreCase) && c.Contains("path=/" + AccessHost.Symbol, StringComparison.OrdinalIgnoreCase));
    }

    [Fact]
    public async Task RegisterOptions_WithoutPassword_RefusedWithTheCode()
    {
        await using var host = await AccessHost.StartAsync();
        var (email, _) = await host.AddFamilyAsync();
        var signedIn = await host.BrowserSignedInAsync(email);
        var token = await TokenAsync(signedIn.Http);

        var options = await PostAsync(signedIn.Http, token, "register/options", new JsonObject());

        Assert.Equal(HttpStatusCode.BadRequest, options.StatusCode);
        Assert.Equal(AccessErrorCodes.PasskeyReauthenticationRequired, (await options.Content.ReadFromJsonAsync<JsonObject>())!["code"]!.GetValue<string>());
    }

    [Fact]
    public async Task RegisterOptions_NotSignedIn_Unauthorized()
    {
        await using var host = await AccessHost.StartAsync();
        using var http = host.Client(new CookieBrowser());
        var token = await TokenAsync(http);

        var options = await PostAsync(http, token, "register/options", new JsonObject { ["password"] = AccessHost.Password });

        Assert.Equal(HttpStatusCode.Unauthorized, options.StatusCode);
    }

    [Theory]
    [InlineData("sign-in/options")]
    [InlineData("sign-in")]
    [InlineData("register/options")]
    [InlineData("register")]
    public async Task EveryStep_WithoutAntiforgeryToken_Refused(string step)
    {
        // Another site's page cannot add a passkey to, or sign the browser into, an account.
        await using var host = await AccessHost.StartAsync();
        var (email, _) = await host.AddFamilyAsync();
        var signedIn = await host.BrowserSignedInAsync(email);

        var response = await PostAsync(signedIn.Http, null, step, new JsonObject { ["password"] = AccessHost.Password });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("Request.AntiforgeryInvalid", (await response.Content.ReadFromJsonAsync<JsonObject>())!["code"]!.GetValue<string>());
    }

    [Fact]
    public async Task SignIn_NotJson_UnsupportedMediaType()
    {
        await using var host = await AccessHost.StartAsync();
        using var http = host.Client(new CookieBrowser());

        using var content = new StringContent("credential=x", Encoding.UTF8, "application/x-www-form-urlencoded");
        var response = await http.PostAsync(new Uri($"/{AccessHost.Symbol}/api/passkeys/sign-in", UriKind.Relative), content);

        Assert.Equal(HttpStatusCode.UnsupportedMediaType, response.StatusCode);
    }

    [Fact]
    public async Task SignIn_GarbageCredential_RefusedWithAStableCode()
    {
        await using var host = await AccessHost.StartAsync();
        using var http = host.Client(new CookieBrowser());
        var token = await TokenAsync(http);

        var response = await PostAsync(http, token, "sign-in", new JsonObject { ["credential"] = "nonsense" });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.StartsWith("Passkey.", (await response.Content.ReadFromJsonAsync<JsonObject>())!["code"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    private static async Task<string> TokenAsync(HttpClient http) =>
        await http.GetStringAsync(new Uri($"/{AccessHost.Symbol}/antiforgery", UriKind.Relative));

    private static async Task<HttpResponseMessage> PostAsync(HttpClient http, string? token, string step, JsonObject body)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri($"/{AccessHost.Symbol}/api/passkeys/{step}", UriKind.Relative))
        {
            Content = new StringContent(body.ToJsonString(), Encoding.UTF8, "application/json"),
        };
        if (token is not null)
        {
            request.Headers.Add("RequestVerificationToken", token);
        }

        return await http.SendAsync(request);
    }
}
