using System.Globalization;
using System.Reflection;
using System.Text.RegularExpressions;
using Uonet.Access.Eligibility;
using Uonet.Access.Localization;
using Uonet.Access.Records;
using static Uonet.Access.Tests.TestSchool;

namespace Uonet.Access.Tests.Localization;

/// <summary>Every stable code has a Polish and an English text, written for the person in front of the screen.</summary>
public sealed partial class AccessMessagesTests
{
    private static readonly CultureInfo Polish = new("pl-PL");
    private static readonly CultureInfo English = new("en-GB");

    // A Polish text without diacritics still uses a frequent word or a typically Polish ending ("Wylogowano.").
    private static readonly string[] PolishWords =
    [
        "podaj", "nie", "jest", "lub", "albo", "się", "ma", "pole", "szkoły", "ucznia", "kartoteki", "kartoteka",
        "adres", "numer", "cyfr", "hasło", "rodzica", "opiekuna", "wiersz", "plik", "nic", "ten", "ta", "to", "w", "z", "na",
    ];

    private static readonly string[] PolishEndings = ["ano", "ono", "ego", "emu", "ych", "ymi", "ami", "ować", "cie", "ją"];

    private static readonly string[] EnglishWords = ["the", "is", "are", "your", "you", "was", "were", "this", "an", "and", "of"];

    public static TheoryData<string> AllCodes()
    {
        var data = new TheoryData<string>();
        foreach (var code in Codes())
        {
            data.Add(code);
        }

        return data;
    }

    [Fact]
    public void Codes_FindsTheConstantsOfBothClasses()
    {
        var codes = Codes().ToList();

        Assert.Contains(AccessErrorCodes.PeselChecksum, codes);
        Assert.Contains(DiagnosisCodes.FixedByNobody, codes);
        Assert.True(codes.Count >= 60, $"only {codes.Count} codes found");
        Assert.Equal(codes.Count, codes.Distinct(StringComparer.Ordinal).Count());
    }

    [Theory]
    [MemberData(nameof(AllCodes))]
    public void Describe_EveryCode_HasDistinctPolishAndEnglishTexts(string code)
    {
        var polish = AccessMessages.Describe(code, null, Polish);
        var english = AccessMessages.Describe(code, null, English);

        Assert.False(string.IsNullOrWhiteSpace(polish));
        Assert.False(string.IsNullOrWhiteSpace(english));
        Assert.NotEqual(code, polish);
        Assert.NotEqual(code, english);
        Assert.NotEqual(polish, english);
    }

    [Theory]
    [MemberData(nameof(AllCodes))]
    public void Describe_EveryCodeInPolish_IsWrittenInPolish(string code)
    {
        var polish = AccessMessages.Describe(code, null, Polish);

        var words = Words().Matches(polish.ToLower(Polish)).Select(m => m.Value).ToHashSet(StringComparer.Ordinal);
        Assert.True(
            polish.IndexOfAny(['ą', 'ć', 'ę', 'ł', 'ń', 'ó', 'ś', 'ź', 'ż', 'Ą', 'Ć', 'Ę', 'Ł', 'Ń', 'Ó', 'Ś', 'Ź', 'Ż']) >= 0
                || words.Overlaps(PolishWords)
                || words.Any(w => PolishEndings.Any(e => w.Length > e.Length + 2 && w.EndsWith(e, StringComparison.Ordinal))),
            $"{code}: \"{polish}\" does not look Polish");
        Assert.False(words.Overlaps(EnglishWords), $"{code}: \"{polish}\" holds English words");
    }

    [Theory]
    [MemberData(nameof(AllCodes))]
    public void Describe_EveryCodeInEnglish_HasNoPolishLetters(string code)
    {
        var english = AccessMessages.Describe(code, null, English);

        Assert.True(english.IndexOfAny(['ą', 'ć', 'ę', 'ł', 'ń', 'ś', 'ź', 'ż']) < 0, $"{code}: \"{english}\"");
    }

    [Theory]
    [MemberData(nameof(AllCodes))]
    public void Describe_EveryCode_HasTheSamePlaceholdersInBothLanguages(string code)
    {
        var polish = Placeholders(AccessMessages.Describe(code, null, Polish));
        var english = Placeholders(AccessMessages.Describe(code, null, English));

        Assert.Equal(english, polish);
    }

    [Theory]
    [MemberData(nameof(AllCodes))]
    public void Describe_EveryCodeWithArguments_LeavesNoPlaceholderUnfilled(string code)
    {
        var names = Placeholders(AccessMessages.Describe(code, null, English));
        var arguments = names.ToDictionary(name => name, name => "<" + name + ">");

        var polish = AccessMessages.Describe(code, arguments, Polish);
        var english = AccessMessages.Describe(code, arguments, English);

        Assert.Empty(Placeholders(polish));
        Assert.Empty(Placeholders(english));
        Assert.All(names, name => Assert.Contains("<" + name + ">", polish, StringComparison.Ordinal));
    }

