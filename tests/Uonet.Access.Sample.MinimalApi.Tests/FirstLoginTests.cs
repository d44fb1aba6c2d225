using System.Net;
using System.Net.Http.Json;
using Microsoft.Extensions.DependencyInjection;
using Uonet.Access.Mail;
using Uonet.Access.Sample.MinimalApi.Tests.Infrastructure;

namespace Uonet.Access.Sample.MinimalApi.Tests;

/// <summary>
/// <c>POST /{symbol}/first-login</c> and <c>POST /first-login/complete</c>: the first login / "Przywróć dostęp" (R3, R4).
/// An address in no record gets the same answer and, by mail, a notice without any link.
/// </summary>
public sealed class FirstLoginTests : IDisposable
{
    private readonly MinimalApiFactory _factory = new();

    public void Dispose() => _factory.Dispose();

    [Fact]
    public async Task Start_KnownAndUnknownAddress_SameAnswerAndMailOnlyToTheEligible_R3()
    {
        using var http = _factory.Browser();

        using var known = await http.PostAsJsonAsync(new Uri("/gminawulkanowo/first-login", UriKind.Relative), new { email = "ola.nowak@uczen.example.pl" });
        using var unknown = await http.PostAsJsonAsync(new Uri("/gminawulkanowo/first-login", UriKind.Relative), new { email = "nieznany@example.pl" });
        await _factory.Services.GetRequiredService<OutboxDispatcher>().DispatchPendingAsync();

        Assert.Equal((HttpStatusCode.Accepted, HttpStatusCode.Accepted), (known.StatusCode, unknown.StatusCode));
        Assert.Equal(await known.Content.ReadAsStringAsync(), await unknown.Content.ReadAsStringAsync());
        Assert.Contains(_factory.Mail.Sent, m => m.To == "ola.nowak@uczen.example.pl" && m.Kind == MailKind.AccessLink);
        Assert.DoesNotContain(_factory.Mail.Sent, m => m.To == "nieznany@example.pl" && m.Link is not null);
    }

    [Fact]
    public async Task Start_NotJson_Answers415AndSendsNothing()
    {
        using var http = _factory.Browser();
        using var form = new FormUrlEncodedContent(new Dictionary<string, string> { ["email"] = "ola.nowak@uczen.example.pl" });

        using var response = await http.PostAsync(new Uri("/gminawulkanowo/first-login", UriKind.Relative), form);
        await _factory.Services.GetRequiredService<OutboxDispatcher>().DispatchPendingAsync();

        Assert.Equal(HttpStatusCode.UnsupportedMediaType, response.StatusCode);
        Assert.Empty(_factory.Mail.Sent);
    }

    [Fact]
    public async Task Complete_WithTheLinksToken_SetsThePasswordOnceAndTheLinkIsUsedUp_R4()
    {
        using var http = _factory.Browser();
        var token = await _factory.LinkTokenAsync(http, "ola.nowak@uczen.example.pl");

        using var completed = await http.PostAsJsonAsync(new Uri("/first-login/complete", UriKind.Relative), new { token, password = MinimalApiFactory.Password });
        using var again = await http.PostAsJsonAsync(new Uri("/first-login/complete", UriKind.Relative), new { token, password = "inne dłuższe hasło numer dwa" });
        using var signIn = await http.PostAsJsonAsync(new Uri("/gminawulkanowo/sign-in", UriKind.Relative), new { email = "ola.nowak@uczen.example.pl", password = MinimalApiFactory.Password });

        Assert.Equal(HttpStatusCode.NoContent, completed.StatusCode);
        Assert.True((int)again.StatusCode is 400 or 410, again.StatusCode.ToString());
        Assert.StartsWith("Link.", (await ApiError.ReadAsync(again)).Code, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, signIn.StatusCode);
    }

    [Fact]
    public async Task Complete_WithACommonPassword_RefusedWithThePolicysCodeAndTheLinkStillWorks_R3()
    {
        using var http = _factory.Browser();
        var token = await _factory.LinkTokenAsync(http, "ola.nowak@uczen.example.pl");

        using var weak = await http.PostAsJsonAsync(new Uri("/first-login/complete", UriKind.Relative), new { token, password = "password" });
        using var strong = await http.PostAsJsonAsync(new Uri("/first-login/complete", UriKind.Relative), new { token, password = MinimalApiFactory.Password });

        Assert.Equal(HttpStatusCode.BadRequest, weak.StatusCode);
        Assert.StartsWith("Password.", (await ApiError.ReadAsync(weak)).Code, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NoContent, strong.StatusCode);
    }
}
