using System.Collections;
using System.Globalization;
using System.Resources;
using Microsoft.Extensions.DependencyInjection;
using Uonet.Access.Eligibility;
using Uonet.Access.Localization;
using Uonet.Access.Mail;
using Uonet.Access.Credentials;
using Uonet.Access.Storage;
using static Uonet.Access.Tests.TestSchool;

namespace Uonet.Access.Tests.Localization;

/// <summary>The three languages are complete, counts take their plural forms, and a host's texts replace the built-in ones.</summary>
public sealed class AccessTextProviderTests
{
    private static readonly CultureInfo Polish = CultureInfo.GetCultureInfo("pl-PL");
    private static readonly CultureInfo English = CultureInfo.GetCultureInfo("en-GB");
    private static readonly CultureInfo Ukrainian = CultureInfo.GetCultureInfo("uk-UA");
    private static readonly ResourceManager Resources = new("Uonet.Access.Localization.AccessTexts", typeof(AccessTextProvider).Assembly);

    // Texts that are the same in every language on purpose: a proper name, or no words at all.
    private static readonly HashSet<string> SameInEveryLanguage = new(StringComparer.Ordinal)
    {
        "Label.pesel",
        "Label.email",
        "Label.symbol",
        "Mail.AccountClosed.When",
    };

    private readonly AccessTextProvider _texts = AccessTextProvider.Default;

    public static TheoryData<string> EveryKey()
    {
        var data = new TheoryData<string>();
        foreach (var key in Keys(CultureInfo.InvariantCulture))
        {
            data.Add(key);
        }

        return data;
    }

    public static TheoryData<string> EveryLanguage() => ["pl", "en", "uk"];

    [Fact]
    public void Keys_CoverEveryCodeLabelMailAndHttpText()
    {
        var keys = Keys(CultureInfo.InvariantCulture).ToHashSet(StringComparer.Ordinal);

        Assert.Superset(AccessMessages.KnownCodes.ToHashSet(StringComparer.Ordinal), keys);
        Assert.Contains("Label.firstName", keys);
        Assert.Contains("Mail.AccessLink.Subject", keys);
        Assert.Contains("Http.Request.Malformed", keys);
        Assert.Contains("Http.Maintenance.TryAgain", keys);
    }

    [Theory]
    [InlineData("pl")]
    [InlineData("uk")]
    public void Keys_EveryLanguageHasExactlyTheKeysOfTheEnglishFile(string language)
    {
        var english = Keys(CultureInfo.InvariantCulture).Order(StringComparer.Ordinal);

        var translated = Keys(CultureInfo.GetCultureInfo(language)).Order(StringComparer.Ordinal);

        Assert.Equal(english, translated);
    }

    [Theory]
    [MemberData(nameof(EveryKey))]
    public void Text_EveryKey_IsNonEmptyInPolishEnglishAndUkrainian(string key)
    {
        var (polish, english, ukrainian) = Own(key);

        Assert.All([polish, english, ukrainian], text => Assert.False(string.IsNullOrWhiteSpace(text), key));
    }

    [Theory]
    [MemberData(nameof(EveryKey))]
    public void Text_EveryKey_DiffersFromEnglishUnlessAllowed(string key)
    {
        var (polish, english, ukrainian) = Own(key);
        if (SameInEveryLanguage.Contains(key))
        {
            return;
        }

        Assert.NotEqual(english, polish);
        Assert.NotEqual(english, ukrainian);
        Assert.NotEqual(polish, ukrainian);
    }