    [Fact]
    public void KnownCodes_AreExactlyTheConstants()
    {
        var constants = Codes().Order(StringComparer.Ordinal);

        Assert.Equal(constants, AccessMessages.KnownCodes.Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task Describe_FieldTooLongFromA101CharacterFirstName_SaysTheLimitIs100()
    {
        await using var school = await TestSchool.CreateAsync();
        var result = await school.Records.AddStudentAsync(SecretarySp1, new NewStudent { UnitCode = Sp1, ClassName = "4a", FirstName = new string('a', 101), LastName = "Nowak" });
        var error = Assert.Single(result.Errors);

        var polish = error.Describe(Polish);
        var english = error.Describe(English);

        Assert.Equal(AccessErrorCodes.FieldTooLong, error.Code);
        Assert.Contains("100", polish, StringComparison.Ordinal);
        Assert.Contains("100", english, StringComparison.Ordinal);
        Assert.DoesNotContain("{", polish, StringComparison.Ordinal);
        Assert.DoesNotContain("{", english, StringComparison.Ordinal);
        Assert.Contains("najwyżej", polish, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Describe_GuardianLimit_SaysTheLimitIs6()
    {
        await using var school = await TestSchool.CreateAsync();
        var guardians = Enumerable.Range(1, 7).Select(i => Guardian("Anna", "Nowak" + i, $"opiekun{i}@example.pl")).ToArray();
        var result = await school.Records.AddStudentAsync(SecretarySp1, new NewStudent { UnitCode = Sp1, ClassName = "4a", FirstName = "Ola", LastName = "Nowak", Guardians = guardians });

        var polish = Assert.Single(result.Errors).Describe(Polish);

        Assert.Equal("Kartoteka ucznia może zawierać najwyżej 6 rodziców/opiekunów.", polish);
    }

    [Fact]
    public void Describe_ArgumentsWithoutPlaceholder_AreIgnored()
    {
        var text = AccessMessages.Describe(AccessErrorCodes.PeselChecksum, new Dictionary<string, string> { ["max"] = "5" }, English);

        Assert.Equal("The PESEL's check digit is wrong: check it for a typo.", text);
    }

    [Fact]
    public void Describe_UnknownCode_ReturnsTheCode()
    {
        Assert.Equal("Host.Custom", AccessMessages.Describe("Host.Custom", null, Polish));
    }

    [Theory]
    [InlineData("pl", true)]
    [InlineData("pl-PL", true)]
    [InlineData("en-GB", false)]
    [InlineData("de-DE", false)]
    [InlineData("", false)] // invariant culture
    public void IsPolish_ByLanguage(string culture, bool expected)
    {
        Assert.Equal(expected, AccessMessages.IsPolish(new CultureInfo(culture)));
    }

    [Fact]
    public void Describe_NonPolishCulture_FallsBackToEnglish()
    {
        var german = AccessMessages.Describe(AccessErrorCodes.EmailRequired, null, new CultureInfo("de-DE"));

        Assert.Equal("Enter an e-mail address.", german);
    }

    [Fact]
    public void Describe_WithoutCulture_UsesCurrentUICulture()
    {
        var previous = CultureInfo.CurrentUICulture;
        try
        {
            CultureInfo.CurrentUICulture = Polish;
            var polish = new AccessError(AccessErrorCodes.PeselRequired).Describe();
            CultureInfo.CurrentUICulture = English;
            var english = new AccessError(AccessErrorCodes.PeselRequired).Describe();

            Assert.Equal(("Podaj numer PESEL.", "Enter the PESEL number."), (polish, english));
        }
        finally
        {
            CultureInfo.CurrentUICulture = previous;
        }
    }

    private static IEnumerable<string> Codes() => Constants(typeof(AccessErrorCodes)).Concat(Constants(typeof(DiagnosisCodes)));

    private static IEnumerable<string> Constants(Type type) =>
        type.GetFields(BindingFlags.Public | BindingFlags.Static)
            .Where(f => f.IsLiteral && f.FieldType == typeof(string))
            .Select(f => (string)f.GetRawConstantValue()!);

    private static SortedSet<string> Placeholders(string text) =>
        new(Placeholder().Matches(text).Select(m => m.Groups[1].Value), StringComparer.Ordinal);

    [GeneratedRegex(@"\{([A-Za-z]+)(?::plural:[^{}]*)?\}")]
    private static partial Regex Placeholder();

    [GeneratedRegex(@"\p{L}+")]
    private static partial Regex Words();
}
