using Uonet.Access.Sample.Console.Output;
using Uonet.Access.Sample.Console.Tests.Infrastructure;
using Uonet.Access.Sample.Web.Tests.Infrastructure;
using static Uonet.Access.Sample.Console.Tests.Infrastructure.School;

namespace Uonet.Access.Sample.Console.Tests;

/// <summary>
/// <c>--lang pl|en|uk</c>: the tool's own words in Polish, English and Ukrainian, the library asked in the same language,
/// and the JSON contract (codes, shape, exit codes) the same in every language.
/// </summary>
public sealed class LanguageTests(SchoolFixture school) : IClassFixture<SchoolFixture>
{
    // Texts that read the same in Ukrainian as in English: none today; a name or a code would go here.
    private static readonly HashSet<string> SameAsEnglish = [];

    [Fact]
    public void ToolTexts_EveryCallOfSayAndReadSecret_HasPolishEnglishAndUkrainian()
    {
        const string Folder = "samples/Uonet.Access.Sample.Console";
        var said = TranslatedTexts.Find(Folder, "Say");
        var prompts = TranslatedTexts.Find(Folder, "ReadSecret");

        var problems = said.Concat(prompts).SelectMany(text => TranslatedTexts.Problems(text, SameAsEnglish)).ToList();

        Assert.True(said.Count > 50 && prompts.Count >= 5, $"only {said.Count} texts and {prompts.Count} prompts found");
        Assert.True(problems.Count == 0, string.Join(Environment.NewLine, problems));
    }

    [Fact]
    public void ToolMessages_EveryCode_HasPolishEnglishAndUkrainian()
    {
        var problems = ToolMessages.All
            .Select(entry => new TranslatedText(entry.Key, [entry.Value.Polish, entry.Value.English, entry.Value.Ukrainian], [entry.Value.Polish, entry.Value.English, entry.Value.Ukrainian]))
            .SelectMany(text => TranslatedTexts.Problems(text, SameAsEnglish))
            .ToList();

        Assert.True(ToolMessages.All.Count >= 11);
        Assert.True(problems.Count == 0, string.Join(Environment.NewLine, problems));
    }

    [Fact]
    public async Task Demo_WithLangUk_WritesTheToolsOwnWordsInUkrainian()
    {
        var run = await ConsoleTool.RunAsync(["--lang", "uk"]);

        run.Succeeded();
        Assert.Contains("Діагностика входу за адресою /gminawulkanowo/", run.Stdout, StringComparison.Ordinal);
        Assert.Contains("Учениця з повною карткою: може входити (FAQ 1)", run.Stdout, StringComparison.Ordinal);
        Assert.Contains("Спроба ввести адресу учня як адресу батьків: ", run.Stdout, StringComparison.Ordinal);
        Assert.Contains("[R1]", run.Stdout, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("uk_UA.UTF-8")]
    [InlineData("uk")]
    public async Task Demo_WithAUkrainianLang_WritesUkrainian(string lang)
    {
        var run = await ConsoleTool.RunAsync(["demo"], environment: new Dictionary<string, string> { ["LANG"] = lang });

        run.Succeeded();
        Assert.Contains("Діагностика входу за адресою /gminawulkanowo/", run.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Demo_WithLangUkAndJson_KeepsTheJsonContract()
    {
        var polish = await ConsoleTool.RunAsync(["demo", "--json"]);
        var ukrainian = await ConsoleTool.RunAsync(["demo", "--json", "--lang", "uk"]);

        ukrainian.Succeeded();
        Assert.Equal(Names(polish.Json), Names(ukrainian.Json));
        Assert.Equal(polish.Json.GetProperty("firstLogin").GetProperty("signIn").GetString(), ukrainian.Json.GetProperty("firstLogin").GetProperty("signIn").GetString());
        Assert.Equal("Мати трьох дітей у двох школах за однією адресою: бачить усіх (FAQ 2, 4, 5)", ukrainian.Json.GetProperty("addresses")[2].GetProperty("situation").GetString());
    }

    [Fact]
    public async Task SignIn_WithLangUk_RefusesWithTheSameCodeAndALibraryMessageNotInPolish()
    {
        List<string> arguments = ["signin", Symbol, "ktokolwiek@example.pl", "--password-stdin", "--db", school.Database, "--json"];

        var polish = await ConsoleTool.RunAsync(arguments, "jakies haslo\n");
        var ukrainian = await ConsoleTool.RunAsync([.. arguments, "--lang", "uk"], "jakies haslo\n");

        ukrainian.Refused("SignIn.Failed");
        Assert.Equal(polish.ExitCode, ukrainian.ExitCode);
        var message = ukrainian.Json.GetProperty("error").GetProperty("message").GetString();
        Assert.False(string.IsNullOrWhiteSpace(message));
        Assert.NotEqual(polish.Json.GetProperty("error").GetProperty("message").GetString(), message);
    }

    [Fact]
    public async Task UsageError_WithLangUk_IsDescribedInUkrainianWithTheSameCode()
    {
        var run = await ConsoleTool.RunAsync(["outbox", "list", "--no-such-option", "--json", "--lang", "uk", "--db", school.Database]);

        Assert.Equal(2, run.ExitCode);
        Assert.Equal("Cli.Usage", run.ErrorCode);
        Assert.StartsWith("Неправильний виклик: ", run.Json.GetProperty("error").GetProperty("message").GetString(), StringComparison.Ordinal);
        Assert.Contains("Довідка: uonet-access <command> --help", run.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Lang_OutsidePlEnUk_IsAUsageError()
    {
        var run = await ConsoleTool.RunAsync(["outbox", "list", "--lang", "de", "--json", "--db", school.Database]);

        Assert.Equal(2, run.ExitCode);
        Assert.Equal("Cli.Usage", run.ErrorCode);
        Assert.Contains("de", run.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Lang_OverridesAnEnglishLang()
    {
        var run = await ConsoleTool.RunAsync(["demo", "--lang", "uk"], environment: new Dictionary<string, string> { ["LANG"] = "en_GB.UTF-8" });

        run.Succeeded();
        Assert.Contains("Діагностика входу", run.Stdout, StringComparison.Ordinal);
    }

    private static List<string> Names(System.Text.Json.JsonElement element) => [.. element.EnumerateObject().Select(property => property.Name)];
}
