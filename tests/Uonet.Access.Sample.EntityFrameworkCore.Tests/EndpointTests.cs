using System.Net;
using System.Net.Http.Json;
using Uonet.Access.Sample.EntityFrameworkCore.Tests.Infrastructure;

namespace Uonet.Access.Sample.EntityFrameworkCore.Tests;

/// <summary>The library's first login and the app's own announcements, over the one EF Core context.</summary>
public sealed class EndpointTests : IDisposable
{
    private readonly SchoolPortalFactory _factory = new();

    public void Dispose() => _factory.Dispose();

    [Fact]
    public async Task FirstLogin_LinkFromTheOutboxThenPasswordThenSignIn_TheGuardianSeesHerThreeChildren_R2_R3_R4_R5()
    {
        using var http = _factory.Browser();

        var token = await _factory.LinkTokenAsync(http, "anna.nowak@example.pl");
        using var completed = await http.PostAsJsonAsync(new Uri("/first-login/complete", UriKind.Relative), new { token, password = SchoolPortalFactory.Password });
        using var again = await http.PostAsJsonAsync(new Uri("/first-login/complete", UriKind.Relative), new { token, password = "inne dłuższe hasło numer dwa" });
        using var signedIn = await http.PostAsJsonAsync(new Uri($"/{SchoolPortalFactory.Symbol}/sign-in", UriKind.Relative), new { email = "anna.nowak@example.pl", password = SchoolPortalFactory.Password });
        var pupils = await http.GetFromJsonAsync<List<PupilBody>>(new Uri($"/{SchoolPortalFactory.Symbol}/pupils", UriKind.Relative));

        Assert.Equal(HttpStatusCode.NoContent, completed.StatusCode);
        Assert.True((int)again.StatusCode is 400 or 410, again.StatusCode.ToString());
        Assert.Equal(HttpStatusCode.OK, signedIn.StatusCode);
        Assert.Equal(3, pupils!.Count);
        Assert.All(pupils, p => Assert.Equal("Mother", p.Relation));
    }

    [Fact]
    public async Task Announcements_WithoutSession_Answers401()
    {
        using var http = _factory.Browser();

        using var response = await http.GetAsync(new Uri($"/{SchoolPortalFactory.Symbol}/announcements", UriKind.Relative));

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task Announcements_WithSession_OnlyTheInstancesNewestFirst_R8()
    {
        using var http = await _factory.SignedInAsync("ola.nowak@uczen.example.pl");

        var announcements = await http.GetFromJsonAsync<List<AnnouncementBody>>(new Uri($"/{SchoolPortalFactory.Symbol}/announcements", UriKind.Relative));
        using var otherInstance = await http.GetAsync(new Uri("/powiatwulkanowy/announcements", UriKind.Relative));

        Assert.Equal(["Dzień otwarty", "Zebranie z rodzicami"], announcements!.Select(a => a.Title));
        Assert.Equal(HttpStatusCode.Unauthorized, otherInstance.StatusCode);
    }

    private sealed record PupilBody(string FirstName, string LastName, string Relation);

    private sealed record AnnouncementBody(int Id, string Title, string Body, DateTimeOffset PublishedAt);
}