    [Theory]
    [MemberData(nameof(EveryKey))]
    public void Text_EveryKeyInUkrainian_IsWrittenInCyrillic(string key)
    {
        var ukrainian = Own(key).Ukrainian;
        if (SameInEveryLanguage.Contains(key) || key == "Language")
        {
            return;
        }

        Assert.True(ukrainian.Any(c => c is >= 'А' and <= 'я' or 'і' or 'ї' or 'є' or 'ґ' or 'І' or 'Ї' or 'Є'), $"{key}: \"{ukrainian}\"");
        Assert.DoesNotContain("Dzień", ukrainian, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(EveryKey))]
    public void Text_EveryKey_HasTheSamePlaceholdersAndBoldMarksInEveryLanguage(string key)
    {
        var (polish, english, ukrainian) = Own(key);

        Assert.Equal(AccessTextProvider.Placeholders(english).Order(), AccessTextProvider.Placeholders(polish).Order());
        Assert.Equal(AccessTextProvider.Placeholders(english).Order(), AccessTextProvider.Placeholders(ukrainian).Order());
        Assert.Equal(Count(english, "**"), Count(polish, "**"));
        Assert.Equal(Count(english, "**"), Count(ukrainian, "**"));
    }

    [Theory]
    [MemberData(nameof(EveryKey))]
    public void Text_EveryPluralPlaceholder_HasTheFormsOfItsLanguage(string key)
    {
        var (polish, english, ukrainian) = Own(key);

        Assert.All(PluralForms(polish), forms => Assert.Equal(3, forms));
        Assert.All(PluralForms(ukrainian), forms => Assert.Equal(3, forms));
        Assert.All(PluralForms(english), forms => Assert.Equal(2, forms));
        Assert.Equal(PluralForms(english).Count, PluralForms(polish).Count);
        Assert.Equal(PluralForms(english).Count, PluralForms(ukrainian).Count);
    }

    [Theory]
    [InlineData(0, 2, 2, 1)]
    [InlineData(1, 0, 0, 0)]
    [InlineData(2, 1, 1, 1)]
    [InlineData(4, 1, 1, 1)]
    [InlineData(5, 2, 2, 1)]
    [InlineData(11, 2, 2, 1)]
    [InlineData(12, 2, 2, 1)]
    [InlineData(14, 2, 2, 1)]
    [InlineData(21, 2, 0, 1)]
    [InlineData(22, 1, 1, 1)]
    [InlineData(25, 2, 2, 1)]
    [InlineData(111, 2, 2, 1)]
    [InlineData(112, 2, 2, 1)]
    public void PluralForm_ByLanguage_FollowsItsRules(long count, int polish, int ukrainian, int english)
    {
        Assert.Equal(
            (polish, ukrainian, english),
            (_texts.PluralForm(count, Polish), _texts.PluralForm(count, Ukrainian), _texts.PluralForm(count, English)));
    }

    [Theory]
    [InlineData(0, "Zostało 0 prób", "Залишилося 0 спроб", "0 tries left")]
    [InlineData(1, "Została 1 próba", "Залишилася 1 спроба", "1 try left")]
    [InlineData(2, "Zostały 2 próby", "Залишилося 2 спроби", "2 tries left")]
    [InlineData(4, "Zostały 4 próby", "Залишилося 4 спроби", "4 tries left")]
    [InlineData(5, "Zostało 5 prób", "Залишилося 5 спроб", "5 tries left")]
    [InlineData(11, "Zostało 11 prób", "Залишилося 11 спроб", "11 tries left")]
    [InlineData(12, "Zostało 12 prób", "Залишилося 12 спроб", "12 tries left")]
    [InlineData(14, "Zostało 14 prób", "Залишилося 14 спроб", "14 tries left")]
    [InlineData(21, "Zostało 21 prób", "Залишилася 21 спроба", "21 tries left")]
    [InlineData(22, "Zostały 22 próby", "Залишилося 22 спроби", "22 tries left")]
    [InlineData(25, "Zostało 25 prób", "Залишилося 25 спроб", "25 tries left")]
    [InlineData(112, "Zostało 112 prób", "Залишилося 112 спроб", "112 tries left")]
    public void Describe_WrongPinWithTriesLeft_TakesThePluralFormOfEachLanguage(int tries, string polish, string ukrainian, string english)
    {
        var arguments = new Dictionary<string, string> { ["remainingTries"] = tries.ToString(CultureInfo.InvariantCulture) };

        var texts = (
            _texts.Describe(AccessErrorCodes.PairingWrongPin, arguments, Polish),
            _texts.Describe(AccessErrorCodes.PairingWrongPin, arguments, Ukrainian),
            _texts.Describe(AccessErrorCodes.PairingWrongPin, arguments, English));

        Assert.Equal(("Nieprawidłowy PIN. " + polish + ".", "Неправильний PIN. " + ukrainian + ".", "Wrong PIN. " + english + "."), texts);
    }

