using System.Net;
using System.Net.Http.Json;
using Microsoft.Extensions.DependencyInjection;
using Uonet.Access.Credentials;
using Uonet.Access.Sample.MinimalApi.Tests.Infrastructure;

namespace Uonet.Access.Sample.MinimalApi.Tests;

/// <summary><c>POST /{symbol}/sign-in</c>, its second step, <c>/sign-out</c> and <c>GET /{symbol}/pupils</c> (R3, R5, R10).</summary>
public sealed class SignInTests : IDisposable
{
    private const string Mother = "anna.nowak@example.pl";
    private readonly MinimalApiFactory _factory = new();

    public void Dispose() => _factory.Dispose();

    [Fact]
    public async Task Pupils_AfterSignIn_EveryChildOfTheMotherAtThisAddress_R5()
    {
        using var http = await _factory.SignedInAsync(Mother);

        var pupils = await http.GetFromJsonAsync<Pupil[]>(new Uri("/gminawulkanowo/pupils", UriKind.Relative));

        Assert.NotNull(pupils);
        Assert.Equal(3, pupils.Length);
        Assert.All(pupils, p => Assert.Equal("mother", p.Relation, ignoreCase: true));
    }

    [Fact]
    public async Task Pupils_WithoutASession_Answers401()
    {
        using var http = _factory.Browser();

        using var response = await http.GetAsync(new Uri("/gminawulkanowo/pupils", UriKind.Relative));

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task SignIn_WrongPassword_RefusedWithTheLibrarysCodeAndNoCookie_R3()
    {
        using var http = await _factory.SignedInAsync(Mother);
        using var other = _factory.Browser();

        using var response = await other.PostAsJsonAsync(new Uri("/gminawulkanowo/sign-in", UriKind.Relative), new { email = Mother, password = "to nie jest moje hasło" });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(AccessErrorCodes.SignInFailed, (await ApiError.ReadAsync(response)).Code);
        Assert.False(response.Headers.Contains("Set-Cookie"));
    }

    [Fact]
    public async Task SignOut_EndsTheSession_PupilsAnswer401()
    {
        using var http = await _factory.SignedInAsync(Mother);

        using var signedOut = await http.PostAsync(new Uri("/gminawulkanowo/sign-out", UriKind.Relative), null);
        using var pupils = await http.GetAsync(new Uri("/gminawulkanowo/pupils", UriKind.Relative));

        Assert.Equal(HttpStatusCode.NoContent, signedOut.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, pupils.StatusCode);
    }

    [Fact]
    public async Task SignIn_WithASecondFactor_OnlyTheSecondStepCookieUntilTheRightCode()
    {
        var secret = await EnrolTotpAsync(Mother);
        _factory.Time.Advance(TimeSpan.FromSeconds(30));
        using var http = _factory.Browser();

        using var password = await http.PostAsJsonAsync(new Uri("/gminawulkanowo/sign-in", UriKind.Relative), new { email = Mother, password = MinimalApiFactory.Password });
        using var before = await http.GetAsync(new Uri("/gminawulkanowo/pupils", UriKind.Relative));
        using var wrong = await http.PostAsJsonAsync(new Uri("/gminawulkanowo/sign-in/second-step", UriKind.Relative), new { code = "000000" == TotpCodes.At(secret, _factory.Time.GetUtcNow()) ? "111111" : "000000" });
        using var right = await http.PostAsJsonAsync(new Uri("/gminawulkanowo/sign-in/second-step", UriKind.Relative), new { code = TotpCodes.At(secret, _factory.Time.GetUtcNow()) });
        using var after = await http.GetAsync(new Uri("/gminawulkanowo/pupils", UriKind.Relative));

        Assert.Equal(HttpStatusCode.OK, password.StatusCode);
        Assert.Contains("\"secondFactor\":true", await password.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        var cookie = Assert.Single(password.Headers.GetValues("Set-Cookie"));
        Assert.StartsWith("uonet-drugi-krok=", cookie, StringComparison.Ordinal);
        Assert.DoesNotContain(MinimalApiFactory.Password.Split(' ')[0], cookie, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Unauthorized, before.StatusCode);
        Assert.Equal(AccessErrorCodes.SignInSecondFactorFailed, (await ApiError.ReadAsync(wrong)).Code);
        Assert.Equal(HttpStatusCode.OK, right.StatusCode);
        Assert.Equal(HttpStatusCode.OK, after.StatusCode);
    }

    [Fact]
    public async Task SecondStep_WithoutTheSecondStepCookie_RefusedAndNoSession()
    {
        var secret = await EnrolTotpAsync(Mother);
        _factory.Time.Advance(TimeSpan.FromSeconds(30));
        using var http = _factory.Browser();

        using var response = await http.PostAsJsonAsync(new Uri("/gminawulkanowo/sign-in/second-step", UriKind.Relative), new { code = TotpCodes.At(secret, _factory.Time.GetUtcNow()) });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(AccessErrorCodes.SignInSecondFactorTicketInvalid, (await ApiError.ReadAsync(response)).Code);
        Assert.False(response.Headers.Contains("Set-Cookie"));
    }

    /// <summary>Sets the password through the endpoints, then enrols TOTP with the library as an account page would.</summary>
    private async Task<string> EnrolTotpAsync(string email)
    {
        using var http = await _factory.SignedInAsync(email);
        var signIn = await _factory.Services.GetRequiredService<AccountSignIn>().SignInAsync(new SignInRequest
        {
            InstanceSymbol = MinimalApiFactory.Symbol, Email = email, Password = MinimalApiFactory.Password,
        });
        var setup = _factory.Services.GetRequiredService<TwoFactorSetup>();
        var enrolment = await setup.BeginAsync(signIn.SessionTicket);
        var confirmed = await setup.ConfirmAsync(signIn.SessionTicket, TotpCodes.At(enrolment.Value.SecretBase32, _factory.Time.GetUtcNow()));
        Assert.True(confirmed.Succeeded, confirmed.ToString());
        return enrolment.Value.SecretBase32;
    }

    private sealed record Pupil(Guid StudentId, string FirstName, string LastName, string Unit, string Class, string Relation);
}
