using System.Net;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Uonet.Access.Records;
using Uonet.Access.Sample.DemoData;
using Uonet.Access.Sample.Web.Tests.Infrastructure;

namespace Uonet.Access.Sample.Web.Tests.Http;

/// <summary>
/// <i>Konto → Pobierz moje dane (JSON)</i> (RODO art. 15): the holder downloads the library's document as a file, with
/// their own entry and the child's name, and nothing of the other guardian.
/// </summary>
public sealed class PersonalDataDownloadTests(PortalFactory factory) : IClassFixture<PortalFactory>
{
    [Fact]
    public async Task DownloadData_SignedInGuardian_JsonAttachmentWithOwnEntryAndNoOtherGuardian()
    {
        using var family = await Families.SignedInAsync(factory);
        var father = $"ojciec.{Guid.NewGuid():N}@example.pl";
        var added = await factory.Services.GetRequiredService<StudentRecords>().AddGuardianAsync(DemoDataset.SecretarySp1, family.Record.Id, new GuardianDetails { FirstName = "Tadeusz", LastName = "Testowy", Email = father, Pesel = "85021513573", Relation = GuardianRelation.Father });
        Assert.True(added.Succeeded, added.ToString());
        await family.Browser.GetAsync("/gminawulkanowo/konto");
        Assert.Contains("id=\"download-my-data\"", family.Browser.Html, StringComparison.Ordinal);

        var response = await family.Browser.PostAsync("/gminawulkanowo/konto?handler=DownloadData", new Dictionary<string, string>(), family.Browser.AntiforgeryToken());

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("attachment", response.Content.Headers.ContentDisposition?.DispositionType);
        Assert.StartsWith("moje-dane-gminawulkanowo-", response.Content.Headers.ContentDisposition?.FileName, StringComparison.Ordinal);
        Assert.True(response.Headers.CacheControl?.NoStore);
        using var document = JsonDocument.Parse(family.Browser.Html);
        Assert.Equal(family.Email, document.RootElement.GetProperty("account").GetProperty("email").GetString());
        var record = Assert.Single(document.RootElement.GetProperty("records").EnumerateArray());
        Assert.Equal("Zuzia", record.GetProperty("pupilFirstName").GetString());
        Assert.Equal("Maria", Assert.Single(record.GetProperty("asGuardian").EnumerateArray()).GetProperty("firstName").GetString());
        Assert.DoesNotContain(father, family.Browser.Html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("Tadeusz", family.Browser.Html, StringComparison.Ordinal);
        Assert.DoesNotContain("85021513573", family.Browser.Html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task DownloadData_WithoutTheAntiforgeryToken_Refused()
    {
        using var family = await Families.SignedInAsync(factory);

        var response = await family.Browser.PostAsync("/gminawulkanowo/konto?handler=DownloadData", new Dictionary<string, string>(), null);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.DoesNotContain(family.Email, family.Browser.Html, StringComparison.OrdinalIgnoreCase);
    }
}
