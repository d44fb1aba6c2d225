using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Uonet.Access.Maintenance;
using Uonet.Access.Sample.DemoData;
using Uonet.Access.Sample.Web.Tests.Infrastructure;

namespace Uonet.Access.Sample.Web.Tests.Http;

/// <summary>Technical breaks (R10): 503 with Retry-After and the administrator's message for everyone but the administrators.</summary>
public sealed class MaintenanceTests(StaffPortalFactory factory) : IClassFixture<StaffPortalFactory>, IAsyncLifetime
{
    private MaintenanceSchedule Schedule => factory.Services.GetRequiredService<MaintenanceSchedule>();

    [Fact]
    public async Task ActiveBreak_AnswersPages503WithRetryAfterAndTheMessage_InTheVisitorsLanguage()
    {
        var now = factory.Time.GetUtcNow();
        await Schedule.ScheduleAsync(DemoDataset.Administrator, new MaintenanceRequest { MessagePolish = "Aktualizacja dziennika", MessageEnglish = "Register update", ExpectedEndAt = now.AddMinutes(20) });
        using var visitor = new PortalBrowser(factory);

        var polish = await visitor.GetAsync("/gminawulkanowo/");
        var polishHtml = visitor.Html;
        var english = await visitor.GetAsync("/gminawulkanowo/dostep?lang=en");
        var englishHtml = visitor.Html;
        var otherInstance = await visitor.GetAsync("/powiatwulkanowy/");

        Assert.Equal(HttpStatusCode.ServiceUnavailable, polish.StatusCode);
        Assert.Equal(TimeSpan.FromMinutes(20), polish.Headers.RetryAfter!.Delta);
        Assert.Contains("Aktualizacja dziennika", polishHtml, StringComparison.Ordinal);
        Assert.Contains("Przerwa techniczna", polishHtml, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, english.StatusCode);
        Assert.Contains("Register update", englishHtml, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, otherInstance.StatusCode);
    }

    [Fact]
    public async Task ActiveBreak_InUkrainian_ShowsThePortalsWordsInUkrainianAndOffersPolishAndEnglish()
    {
        await Schedule.ScheduleAsync(DemoDataset.Administrator, new MaintenanceRequest { MessagePolish = "Aktualizacja", ExpectedEndAt = factory.Time.GetUtcNow().AddMinutes(20) });
        using var visitor = new PortalBrowser(factory);

        var response = await visitor.GetAsync("/gminawulkanowo/dostep?lang=uk");

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.Contains("<html lang=\"uk\">", visitor.Html, StringComparison.Ordinal);
        Assert.Contains("<h1>Технічна перерва</h1>", visitor.Html, StringComparison.Ordinal);
        Assert.Contains("Очищати файли cookie не потрібно", visitor.Html, StringComparison.Ordinal);
        Assert.Contains("lang=\"pl\" hreflang=\"pl\">Polski</a>", visitor.Html, StringComparison.Ordinal);
        Assert.Contains("lang=\"en\" hreflang=\"en\">English</a>", visitor.Html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ActiveBreak_AnswersTheMobileApi503WithTheJsonError()
    {
        await Schedule.ScheduleAsync(DemoDataset.Administrator, new MaintenanceRequest { MessagePolish = "Aktualizacja", ExpectedEndAt = factory.Time.GetUtcNow().AddMinutes(5) });
        using var http = factory.CreateClient();

        var response = await http.GetAsync(new Uri("/gminawulkanowo/api/mobile/pupils", UriKind.Relative));

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.Equal(TimeSpan.FromMinutes(5), response.Headers.RetryAfter!.Delta);
        var error = await MobileAccessTests.ErrorAsync(response);
        Assert.Equal((AccessErrorCodes.MaintenanceActive, "Aktualizacja"), (error.Code, error.Arguments["message"]));
    }

    [Fact]
    public async Task Administrator_StartsABreakOnThePage_KeepsWorkingThroughIt_AndEndsIt()
    {
        var (email, _) = await Families.AddAsync(factory);
        using var parent = await factory.SignedInAsync(email);
        using var administrator = await factory.SignedInAsync(DemoDataset.Administrator.Email);

        await administrator.SubmitAsync("/gminawulkanowo/szkola/przerwy", new Dictionary<string, string> { ["MessagePolish"] = "Przerwa na aktualizację", ["StartsInMinutes"] = "0", ["LastsMinutes"] = "30" }, "/gminawulkanowo/szkola/przerwy?handler=Schedule");
        var scheduled = administrator.Last!.StatusCode;
        var duringForParent = await parent.GetAsync("/gminawulkanowo/uczen");
        var duringForAdministrator = await administrator.GetAsync("/gminawulkanowo/szkola/przerwy");
        var listed = administrator.Text("windows");
        var window = (await Schedule.ListAsync("gminawulkanowo")).Single();
        await administrator.PostAsync("/gminawulkanowo/szkola/przerwy?handler=End", new Dictionary<string, string> { ["windowId"] = window.Id.ToString() }, administrator.AntiforgeryToken());
        var after = await parent.GetAsync("/gminawulkanowo/uczen");

        Assert.Equal(HttpStatusCode.OK, scheduled);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, duringForParent.StatusCode);
        Assert.Equal(HttpStatusCode.OK, duringForAdministrator.StatusCode);
        Assert.Contains("Przerwa na aktualizację", listed, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, after.StatusCode);
    }

    [Fact]
    public async Task Secretary_MayNotScheduleABreak_AndSeesTheRefusal()
    {
        using var secretary = await factory.SignedInAsync(DemoDataset.SecretarySp1.Email);

        await secretary.SubmitAsync("/gminawulkanowo/szkola/przerwy", new Dictionary<string, string> { ["MessagePolish"] = "Nie wolno", ["StartsInMinutes"] = "0", ["LastsMinutes"] = "30" }, "/gminawulkanowo/szkola/przerwy?handler=Schedule");

        Assert.Equal([AccessErrorCodes.StaffNotAllowed], secretary.ErrorCodes());
        Assert.Empty(await Schedule.ListAsync("gminawulkanowo"));
    }

    [Theory]
    [InlineData("-5", "30")]
    [InlineData("0", "999999")]
    [InlineData("teraz", "30")]
    public async Task Administrator_WithImpossibleTimes_GetsAMessageAndNoBreak(string startsIn, string lasts)
    {
        using var administrator = await factory.SignedInAsync(DemoDataset.Administrator.Email);

        await administrator.SubmitAsync("/gminawulkanowo/szkola/przerwy", new Dictionary<string, string> { ["MessagePolish"] = "Przerwa", ["StartsInMinutes"] = startsIn, ["LastsMinutes"] = lasts }, "/gminawulkanowo/szkola/przerwy?handler=Schedule");

        Assert.True(administrator.Last!.StatusCode is HttpStatusCode.OK or HttpStatusCode.BadRequest);
        Assert.NotEmpty(administrator.ErrorCodes());
        Assert.Empty(await Schedule.ListAsync("gminawulkanowo"));
    }

    [Fact]
    public async Task ScheduledBreak_ChangesNothingUntilItStarts()
    {
        var now = factory.Time.GetUtcNow();
        await Schedule.ScheduleAsync(DemoDataset.Administrator, new MaintenanceRequest { MessagePolish = "Wieczorem", StartsAt = now.AddHours(1), ExpectedEndAt = now.AddHours(2) });
        using var visitor = new PortalBrowser(factory);

        var before = await visitor.GetAsync("/gminawulkanowo/");
        factory.Time.Advance(TimeSpan.FromMinutes(61));
        var during = await visitor.GetAsync("/gminawulkanowo/");

        Assert.Equal(HttpStatusCode.OK, before.StatusCode);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, during.StatusCode);
        Assert.Equal(TimeSpan.FromMinutes(59), during.Headers.RetryAfter!.Delta);
    }

