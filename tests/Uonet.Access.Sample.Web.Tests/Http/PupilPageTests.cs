using System.Net;
using Uonet.Access.Sample.Web.Tests.Infrastructure;

namespace Uonet.Access.Sample.Web.Tests.Http;

/// <summary>The Uczeń selector and the pupil page show only the children the records give the account (R5, R8).</summary>
public sealed class PupilPageTests(PortalFactory factory) : IClassFixture<PortalFactory>
{

    [Fact]
    public async Task PupilPage_ForOwnChild_ShowsTheBasicData()
    {
        using var family = await Families.SignedInAsync(factory);
        var (browser, email, record) = family;

        var response = await browser.GetAsync($"/gminawulkanowo/uczen/{record.Id}");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var facts = browser.Text("pupil")!;
        Assert.Contains("Zuzia", facts, StringComparison.Ordinal);
        Assert.Contains("4A", facts, StringComparison.Ordinal);
        Assert.Contains("matka", facts, StringComparison.Ordinal);
    }

    [Fact]
    public async Task PupilPage_ForAnotherFamilysChild_Answers404()
    {
        var (email, _) = await Families.AddAsync(factory);
        var (_, stranger) = await Families.AddAsync(factory);
        using var browser = new PortalBrowser(factory);
        await browser.FirstLoginAsync(email, Families.Password);

        var response = await browser.GetAsync($"/gminawulkanowo/uczen/{stranger.Id}");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.DoesNotContain(stranger.Id.ToString(), browser.Html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task PupilPages_WithoutSession_RedirectToSignIn()
    {
        using var browser = new PortalBrowser(factory);

        var selector = await browser.GetAsync("/gminawulkanowo/uczen");
        var mobile = await browser.GetAsync("/gminawulkanowo/dostep-mobilny");

        Assert.Equal("/gminawulkanowo/", selector.Headers.Location!.OriginalString);
        Assert.Equal("/gminawulkanowo/", mobile.Headers.Location!.OriginalString);
    }

    [Fact]
    public async Task Selector_AfterTheSchoolRemovesTheGuardian_EndsTheSession_R8()
    {
        using var family = await Families.SignedInAsync(factory);
        var (browser, email, record) = family;
        var records = Microsoft.Extensions.DependencyInjection.ServiceProviderServiceExtensions.GetRequiredService<Uonet.Access.Records.StudentRecords>(factory.Services);

        await records.RemoveGuardianAsync(Uonet.Access.Sample.DemoData.DemoDataset.SecretarySp1, record.Id, record.Guardians[0].Id);
        var response = await browser.GetAsync("/gminawulkanowo/uczen");

        Assert.StartsWith("/gminawulkanowo/?powod=Session.", response.Headers.Location!.OriginalString, StringComparison.Ordinal);
    }
}
