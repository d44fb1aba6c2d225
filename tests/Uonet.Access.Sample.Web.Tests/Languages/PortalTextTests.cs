using System.Globalization;
using Uonet.Access.Import;
using Uonet.Access.Sample.DemoData;
using Uonet.Access.Sample.Web.Hosting;
using Uonet.Access.Sample.Web.Pages.Instance.Staff;
using Uonet.Access.Sample.Web.Tests.Infrastructure;

namespace Uonet.Access.Sample.Web.Tests.Languages;

/// <summary>The portal's own words exist in Polish, English and Ukrainian, each a real translation.</summary>
public sealed class PortalTextTests
{
    // Texts that read the same in Ukrainian as in English: none today; a name or a code would go here.
    private static readonly HashSet<string> SameAsEnglish = [];

    [Fact]
    public void PortalTexts_EveryCallOfT_HasPolishEnglishAndUkrainian()
    {
        var texts = TranslatedTexts.Find("samples/Uonet.Access.Sample.Web", "T");

        var problems = texts.SelectMany(text => TranslatedTexts.Problems(text, SameAsEnglish)).ToList();

        // Every page's texts were found (a scanner that found none would prove nothing).
        Assert.True(texts.Count > 350, $"only {texts.Count} texts found");
        Assert.True(problems.Count == 0, string.Join(Environment.NewLine, problems));
    }

    [Fact]
    public void Problems_ForUkrainianCopiedFromEnglishOrMissing_AreListed()
    {
        var copied = new TranslatedText("x.cshtml:1", ["\"Zapisz\"", "\"Save\"", "\"Save\""], ["Zapisz", "Save", "Save"]);
        var empty = new TranslatedText("x.cshtml:2", ["\"Zapisz\"", "\"Save\"", "\"\""], ["Zapisz", "Save", ""]);
        var latin = new TranslatedText("x.cshtml:3", ["\"Zapisz\"", "\"Save\"", "\"Zberehty\""], ["Zapisz", "Save", "Zberehty"]);
        var lostValue = new TranslatedText("x.cshtml:4", ["$\"Klasa {name}\"", "$\"Class {name}\"", "$\"Клас\""], ["Klasa {name}", "Class {name}", "Клас"]);
        var twoLanguages = new TranslatedText("x.cshtml:5", ["\"Zapisz\"", "\"Save\""], ["Zapisz", "Save"]);
        var good = new TranslatedText("x.cshtml:6", ["$\"Klasa {name}\"", "$\"Class {name}\"", "$\"Клас {name}\""], ["Klasa {name}", "Class {name}", "Клас {name}"]);

        Assert.All(new[] { copied, empty, latin, lostValue, twoLanguages }, text => Assert.NotEmpty(TranslatedTexts.Problems(text, SameAsEnglish)));
        Assert.Empty(TranslatedTexts.Problems(good, SameAsEnglish));
        Assert.Empty(TranslatedTexts.Problems(copied, new HashSet<string> { "Save" }));
    }

    [Fact]
    public void DemoAddresses_EachSituation_IsDescribedInUkrainian()
    {
        Assert.All(DemoDataset.Addresses, address =>
        {
            var text = new TranslatedText(address.Email, [address.Polish, address.English, address.Ukrainian], [address.Polish, address.English, address.Ukrainian]);
            Assert.Empty(TranslatedTexts.Problems(text, SameAsEnglish));
        });
    }

    [Theory]
    [InlineData(1, "перервано після 1 рядка")]
    [InlineData(3, "перервано після 3 рядків")]
    [InlineData(11, "перервано після 11 рядків")]
    [InlineData(21, "перервано після 21 рядка")]
    [InlineData(25, "перервано після 25 рядків")]
    public void ImportRunDescribe_InUkrainian_UsesTheGenitiveThatFollowsTheNumber(int rows, string expected)
    {
        var run = new ImportRun
        {
            Id = Guid.NewGuid(),
            InstanceSymbol = "gminawulkanowo",
            UnitCode = "SP1",
            ActorEmail = "sekretariat@sp1.example.pl",
            StartedAt = DateTimeOffset.UnixEpoch,
            Status = ImportRunStatus.Cancelled,
            RowsWritten = rows,
        };
        var before = (CultureInfo.CurrentCulture, CultureInfo.CurrentUICulture);
        CultureInfo.CurrentCulture = CultureInfo.CurrentUICulture = CultureInfo.GetCultureInfo("uk-UA");
        try
        {
            Assert.Equal(expected, ImportModel.Describe(run));
        }
        finally
        {
            (CultureInfo.CurrentCulture, CultureInfo.CurrentUICulture) = before;
        }
    }

    [Theory]
    [InlineData("uk-UA", PortalLanguage.Ukrainian)]
    [InlineData("uk", PortalLanguage.Ukrainian)]
    [InlineData("pl-PL", PortalLanguage.Polish)]
    [InlineData("en-GB", PortalLanguage.English)]
    [InlineData("de-DE", PortalLanguage.English)]
    public void LanguageOf_ByTheCulturesLanguage_PicksThePortalLanguage(string culture, PortalLanguage expected)
    {
        Assert.Equal(expected, PortalCulture.LanguageOf(CultureInfo.GetCultureInfo(culture)));
    }
}