    [Fact]
    public async Task PlatformWideBreak_AnswersTheFrontPageToo()
    {
        await Schedule.ScheduleGlobalAsync("operator", new MaintenanceRequest { MessagePolish = "Cała platforma" });
        using var visitor = new PortalBrowser(factory);

        var front = await visitor.GetAsync("/");

        Assert.Equal(HttpStatusCode.ServiceUnavailable, front.StatusCode);
        Assert.Contains("Cała platforma", visitor.Html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Pairing_ByAnAdministratorWhoIsAParentDuringABreak_Answers503WithRetryAfterAndTheMessage_R10()
    {
        var (email, _) = await Families.AddAsync(factory);
        var directory = factory.Services.GetRequiredService<Records.SchoolDirectory>();
        Assert.True((await directory.AssignStaffAsync("gminawulkanowo", email, "Maria Testowa", new Records.StaffAssignment(Records.StaffRole.Administrator))).Succeeded);
        using var administrator = await factory.SignedInAsync(email);
        await administrator.GetAsync("/gminawulkanowo/dostep-mobilny");
        var token = administrator.AntiforgeryToken();
        await Schedule.ScheduleAsync(DemoDataset.Administrator, new MaintenanceRequest { MessagePolish = "Aktualizacja dziennika", ExpectedEndAt = factory.Time.GetUtcNow().AddMinutes(20) });

        var response = await administrator.PostAsync("/gminawulkanowo/dostep-mobilny?handler=Pair", new Dictionary<string, string>(), token);

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.Equal(TimeSpan.FromMinutes(20), response.Headers.RetryAfter!.Delta);
        Assert.Equal([AccessErrorCodes.MaintenanceActive], administrator.ErrorCodes());
        Assert.Null(administrator.Text("pairing-token"));
    }

    public Task InitializeAsync() => EndEveryBreakAsync();

    public Task DisposeAsync() => EndEveryBreakAsync();

    private async Task EndEveryBreakAsync()
    {
        foreach (var window in await Schedule.ListAsync("gminawulkanowo"))
        {
            await Schedule.EndAsOperatorAsync(window.Id);
        }
    }
}