    [Theory]
    [InlineData(1, "1 znak", "1 символ", "1 character")]
    [InlineData(3, "3 znaki", "3 символи", "3 characters")]
    [InlineData(12, "12 znaków", "12 символів", "12 characters")]
    [InlineData(22, "22 znaki", "22 символи", "22 characters")]
    [InlineData(21, "21 znaków", "21 символ", "21 characters")]
    public void Describe_PasswordTooShort_CountsCharactersInEachLanguage(int min, string polish, string ukrainian, string english)
    {
        var arguments = new Dictionary<string, string> { ["min"] = min.ToString(CultureInfo.InvariantCulture) };

        Assert.Contains("co najmniej " + polish + ".", _texts.Describe(AccessErrorCodes.PasswordTooShort, arguments, Polish), StringComparison.Ordinal);
        Assert.Contains("щонайменше " + ukrainian + ".", _texts.Describe(AccessErrorCodes.PasswordTooShort, arguments, Ukrainian), StringComparison.Ordinal);
        Assert.Contains("at least " + english + ".", _texts.Describe(AccessErrorCodes.PasswordTooShort, arguments, English), StringComparison.Ordinal);
    }

    [Fact]
    public void Describe_CountThatIsNoWholeNumber_TakesTheManyForm()
    {
        var text = _texts.Describe(AccessErrorCodes.RateLimited, new Dictionary<string, string> { ["retryAfterSeconds"] = "1.5" }, Polish);

        Assert.Equal("Zbyt wiele prób. Spróbuj ponownie za 1.5 sekund.", text);
    }

    [Theory]
    [InlineData("RevokedByStaff", "przez szkołę", "школою", "by the school")]
    [InlineData("EmailChanged", "zmieniono adres e-mail konta", "змінено адресу електронної пошти облікового запису", "the account's e-mail address was changed")]
    public void Describe_DeviceRevoked_NamesTheReasonInWordsOfEachLanguage(string reason, string polish, string ukrainian, string english)
    {
        var arguments = new Dictionary<string, string> { ["reason"] = reason };

        var texts = (pl: _texts.Describe(AccessErrorCodes.DeviceRevoked, arguments, Polish), uk: _texts.Describe(AccessErrorCodes.DeviceRevoked, arguments, Ukrainian), en: _texts.Describe(AccessErrorCodes.DeviceRevoked, arguments, English));

        Assert.Contains($"({polish})", texts.pl, StringComparison.Ordinal);
        Assert.Contains($"({ukrainian})", texts.uk, StringComparison.Ordinal);
        Assert.Contains($"({english})", texts.en, StringComparison.Ordinal);
        Assert.DoesNotContain(reason, texts.pl + texts.uk + texts.en, StringComparison.Ordinal);
    }

    [Fact]
    public void ValueText_EveryDeviceRevocationReason_HasWordsInEveryLanguage()
    {
        foreach (var reason in Enum.GetNames<Uonet.Access.Devices.DeviceRevocationReason>().Append("Unknown"))
        {
            foreach (var culture in new[] { Polish, English, Ukrainian })
            {
                Assert.NotEqual(reason, _texts.ValueText("reason", reason, culture));
            }
        }
    }

