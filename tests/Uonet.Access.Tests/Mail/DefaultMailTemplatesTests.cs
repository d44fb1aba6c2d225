using System.Globalization;
using Uonet.Access.Mail;

namespace Uonet.Access.Tests.Mail;

public sealed class DefaultMailTemplatesTests
{
    private const string Recipient = "anna.nowak@example.pl";
    private const string InstanceName = "Gmina Wulkanowo";
    private const string DeviceName = "Samsung Galaxy A54 (Android)";
    private static readonly Uri InstanceUrl = new("https://uonetplus.example.pl/gminawulkanowo/");
    private static readonly Uri Link = new("https://uonetplus.example.pl/gminawulkanowo/dostep?token=Zm9v&lang=pl");
    private static readonly DateTimeOffset ExpiresAt = new(2026, 9, 1, 9, 30, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset OccurredAt = new(2026, 9, 1, 7, 5, 0, TimeSpan.Zero);

    private readonly DefaultMailTemplates _templates = new();

    public static TheoryData<MailKind, string> EveryKindAndCulture()
    {
        var data = new TheoryData<MailKind, string>();
        foreach (var kind in Enum.GetValues<MailKind>())
        {
            data.Add(kind, "pl-PL");
            data.Add(kind, "en-GB");
            data.Add(kind, "uk-UA");
        }

        return data;
    }

    public static TheoryData<MailKind> EveryKind() => [.. Enum.GetValues<MailKind>()];

    [Theory]
    [MemberData(nameof(EveryKindAndCulture))]
    public void Render_EveryKindAndCulture_IsInThatLanguageAndNamesRecipientAndInstance(MailKind kind, string cultureName)
    {
        var language = cultureName[..2];
        var greeting = Greetings[language];

        var mail = Render(kind, Model(), cultureName);

        Assert.StartsWith(greeting, mail.TextBody, StringComparison.Ordinal);
        Assert.All(Greetings.Values.Where(g => g != greeting), other => Assert.DoesNotContain(other, mail.TextBody, StringComparison.Ordinal));
        Assert.Contains($"<html lang=\"{language}\">", mail.HtmlBody, StringComparison.Ordinal);
        Assert.Contains($"<p>{greeting}</p>", mail.HtmlBody, StringComparison.Ordinal);
        Assert.EndsWith(" – " + InstanceName, mail.Subject, StringComparison.Ordinal);
        Assert.True(mail.Subject.Length > InstanceName.Length + 10, mail.Subject);
        foreach (var body in new[] { mail.TextBody, mail.HtmlBody })
        {
            Assert.Contains(Recipient, body, StringComparison.Ordinal);
            Assert.Contains(InstanceName, body, StringComparison.Ordinal);
            Assert.Contains(InstanceUrl.AbsoluteUri, body, StringComparison.Ordinal);
        }
    }

    [Theory]
    [MemberData(nameof(EveryKindAndCulture))]
    public void Render_EveryKindAndCulture_IsCompleteAndParses(MailKind kind, string cultureName)
    {
        var mail = Render(kind, Model(), cultureName);

        Assert.False(string.IsNullOrWhiteSpace(mail.Subject));
        Assert.False(string.IsNullOrWhiteSpace(mail.TextBody));
        Assert.False(string.IsNullOrWhiteSpace(mail.HtmlBody));
        foreach (var part in new[] { mail.Subject, mail.TextBody, mail.HtmlBody })
        {
            Assert.DoesNotContain("**", part, StringComparison.Ordinal);
            Assert.DoesNotMatch(@"\{[A-Za-z]+(:plural:[^{}]*)?\}", part);
        }

        if (kind == MailKind.AccessLink)
        {
            Assert.Contains(Link.AbsoluteUri, mail.TextBody, StringComparison.Ordinal);
            Assert.Contains("href=\"" + Link.AbsoluteUri.Replace("&", "&amp;", StringComparison.Ordinal) + "\"", mail.HtmlBody, StringComparison.Ordinal);
        }

        AssertBalancedHtml(mail.HtmlBody);
    }

    [Theory]
    [InlineData("pl-PL")]
    [InlineData("uk-UA")]
    public void Render_DeviceNameWithBoldMarksAndPlaceholders_StaysLiteralText(string cultureName)
    {
        var mail = Render(MailKind.NewDevice, Model() with { DeviceName = "**Telefon** {time} {recipient}" }, cultureName);

        Assert.Contains("**Telefon** {time} {recipient}", mail.TextBody, StringComparison.Ordinal);
        Assert.Contains("**Telefon** {time} {recipient}", mail.HtmlBody, StringComparison.Ordinal);
        Assert.DoesNotContain("<strong>Telefon</strong>", mail.HtmlBody, StringComparison.Ordinal);
    }

    [Fact]
    public void Render_UkrainianMail_SpellsTheMonthInUkrainian()
    {
        var mail = Render(MailKind.PasswordSet, Model(), "uk-UA");

        Assert.Contains("1 вересня 2026, 07:05 UTC", mail.TextBody, StringComparison.Ordinal);
        Assert.StartsWith("Пароль до журналу встановлено – ", mail.Subject, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("pl-PL")]
    [InlineData("en-GB")]
    [InlineData("uk-UA")]
    public void Render_EveryKind_HasItsOwnSubject(string cultureName)
    {
        var subjects = Enum.GetValues<MailKind>().Select(kind => Render(kind, Model(), cultureName).Subject).ToList();

        Assert.Equal(subjects.Count, subjects.Distinct(StringComparer.Ordinal).Count());
    }

    [Theory]
    [InlineData("pl")]
    [InlineData("pl-PL")]
    public void Render_PolishCulture_RendersPolish(string cultureName)
    {
        var mail = Render(MailKind.PasswordSet, Model(), cultureName);

        Assert.StartsWith("Hasło do dziennika zostało ustawione – ", mail.Subject, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("en-US")]
    [InlineData("de-DE")]
    [InlineData("")]
    public void Render_NonPolishCulture_RendersEnglish(string cultureName)
    {
        var mail = Render(MailKind.PasswordSet, Model(), cultureName);

        Assert.StartsWith("Your e-register password was set – ", mail.Subject, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(EveryKindAndCulture))]
    public void Render_InstanceNameWithLineBreaks_SubjectStaysOneLine(MailKind kind, string cultureName)
    {
        var model = Model() with { InstanceName = "Gmina\r\nBcc: intruz@example.com\tX\u0085Y" };

        var mail = Render(kind, model, cultureName);

        Assert.DoesNotContain('\r', mail.Subject);
        Assert.DoesNotContain('\n', mail.Subject);
        Assert.DoesNotContain('\t', mail.Subject);
        Assert.DoesNotContain('\u0085', mail.Subject);
        Assert.EndsWith(" – Gmina Bcc: intruz@example.com X Y", mail.Subject, StringComparison.Ordinal);
        Assert.DoesNotContain("\nBcc", mail.TextBody, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(EveryKindAndCulture))]
    public void Render_VeryLongInstanceName_SubjectCutTo120Characters(MailKind kind, string cultureName)
    {
        var model = Model() with { InstanceName = "Zespół Szkół Ogólnokształcących i Technicznych " + new string('ż', 150) };

        var mail = Render(kind, model, cultureName);

        Assert.Equal(120, mail.Subject.Length);
        Assert.EndsWith("ż…", mail.Subject, StringComparison.Ordinal);
        Assert.Contains(model.InstanceName, mail.TextBody, StringComparison.Ordinal);
    }

    [Fact]
    public void Render_SubjectCutInsideSurrogatePair_KeepsWholeCharacters()
    {
        // An emoji is two UTF-16 units; cutting between them would leave invalid text in the subject.
        var model = Model() with { InstanceName = string.Concat(Enumerable.Repeat("😀", 100)) };

        var mail = Render(MailKind.PasswordSet, model, "pl-PL");

        Assert.True(mail.Subject.Length <= 120);
        Assert.EndsWith("😀…", mail.Subject, StringComparison.Ordinal);
        Assert.DoesNotContain(mail.Subject.EnumerateRunes(), r => r == System.Text.Rune.ReplacementChar);
        Assert.False(char.IsHighSurrogate(mail.Subject[^2]));
    }

    [Theory]
    [MemberData(nameof(EveryKindAndCulture))]
    public void Render_HostileInstanceName_IsHtmlEncodedEverywhereInHtml(MailKind kind, string cultureName)
    {
        var model = Model() with { InstanceName = "<b onmouseover=\"x\">Gmina</b> & 'Wulkanowo'" };

        var mail = Render(kind, model, cultureName);

        Assert.DoesNotContain("<b ", mail.HtmlBody, StringComparison.Ordinal);
        Assert.DoesNotContain("</b>", mail.HtmlBody, StringComparison.Ordinal);
        Assert.DoesNotContain("'Wulkanowo'", mail.HtmlBody, StringComparison.Ordinal);
        Assert.Contains("&lt;b onmouseover=&quot;x&quot;&gt;Gmina&lt;/b&gt; &amp; &#39;Wulkanowo&#39;", mail.HtmlBody, StringComparison.Ordinal);
        Assert.Contains("<title>", mail.HtmlBody, StringComparison.Ordinal);
        Assert.Contains(model.InstanceName, mail.TextBody, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("pl-PL")]
    [InlineData("en-GB")]
    public void Render_NewDeviceWithScriptInDeviceName_IsHtmlEncoded_R7(string cultureName)
    {
        var model = Model() with { DeviceName = "<script>alert('x')</script> & \"Pixel\"" };

        var mail = Render(MailKind.NewDevice, model, cultureName);

        Assert.DoesNotContain("<script", mail.HtmlBody, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; &quot;Pixel&quot;", mail.HtmlBody, StringComparison.Ordinal);
        Assert.Contains(model.DeviceName, mail.TextBody, StringComparison.Ordinal);
        Assert.DoesNotContain("script", mail.Subject, StringComparison.Ordinal);
    }

    [Fact]
    public void Render_DeviceNameWithLineBreaks_CannotForgeLinesOfTheTextBody()
    {
        var model = Model() with { DeviceName = "Pixel\r\n\r\nKliknij: https://zly.example.com/" };

        var mail = Render(MailKind.NewDevice, model, "pl-PL");

        Assert.Contains("Pixel Kliknij: https://zly.example.com/", mail.TextBody, StringComparison.Ordinal);
        Assert.DoesNotContain("\nKliknij", mail.TextBody, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("pl-PL", "1 września 2026, 09:30 UTC")]
    [InlineData("en-GB", "1 September 2026, 09:30 UTC")]
    public void Render_AccessLink_ContainsLinkAndExpiry_R3_R4(string cultureName, string expiry)
    {
        var mail = Render(MailKind.AccessLink, Model(), cultureName);

        Assert.Contains("\n" + Link.AbsoluteUri + "\n", mail.TextBody, StringComparison.Ordinal);
        Assert.Contains(expiry, mail.TextBody, StringComparison.Ordinal);
        Assert.Contains(expiry, mail.HtmlBody, StringComparison.Ordinal);
        Assert.Contains("href=\"https://uonetplus.example.pl/gminawulkanowo/dostep?token=Zm9v&amp;lang=pl\"", mail.HtmlBody, StringComparison.Ordinal);
        Assert.DoesNotContain("token=Zm9v&lang", mail.HtmlBody, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("pl-PL", "Ustaw hasło lub przywróć dostęp – Gmina Wulkanowo", "Twoje hasło pozostaje bez zmian.", "Przywróć dostęp")]
    [InlineData("en-GB", "Set your password or restore access – Gmina Wulkanowo", "your password stays unchanged.", "Przywróć dostęp")]
    public void Render_AccessLink_SaysWhatToDoIfNotRequested_R4(string cultureName, string subject, string unchanged, string uiName)
    {
        var mail = Render(MailKind.AccessLink, Model(), cultureName);

        Assert.Equal(subject, mail.Subject);
        Assert.Contains(unchanged, mail.TextBody, StringComparison.Ordinal);
        Assert.Contains("<strong>" + unchanged + "</strong>", mail.HtmlBody, StringComparison.Ordinal);
        Assert.Contains(uiName, mail.TextBody, StringComparison.Ordinal);
    }

    [Fact]
    public void Render_TimeWithOffset_IsShownInUtc()
    {
        var model = Model() with { OccurredAt = new DateTimeOffset(2026, 1, 15, 10, 5, 0, TimeSpan.FromHours(1)) };

        var polish = Render(MailKind.PasswordSet, model, "pl-PL");
        var english = Render(MailKind.PasswordSet, model, "en-GB");

        Assert.Contains("Data i godzina: 15 stycznia 2026, 09:05 UTC.", polish.TextBody, StringComparison.Ordinal);
        Assert.Contains("was set on 15 January 2026, 09:05 UTC.", english.TextBody, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("pl-PL", "sekretarza szkoły lub wychowawcę klasy", "jest to jedyne źródło prawidłowego adresu")]
    [InlineData("en-GB", "school secretary or the class teacher", "The site address comes only from the school")]
    public void Render_NotRegistered_NamesWhoToAskAndCarriesNoLink_R1_R2_R6(string cultureName, string whoToAsk, string addressSource)
    {
        // The model of a NotRegistered mail never has a link; even if a caller passes one, it must not reach the mail.
        var mail = Render(MailKind.NotRegistered, Model(), cultureName);

        Assert.Contains(whoToAsk, mail.TextBody, StringComparison.Ordinal);
        Assert.Contains(addressSource, mail.TextBody, StringComparison.Ordinal);
        Assert.Contains(addressSource, mail.HtmlBody, StringComparison.Ordinal);
        foreach (var body in new[] { mail.TextBody, mail.HtmlBody })
        {
            Assert.DoesNotContain("token=", body, StringComparison.Ordinal);
            Assert.DoesNotContain("href", body, StringComparison.Ordinal);
        }
    }

    [Theory]
    [MemberData(nameof(EveryKind))]
    public void Render_OnlyAccessLink_HasAClickableLink(MailKind kind)
    {
        var mail = Render(kind, Model(), "pl-PL");

        Assert.Equal(kind == MailKind.AccessLink, mail.HtmlBody.Contains("<a ", StringComparison.Ordinal));
        Assert.Equal(kind == MailKind.AccessLink, mail.TextBody.Contains(Link.AbsoluteUri, StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("pl-PL", "Data i godzina: 1 września 2026, 07:05 UTC.", "wybierz „Przywróć dostęp”", "skontaktuj się ze szkołą")]
    [InlineData("en-GB", "was set on 1 September 2026, 07:05 UTC.", "choose “Przywróć dostęp” (restore access)", "contact the school")]
    public void Render_PasswordSet_GivesTimeAndWhatToDoIfNotYou_R4(string cultureName, string time, string whatToChoose, string contact)
    {
        var mail = Render(MailKind.PasswordSet, Model(), cultureName);

        Assert.Contains(time, mail.TextBody, StringComparison.Ordinal);
        Assert.Contains(whatToChoose, mail.TextBody, StringComparison.Ordinal);
        Assert.Contains("<strong>Przywróć dostęp</strong>", mail.HtmlBody, StringComparison.Ordinal);
        Assert.Contains(contact, mail.TextBody, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("pl-PL", "konto dla adresu anna.nowak@example.pl zostało zamknięte", "Nie trzeba odinstalowywać ani ponownie instalować aplikacji.")]
    [InlineData("en-GB", "The account for anna.nowak@example.pl is therefore closed", "You do not need to uninstall or reinstall the app.")]
    public void Render_EmailChanged_SaysAccountClosedAndHowToReRegister_R9(string cultureName, string closed, string noReinstall)
    {
        var mail = Render(MailKind.EmailChanged, Model(), cultureName);

        Assert.Contains(closed, mail.TextBody, StringComparison.Ordinal);
        Assert.Contains("Dostęp mobilny → Zarejestruj urządzenie mobilne", mail.TextBody, StringComparison.Ordinal);
        Assert.Contains("<strong>Dostęp mobilny → Zarejestruj urządzenie mobilne</strong>", mail.HtmlBody, StringComparison.Ordinal);
        Assert.Contains(noReinstall, mail.TextBody, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("pl-PL", "Data i godzina zmiany: 1 września 2026, 07:05 UTC.")]
    [InlineData("en-GB", "Changed on 1 September 2026, 07:05 UTC.")]
    public void Render_EmailChanged_TimeShownOnlyWhenGiven_R9(string cultureName, string time)
    {
        var with = Render(MailKind.EmailChanged, Model(), cultureName);
        var without = Render(MailKind.EmailChanged, Model() with { OccurredAt = null }, cultureName);

        Assert.Contains(time, with.TextBody, StringComparison.Ordinal);
        Assert.DoesNotContain("2026", without.TextBody, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("pl-PL", "zarejestrowano nowe urządzenie mobilne: Samsung Galaxy A54 (Android). Data i godzina: 1 września 2026, 07:05 UTC.")]
    [InlineData("en-GB", "a new mobile device was registered to the account anna.nowak@example.pl in the e-register Gmina Wulkanowo: Samsung Galaxy A54 (Android), on 1 September 2026, 07:05 UTC.")]
    public void Render_NewDevice_NamesDeviceTimeAndHowToUnregister_R7(string cultureName, string sentence)
    {
        var mail = Render(MailKind.NewDevice, Model(), cultureName);

        Assert.Contains(sentence, mail.TextBody, StringComparison.Ordinal);
        Assert.Contains("<strong>Dostęp mobilny → Wyrejestruj</strong>", mail.HtmlBody, StringComparison.Ordinal);
        Assert.Contains("Dostęp mobilny → Wyrejestruj", mail.TextBody, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(MailKind.AccessLink, nameof(MailTemplateModel.Link))]
    [InlineData(MailKind.AccessLink, nameof(MailTemplateModel.ExpiresAt))]
    [InlineData(MailKind.PasswordSet, nameof(MailTemplateModel.OccurredAt))]
    [InlineData(MailKind.NewDevice, nameof(MailTemplateModel.DeviceName))]
    [InlineData(MailKind.NewDevice, nameof(MailTemplateModel.OccurredAt))]
    [InlineData(MailKind.PasskeyAdded, nameof(MailTemplateModel.PasskeyName))]
    [InlineData(MailKind.PasskeyRemoved, nameof(MailTemplateModel.OccurredAt))]
    public void Render_MissingMemberTheKindNeeds_ThrowsArgumentException(MailKind kind, string member)
    {
        var model = member switch
        {
            nameof(MailTemplateModel.Link) => Model() with { Link = null },
            nameof(MailTemplateModel.ExpiresAt) => Model() with { ExpiresAt = null },
            nameof(MailTemplateModel.OccurredAt) => Model() with { OccurredAt = null },
            nameof(MailTemplateModel.PasskeyName) => Model() with { PasskeyName = null },
            _ => Model() with { DeviceName = null },
        };

        var exception = Assert.Throws<ArgumentException>(() => Render(kind, model, "pl-PL"));

        Assert.Contains(member, exception.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("  ")]
    [InlineData("\r\n\u0000")]
    public void Render_BlankDeviceName_ThrowsArgumentException(string deviceName)
    {
        var model = Model() with { DeviceName = deviceName };

        Assert.Throws<ArgumentException>(() => Render(MailKind.NewDevice, model, "en-GB"));
    }

    [Theory]
    [MemberData(nameof(EveryKind))]
    public void Render_BlankInstanceNameOrRecipient_ThrowsArgumentException(MailKind kind)
    {
        Assert.Throws<ArgumentException>(() => Render(kind, Model() with { InstanceName = " " }, "pl-PL"));
        Assert.Throws<ArgumentException>(() => Render(kind, Model() with { Recipient = "" }, "pl-PL"));
    }

    [Theory]
    [InlineData("javascript:alert(1)")]
    [InlineData("data:text/html,<b>x</b>")]
    [InlineData("ftp://uonetplus.example.pl/")]
    public void Render_LinkThatIsNotHttp_ThrowsArgumentException(string link)
    {
        var model = Model() with { Link = new Uri(link) };

        Assert.Throws<ArgumentException>(() => Render(MailKind.AccessLink, model, "pl-PL"));
    }

    [Fact]
    public void Render_RelativeInstanceUrl_ThrowsArgumentException()
    {
        var model = Model() with { InstanceUrl = new Uri("/gminawulkanowo/", UriKind.Relative) };

        Assert.Throws<ArgumentException>(() => Render(MailKind.PasswordSet, model, "pl-PL"));
    }

    [Fact]
    public void Render_UnknownKind_ThrowsArgumentOutOfRange()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => Render((MailKind)99, Model(), "pl-PL"));
    }

    [Theory]
    [MemberData(nameof(EveryKindAndCulture))]
    public void Render_SameInput_SameOutput(MailKind kind, string cultureName)
    {
        var first = Render(kind, Model(), cultureName);
        var second = Render(kind, Model(), cultureName);

        Assert.Equal(first, second);
    }

    private static readonly Dictionary<string, string> Greetings = new(StringComparer.Ordinal)
    {
        ["pl"] = "Dzień dobry,",
        ["en"] = "Hello,",
        ["uk"] = "Добрий день,",
    };

    // Well-formed enough for a mail client: every element other than the void ones is closed, in order.
    private static void AssertBalancedHtml(string html)
    {
        var open = new Stack<string>();
        foreach (System.Text.RegularExpressions.Match tag in System.Text.RegularExpressions.Regex.Matches(html, @"<(/?)([a-zA-Z][a-zA-Z0-9]*)[^>]*>"))
        {
            var name = tag.Groups[2].Value.ToLowerInvariant();
            if (name is "meta" or "br" or "hr" or "img")
            {
                continue;
            }

            if (tag.Groups[1].Value.Length == 0)
            {
                open.Push(name);
                continue;
            }

            Assert.True(open.Count > 0 && open.Pop() == name, $"unbalanced </{name}> in:\n{html}");
        }

        Assert.Empty(open);
        Assert.DoesNotContain("<strong></strong>", html, StringComparison.Ordinal);
    }

    private static MailTemplateModel Model() => new()
    {
        Recipient = Recipient,
        InstanceName = InstanceName,
        InstanceUrl = InstanceUrl,
        Link = Link,
        ExpiresAt = ExpiresAt,
        DeviceName = DeviceName,
        PasskeyName = "Telefon Anny",
        OccurredAt = OccurredAt,
    };

    private MailContent Render(MailKind kind, MailTemplateModel model, string cultureName) =>
        _templates.Render(kind, model, CultureInfo.GetCultureInfo(cultureName));
}
