using System.Net;
using System.Net.Http.Headers;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Uonet.Access.AspNetCore.Maintenance;
using Uonet.Access.AspNetCore.Tests.Infrastructure;
using Uonet.Access.Maintenance;

namespace Uonet.Access.AspNetCore.Tests.Maintenance;

/// <summary><c>UseUonetMaintenance</c> (R10): 503 with <c>Retry-After</c>, a page or the API's JSON, administrators let through.</summary>
public sealed class MaintenanceGateTests : IAsyncLifetime
{
    private AccessHost _host = null!;

    public async Task InitializeAsync() => _host = await AccessHost.StartAsync();

    public async Task DisposeAsync() => await _host.DisposeAsync();

    [Fact]
    public async Task ActiveBreak_Page_503WithRetryAfterAndTheMessageInTheVisitorsLanguage_R10()
    {
        await StartBreakAsync(TimeSpan.FromMinutes(30));
        using var http = _host.Client();

        var polish = await GetAsync(http, "/gminawulkanowo/me", "text/html", "pl");
        var english = await GetAsync(http, "/gminawulkanowo/me", "text/html", "en");

        Assert.Equal(HttpStatusCode.ServiceUnavailable, polish.StatusCode);
        Assert.Equal(TimeSpan.FromMinutes(30), polish.Headers.RetryAfter!.Delta);
        Assert.Equal("text/html", polish.Content.Headers.ContentType!.MediaType);
        Assert.Contains("Aktualizacja dziennika", await polish.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Contains("Register update", await english.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task ActiveBreak_PageInUkrainian_TitleAndRetryInUkrainianWithTheMinutesInTheirPluralForm_R10()
    {
        await _host.DisposeAsync();
        _host = await AccessHost.StartAsync(pageLanguages: ["pl-PL", "en", "uk"]);
        await StartBreakAsync(TimeSpan.FromMinutes(22));
        using var http = _host.Client();

        var page = WebUtility.HtmlDecode(await (await GetAsync(http, "/gminawulkanowo/me", "text/html", "uk")).Content.ReadAsStringAsync());

        Assert.Contains("<html lang=\"uk\">", page, StringComparison.Ordinal);
        Assert.Contains("<h1>Технічна перерва</h1>", page, StringComparison.Ordinal);
        Assert.Contains("приблизно через 22 хвилини", page, StringComparison.Ordinal);
        Assert.Contains("Aktualizacja dziennika", page, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ActiveBreak_MobileApi_503WithTheJsonErrorAndRetryAfter()
    {
        await StartBreakAsync(TimeSpan.FromMinutes(10));
        using var http = _host.Client();

        var response = await http.GetAsync(new Uri("/gminawulkanowo/api/mobile/pupils", UriKind.Relative));

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.Equal(TimeSpan.FromMinutes(10), response.Headers.RetryAfter!.Delta);
        var error = await ApiError.ReadAsync(response);
        Assert.Equal((AccessErrorCodes.MaintenanceActive, "Aktualizacja dziennika", "Register update"), (error.Code, error.Arguments["message"], error.Arguments["message.en"]));
    }

    [Fact]
    public async Task ActiveBreak_StaticAssetAndHead_PlainTextAndNoBody()
    {
        await StartBreakAsync(TimeSpan.FromMinutes(10));
        using var http = _host.Client();

        var image = await GetAsync(http, "/gminawulkanowo/logo.png", "image/png", "pl");
        using var head = new HttpRequestMessage(HttpMethod.Head, "/gminawulkanowo/me");
        var headResponse = await http.SendAsync(head);

        Assert.Equal((HttpStatusCode.ServiceUnavailable, "text/plain"), (image.StatusCode, image.Content.Headers.ContentType!.MediaType));
        Assert.Equal(HttpStatusCode.ServiceUnavailable, headResponse.StatusCode);
        Assert.Empty(await headResponse.Content.ReadAsByteArrayAsync());
    }

    [Fact]
    public async Task ActiveBreak_Administrator_PassesButSecretaryAndGuardianDoNot()
    {
        using var administrator = await _host.BrowserSignedInAsync(AccessHost.Administrator.Email);
        using var secretary = await _host.BrowserSignedInAsync(AccessHost.SecretarySp1.Email);
        await StartBreakAsync(TimeSpan.FromMinutes(10));

        var admin = await administrator.Http.GetAsync(new Uri("/gminawulkanowo/admin", UriKind.Relative));
        var office = await secretary.Http.GetAsync(new Uri("/gminawulkanowo/staff", UriKind.Relative));

        Assert.Equal(HttpStatusCode.OK, admin.StatusCode);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, office.StatusCode);
    }

    [Fact]
    public async Task ActiveBreak_AnotherBypassPolicy_LetsStaffThrough()
    {
        await using var host = await AccessHost.StartAsync(o => o.MaintenanceBypassPolicy = AspNetCore.Authorization.UonetPolicies.Staff);
        using var secretary = await host.BrowserSignedInAsync(AccessHost.SecretarySp1.Email);
        var started = await host.Services.GetRequiredService<MaintenanceSchedule>().ScheduleAsync(AccessHost.Administrator, new MaintenanceRequest { MessagePolish = "Przerwa", ExpectedEndAt = host.Time.GetUtcNow().AddMinutes(10) });
        Assert.True(started.Succeeded);

        var office = await secretary.Http.GetAsync(new Uri("/gminawulkanowo/staff", UriKind.Relative));

        Assert.Equal(HttpStatusCode.OK, office.StatusCode);
    }

    [Fact]
    public async Task ActiveBreak_OfOneInstance_LeavesTheOtherAlone_R6()
    {
        await StartBreakAsync(TimeSpan.FromMinutes(10));
        using var http = _host.Client();

        var other = await http.GetAsync(new Uri("/powiatwulkanowy/ended", UriKind.Relative));

        Assert.Equal(HttpStatusCode.OK, other.StatusCode);
    }

    [Fact]
    public async Task EndedBreak_EverythingAnswersAgain()
    {
        var window = await StartBreakAsync(TimeSpan.FromMinutes(10));
        using var http = _host.Client();
        var during = await http.GetAsync(new Uri("/gminawulkanowo/ended", UriKind.Relative));

        Assert.True((await _host.Services.GetRequiredService<MaintenanceSchedule>().EndAsync(AccessHost.Administrator, window.Id)).Succeeded);
        _host.Time.Advance(TimeSpan.FromSeconds(6));
        var after = await http.GetAsync(new Uri("/gminawulkanowo/ended", UriKind.Relative));

        Assert.Equal((HttpStatusCode.ServiceUnavailable, HttpStatusCode.OK), (during.StatusCode, after.StatusCode));
    }

    [Fact]
    public async Task ActiveBreak_ReplacedResponder_WritesTheHostsPage()
    {
        await using var host = await AccessHost.StartAsync(services: s => s.AddSingleton<IMaintenanceResponder, OwnPage>());
        Assert.True((await host.Services.GetRequiredService<MaintenanceSchedule>().ScheduleAsync(AccessHost.Administrator, new MaintenanceRequest { MessagePolish = "Przerwa" })).Succeeded);
        using var http = host.Client();

        var response = await http.GetAsync(new Uri("/gminawulkanowo/ended", UriKind.Relative));

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.NotNull(response.Headers.RetryAfter);
        Assert.Equal("own page: Przerwa", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task ActiveBreak_DerivedResponder_HostsPageForBrowsersAndThePackagesJsonForTheMobileApi_R10()
    {
        await using var host = await AccessHost.StartAsync(services: s => s.AddSingleton<IMaintenanceResponder, OwnBrowserPage>());
        Assert.True((await host.Services.GetRequiredService<MaintenanceSchedule>().ScheduleAsync(AccessHost.Administrator, new MaintenanceRequest { MessagePolish = "Przerwa" })).Succeeded);
        using var http = host.Client();

        var page = await GetAsync(http, "/gminawulkanowo/ended", "text/html", "pl");
        var api = await http.GetAsync(new Uri("/gminawulkanowo/api/mobile/pupils", UriKind.Relative));

        Assert.Equal((HttpStatusCode.ServiceUnavailable, "own page: Przerwa"), (page.StatusCode, await page.Content.ReadAsStringAsync()));
        Assert.NotNull(page.Headers.RetryAfter);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, api.StatusCode);
        Assert.Equal(AccessErrorCodes.MaintenanceActive, (await ApiError.ReadAsync(api)).Code);
    }

    private async Task<MaintenanceWindow> StartBreakAsync(TimeSpan length)
    {
        var started = await _host.Services.GetRequiredService<MaintenanceSchedule>().ScheduleAsync(AccessHost.Administrator, new MaintenanceRequest
        {
            MessagePolish = "Aktualizacja dziennika",
            MessageEnglish = "Register update",
            ExpectedEndAt = _host.Time.GetUtcNow() + length,
        });
        Assert.True(started.Succeeded, started.ToString());
        return started.Value;
    }

    private static async Task<HttpResponseMessage> GetAsync(HttpClient http, string path, string accept, string language)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue(accept));
        request.Headers.AcceptLanguage.Add(new StringWithQualityHeaderValue(language));
        return await http.SendAsync(request);
    }

    private sealed class OwnPage : IMaintenanceResponder
    {
        public Task WriteAsync(HttpContext context, MaintenanceStatus status) => context.Response.WriteAsync("own page: " + status.Message());
    }

    private sealed class OwnBrowserPage : DefaultMaintenanceResponder
    {
        protected override Task WritePageAsync(HttpContext context, MaintenanceStatus status) => context.Response.WriteAsync("own page: " + status.Message());
    }
}