    [Fact]
    public void ValueText_ValueWithoutWords_IsShownAsWritten()
    {
        var text = _texts.Describe(AccessErrorCodes.DeviceRevoked, new Dictionary<string, string> { ["reason"] = "Stolen" }, English);

        Assert.Contains("(Stolen)", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Describe_ValueThatLooksLikeAPlaceholder_IsNotFilledAgain()
    {
        var text = _texts.Describe(AccessErrorCodes.FieldTooLong, new Dictionary<string, string> { ["field"] = "{max}", ["max"] = "5" }, English);

        Assert.Equal("The field \"{max}\" may have at most 5 characters.", text);
    }

    [Theory]
    [InlineData("uk")]
    [InlineData("uk-UA")]
    public void Describe_UkrainianCulture_AnswersInUkrainian(string culture)
    {
        Assert.Equal("Вкажіть номер PESEL.", AccessMessages.Describe(AccessErrorCodes.PeselRequired, null, CultureInfo.GetCultureInfo(culture)));
    }

    [Fact]
    public void FieldLabel_GuardianFieldInUkrainian_NamesTheGuardianAndTheField()
    {
        Assert.Equal("батьки/опікун 2: ім’я", _texts.FieldLabel("guardians[1].firstName", Ukrainian));
    }

    [Fact]
    public void Describe_MaintenanceMessageForUkrainian_UsesThePolishMessage()
    {
        var arguments = new Dictionary<string, string> { ["message"] = "Aktualizacja", ["message.en"] = "Update" };

        Assert.Equal("Тривають технічні роботи, спробуйте пізніше: Aktualizacja", _texts.Describe(AccessErrorCodes.MaintenanceActive, arguments, Ukrainian));
        Assert.Equal("A technical break is in progress: Update", _texts.Describe(AccessErrorCodes.MaintenanceActive, arguments, CultureInfo.GetCultureInfo("de-DE")));
    }

    [Fact]
    public void LanguageTag_ByCulture_NamesTheLanguageOfTheTexts()
    {
        Assert.Equal(
            ("pl", "uk", "en", "en"),
            (_texts.LanguageTag(Polish), _texts.LanguageTag(Ukrainian), _texts.LanguageTag(English), _texts.LanguageTag(CultureInfo.GetCultureInfo("de-DE"))));
    }

    [Fact]
    public async Task HostTexts_RegisteredAfterAddUonetAccess_AreUsedInErrorsDiagnosisAndMail()
    {
        await using var school = await TestSchool.CreateAsync(replace: services => services.AddSingleton<AccessTextProvider, SchoolVoice>());
        await school.AddStudentAsync(Sp1, "4a", "Ola", "Nowak", Pesels[0], null, Guardian("Anna", "Nowak", "anna.nowak@example.pl"));
        var texts = school.Services.GetRequiredService<AccessTextProvider>();

        var error = new AccessError(AccessErrorCodes.SignInFailed);
        var report = await school.Diagnosis.DiagnoseAsync(SecretarySp1, "anna.nowak@example.pl");
        var started = await school.RestoreAccess.StartAsync(new StartAccessRequest { InstanceSymbol = Symbol, Email = "anna.nowak@example.pl", Culture = Polish });
        await school.Dispatcher.DispatchPendingAsync();
        var mail = Assert.Single(school.Mail.Sent);

        Assert.IsType<SchoolVoice>(texts);
        Assert.True(started.Succeeded, started.ToString());
        Assert.Equal(SchoolVoice.SignInFailed, texts.Describe(error, Polish));
        Assert.Equal(SchoolVoice.Eligible, texts.Describe(Assert.Single(report.Value.Findings), Polish));
        Assert.StartsWith(SchoolVoice.Subject + " – ", mail.Subject, StringComparison.Ordinal);
        Assert.Equal("Podaj numer PESEL.", texts.Describe(new AccessError(AccessErrorCodes.PeselRequired), Polish));
    }

    [Fact]
    public void HostTexts_RegisteredBeforeAddUonetAccess_AreUsedByTheMailTemplates()
    {
        var services = new ServiceCollection();
        services.AddSingleton<AccessTextProvider, SchoolVoice>();
        services.AddUonetAccess().UseStore(_ => new InMemoryAccessStore()).UseMailSender(_ => new RecordingMailSender());
        using var provider = services.BuildServiceProvider();

        var mail = provider.GetRequiredService<IMailTemplates>().Render(MailKind.AccessLink, new MailTemplateModel
        {
            Recipient = "anna.nowak@example.pl",
            InstanceName = "Gmina Wulkanowo",
            InstanceUrl = new Uri("https://uonetplus.example.pl/gminawulkanowo/"),
            Link = new Uri("https://uonetplus.example.pl/gminawulkanowo/dostep?token=Zm9v"),
            ExpiresAt = new DateTimeOffset(2026, 9, 1, 9, 30, 0, TimeSpan.Zero),
        }, Polish);

        Assert.IsType<SchoolVoice>(provider.GetRequiredService<AccessTextProvider>());
        Assert.Equal(SchoolVoice.Subject + " – Gmina Wulkanowo", mail.Subject);
    }

    [Fact]
    public void HostTexts_AddingALanguage_AnswersInItAndKeepsTheOthers()
    {
        var texts = new SchoolVoice();

        Assert.Equal("Geben Sie die PESEL-Nummer ein.", texts.Describe(AccessErrorCodes.PeselRequired, null, CultureInfo.GetCultureInfo("de-DE")));
        Assert.Equal("Enter an e-mail address.", texts.Describe(AccessErrorCodes.EmailRequired, null, CultureInfo.GetCultureInfo("de-DE")));
        Assert.Equal("Вкажіть номер PESEL.", texts.Describe(AccessErrorCodes.PeselRequired, null, Ukrainian));
    }

    private static IEnumerable<string> Keys(CultureInfo culture) =>
        Resources.GetResourceSet(culture, createIfNotExists: true, tryParents: false)!
            .Cast<DictionaryEntry>()
            .Select(entry => (string)entry.Key);

    // Each language's own text, without falling back to English, so a missing translation cannot hide.
    private static (string Polish, string English, string Ukrainian) Own(string key) => (
        Resources.GetResourceSet(CultureInfo.GetCultureInfo("pl"), true, false)!.GetString(key) ?? string.Empty,
        Resources.GetResourceSet(CultureInfo.InvariantCulture, true, false)!.GetString(key) ?? string.Empty,
        Resources.GetResourceSet(CultureInfo.GetCultureInfo("uk"), true, false)!.GetString(key) ?? string.Empty);

    private static int Count(string text, string part) => text.Split(part).Length - 1;

    private static List<int> PluralForms(string text) =>
        System.Text.RegularExpressions.Regex.Matches(text, @"\{[A-Za-z]+:plural:([^{}]*)\}").Select(m => m.Groups[1].Value.Split('|').Length).ToList();

    /// <summary>A host that words two messages and a mail subject its own way, and adds German.</summary>
    private sealed class SchoolVoice : AccessTextProvider
    {
        public const string SignInFailed = "Login lub hasło się nie zgadzają. Zadzwoń do sekretariatu: 22 123 45 67.";
        public const string Eligible = "Wszystko w porządku: ten adres może się logować.";
        public const string Subject = "Dziennik SP 1: ustaw hasło";

        public override string? CodeText(string code, CultureInfo culture) => (code, culture.TwoLetterISOLanguageName) switch
        {
            (AccessErrorCodes.SignInFailed, "pl") => SignInFailed,
            (DiagnosisCodes.Eligible, "pl") => Eligible,
            _ => base.CodeText(code, culture),
        };

        public override string MailText(string name, CultureInfo culture) =>
            name == "AccessLink.Subject" && culture.TwoLetterISOLanguageName == "pl" ? Subject : base.MailText(name, culture);

        public override string? Text(string key, CultureInfo culture) =>
            culture.TwoLetterISOLanguageName == "de" && key == AccessErrorCodes.PeselRequired ? "Geben Sie die PESEL-Nummer ein." : base.Text(key, culture);
    }
}
