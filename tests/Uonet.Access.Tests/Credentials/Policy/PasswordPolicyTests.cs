using System.Text;
using Uonet.Access.Credentials;
using static Uonet.Access.Tests.TestSchool;

namespace Uonet.Access.Tests.Credentials.Policy;

public sealed class PasswordPolicyTests
{
    private const string Passphrase = "kot ma ale i psa burka";
    private static readonly PasswordContext NoContext = new();

    // Twelve distinct emoji outside the Basic Multilingual Plane: two UTF-16 units each.
    private static readonly string[] Emoji = ["🐱", "🐶", "🐭", "🐹", "🐰", "🦊", "🐻", "🐼", "🐨", "🐯", "🦁", "🐮"];

    [Fact]
    public void Validate_LongPassphrase_Succeeds()
    {
        var result = Policy().Validate(Passphrase, NoContext);

        Assert.True(result.Succeeded, result.ToString());
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    public void Validate_NullOrEmpty_RefusesAsRequiredOnly(string? password)
    {
        var result = Policy().Validate(password, NoContext);

        var error = Assert.Single(result.Errors);
        Assert.Equal(AccessErrorCodes.PasswordRequired, error.Code);
        Assert.Equal("password", error.Field);
    }

    [Fact]
    public void Validate_NullContext_Throws()
    {
        Assert.Throws<ArgumentNullException>(() => Policy().Validate(Passphrase, null!));
    }

    [Fact]
    public void Validate_ExactlyMinLength_IsNotTooShort()
    {
        var result = Policy().Validate("zielony most", NoContext);

        Assert.True(result.Succeeded, result.ToString());
    }

    [Fact]
    public void Validate_OneBelowMinLength_RefusesAsTooShortWithMin()
    {
        var result = Policy().Validate("zielony mos", NoContext);

        var error = Assert.Single(result.Errors);
        Assert.Equal(AccessErrorCodes.PasswordTooShort, error.Code);
        Assert.Equal("password", error.Field);
        Assert.Equal("12", error.Arguments["min"]);
    }

    [Theory]
    [InlineData(12, true)]
    [InlineData(13, false)]
    public void Validate_TwelvePolishLetters_CountAsTwelve(int minLength, bool accepted)
    {
        var policy = Policy(options => options.MinLength = minLength);

        var result = policy.Validate("zażółćgęśląj", NoContext);

        string[] expected = accepted ? [] : [AccessErrorCodes.PasswordTooShort];
        Assert.Equal(expected, Codes(result));
    }

    [Fact]
    public void Validate_DecomposedPolishLetters_CountAfterNormalization()
    {
        // NFD spells "ż" as z + U+0307 (ł has no decomposition): 18 units, twelve letters once NFKC recomposes them.
        var decomposed = "zażółćgęśląj".Normalize(NormalizationForm.FormD);
        Assert.Equal(18, decomposed.Length);

        var result = Policy().Validate(decomposed, NoContext);

        Assert.True(result.Succeeded, result.ToString());
    }

    [Theory]
    [InlineData(12, true)]
    [InlineData(11, false)]
    public void Validate_Emoji_CountOneEach(int count, bool accepted)
    {
        var password = string.Concat(Emoji.Take(count));

        var result = Policy().Validate(password, NoContext);

        string[] expected = accepted ? [] : [AccessErrorCodes.PasswordTooShort];
        Assert.Equal(expected, Codes(result));
    }

    [Fact]
    public void Validate_ExactlyMaxLengthCodePoints_IsNotTooLong()
    {
        var policy = Policy(options => options.MaxLength = 64);
        var password = string.Concat(Enumerable.Range(0, 64).Select(i => Emoji[i % Emoji.Length]));
        Assert.Equal(128, password.Length);

        var result = policy.Validate(password, NoContext);

        Assert.True(result.Succeeded, result.ToString());
    }

    [Fact]
    public void Validate_OneAboveMaxLength_RefusesAsTooLongWithMax()
    {
        var policy = Policy(options => options.MaxLength = 64);

        var result = policy.Validate(Repeat("zielony most ", 65), NoContext);

        var error = Assert.Single(result.Errors);
        Assert.Equal(AccessErrorCodes.PasswordTooLong, error.Code);
        Assert.Equal("password", error.Field);
        Assert.Equal("64", error.Arguments["max"]);
    }

    [Fact]
    public void Validate_Megabyte_RefusesAsTooLongWithoutFurtherChecks()
    {
        // One repeated character would also be predictable, but megabytes are refused before any normalization.
        var result = Policy().Validate(new string('x', 1_000_000), NoContext);

        Assert.Equal([AccessErrorCodes.PasswordTooLong], Codes(result));
    }

    [Theory]
    [InlineData("zielony\tmost ok")]
    [InlineData("zielony\nmost ok")]
    [InlineData("zielony most\0ok")]
    [InlineData("zielony\u2028most ok")]
    public void Validate_ControlCharacters_RefusesAsInvalidCharacters(string password)
    {
        var result = Policy().Validate(password, NoContext);

        Assert.Equal([AccessErrorCodes.PasswordInvalidCharacters], Codes(result));
    }

    [Fact]
    public void Validate_LoneSurrogates_RefusesAsInvalidCharactersWithoutThrowing()
    {
        // Built in code: attribute arguments are stored as UTF-8, which would replace a lone surrogate with U+FFFD.
        string[] passwords = ["zielony most \uD83D ok", "zielony most \uDC31 ok", "zielony most ok \uD83D"];

        foreach (var password in passwords)
        {
            Assert.Equal([AccessErrorCodes.PasswordInvalidCharacters], Codes(Policy().Validate(password, NoContext)));
        }
    }

    [Theory]
    [InlineData("rodzina 👨‍👩‍👧 na wakacjach")] // zero-width joiners (Cf) inside an emoji sequence
    [InlineData("Ζεύς και Ἥρα στον Όλυμπο")]
    [InlineData("€ ≠ $, ½ ≈ 0,5 — prawda?")]
    [InlineData("            x")]
    public void Validate_SpacesLettersAndSymbols_AreAllowed(string password)
    {
        var result = Policy().Validate(password, NoContext);

        Assert.True(result.Succeeded, result.ToString());
    }

    [Fact]
    public void Normalize_ComposesAndFoldsCompatibilityForms_NFKC()
    {
        Assert.Equal("żółw fi 2024", PasswordPolicy.Normalize("żółw ﬁ ２０２４"));
        Assert.Equal("żółw fi 2024", PasswordPolicy.Normalize("żółw ﬁ ２０２４".Normalize(NormalizationForm.FormD)));
    }

    [Fact]
    public void Normalize_InvalidUtf16_ReturnsItUnchanged()
    {
        const string broken = "abc\uD83Ddef";

        Assert.Same(broken, PasswordPolicy.Normalize(broken));
    }

    [Theory]
    [InlineData("zaq1@wsx")] // Polish supplement
    [InlineData("ZAQ12WSX")]
    [InlineData("Polska123")]
    [InlineData("kochanie")]
    [InlineData("Kochanie1990!")] // stem "kochanie"
    [InlineData("monika 2024 !!")]
    [InlineData("Misiek🙂🙂")]
    [InlineData("superman")] // John the Ripper list
    [InlineData("Superman1234")]
    public void Validate_CommonPassword_RefusesAsCommon(string password)
    {
        var policy = Policy(options =>
        {
            options.MinLength = 8;
            options.ServiceWords.Clear();
        });

        var result = policy.Validate(password, NoContext);

        Assert.Equal([AccessErrorCodes.PasswordCommon], Codes(result));
    }

    [Fact]
    public void Validate_CommonPasswordWithSuffix_RefusesAsCommon_ExampleOfTheBrief()
    {
        var result = Policy().Validate("Password2024!", NoContext);

        Assert.Contains(AccessErrorCodes.PasswordCommon, Codes(result));
    }

    [Fact]
    public void Validate_CommonPasswordWithDiacritics_RefusesAsCommon()
    {
        // "sloneczko" is listed; "Słoneczko" folds to it.
        var policy = Policy(options => options.MinLength = 8);

        var result = policy.Validate("Słoneczko", NoContext);

        Assert.Equal([AccessErrorCodes.PasswordCommon], Codes(result));
    }

    [Theory]
    [InlineData("Ann-19842024")] // "ann" is listed, but a three-letter stem is not enough
    [InlineData("2024kochanie")] // only trailing digits are stripped
    [InlineData("kochanie moja")]
    public void Validate_ListedWordOnlyAsPart_IsNotCommon(string password)
    {
        var result = Policy().Validate(password, NoContext);

        Assert.DoesNotContain(AccessErrorCodes.PasswordCommon, Codes(result));
    }

    [Fact]
    public void Validate_CommonListOff_AcceptsCommonPassword()
    {
        var policy = Policy(options => options.BlockCommonPasswords = false);

        var result = policy.Validate("Kochanie1990!", NoContext);

        Assert.True(result.Succeeded, result.ToString());
    }

    [Fact]
    public void CommonPasswordCount_BuiltInList_HoldsAtLeast3000()
    {
        Assert.True(PasswordPolicy.CommonPasswordCount >= 3000, $"{PasswordPolicy.CommonPasswordCount} entries");
    }

    [Theory]
    [InlineData("Żółty Rower")]
    [InlineData("zolty rower")]
    [InlineData("ZOLTY ROWER 2025!")]
    public void Validate_AdditionalBlockedPassword_RefusesAsCommonEvenWithListOff(string password)
    {
        var policy = Policy(options =>
        {
            options.MinLength = 8;
            options.BlockCommonPasswords = false;
            options.AdditionalBlockedPasswords.Add("żółty rower");
            options.AdditionalBlockedPasswords.Add(" ");
        });

        var result = policy.Validate(password, NoContext);

        Assert.Equal([AccessErrorCodes.PasswordCommon], Codes(result));
    }

    [Theory]
    [InlineData("aaaaaaaaaaaa")]
    [InlineData("AAAAaaaaAAAA")]
    [InlineData("............")]
    [InlineData("ąąąąąąąąąąąą")]
    [InlineData("abcdefghijklmnop")]
    [InlineData("ZYXWVUTSRQPO")]
    [InlineData("0123456789")]
    [InlineData("9876543210")]
    [InlineData("qwertyuiop")]
    [InlineData("POIUYTREWQ")]
    [InlineData("asdfghjkl")]
    [InlineData("lkjhgfdsa")]
    [InlineData("1234567890")]
    [InlineData("ertyuiop")]
    public void Validate_RepeatedCharacterOrRun_RefusesAsPredictable(string password)
    {
        var policy = Policy(options =>
        {
            options.MinLength = 8;
            options.BlockCommonPasswords = false;
        });

        var result = policy.Validate(password, NoContext);

        Assert.Equal([AccessErrorCodes.PasswordPredictable], Codes(result));
    }

    [Theory]
    [InlineData("opqwertyui")] // wraps around the row
    [InlineData("abcdefghijkm")] // the run breaks
    [InlineData("aaaaaaaaaaab")]
    [InlineData("qwertyasdfgh")] // two rows
    [InlineData("12345678abcd")] // digits then letters
    [InlineData("acegikmoqsuw")] // step of two
    public void Validate_AlmostARun_IsNotPredictable(string password)
    {
        var result = Policy().Validate(password, NoContext);

        Assert.DoesNotContain(AccessErrorCodes.PasswordPredictable, Codes(result));
    }

    [Theory]
    [InlineData("mój uonet jest super")]
    [InlineData("VULCAN to dobra firma")]
    [InlineData("moj dzienniczek elektroniczny")]
    [InlineData("eduvulcan na telefonie")]
    [InlineData("Hasło do szkoły syna")]
    [InlineData("my password is long")]
    public void Validate_ServiceWord_RefusesAsContainsServiceName(string password)
    {
        var result = Policy().Validate(password, NoContext);

        Assert.Equal([AccessErrorCodes.PasswordContainsServiceName], Codes(result));
    }

    [Fact]
    public void Validate_HostServiceWords_ReplaceTheDefaults()
    {
        var policy = Policy(options =>
        {
            options.ServiceWords.Clear();
            options.ServiceWords.Add("Gmina Wulkanowo");
        });

        Assert.Equal([AccessErrorCodes.PasswordContainsServiceName], Codes(policy.Validate("gmina wulkanowo 2025", NoContext)));
        Assert.True(policy.Validate("my password is long", NoContext).Succeeded);
    }

    [Theory]
    [InlineData("jan.kowalski 2024!")]
    [InlineData("JAN.KOWALSKI ma kota")]
    [InlineData("to jan.kowalski@example.pl")]
    public void Validate_EmailLocalPart_RefusesAsContainsEmail(string password)
    {
        var context = new PasswordContext { Email = "jan.kowalski@example.pl" };

        var result = Policy().Validate(password, context);

        Assert.Equal([AccessErrorCodes.PasswordContainsEmail], Codes(result));
    }

    [Fact]
    public void Validate_ShortLocalPart_OnlyTheWholeAddressIsRefused()
    {
        var context = new PasswordContext { Email = "jo@example.pl" };

        Assert.True(Policy().Validate("jo jo jo to ja sam", context).Succeeded);
        Assert.Equal([AccessErrorCodes.PasswordContainsEmail], Codes(Policy().Validate("jo@example.pl 2024", context)));
    }

    [Theory]
    [InlineData("Wiśniewski2024", "Wiśniewski")]
    [InlineData("wisniewski2024", "Wiśniewski")]
    [InlineData("Wiśniewski2024", "wisniewski")]
    [InlineData("WIŚNIEWSKI2024", "Wiśniewski")]
    [InlineData("łukasz na rowerze", "Łukasz")]
    [InlineData("lukasz na rowerze", "Łukasz")]
    public void Validate_OwnName_RefusesAsContainsNameIgnoringCaseAndDiacritics(string password, string name)
    {
        var context = new PasswordContext { Names = [name] };

        var result = Policy().Validate(password, context);

        Assert.Equal([AccessErrorCodes.PasswordContainsName], Codes(result));
    }

    [Fact]
    public void Validate_ChildsName_RefusesAsContainsName()
    {
        var context = new PasswordContext { Names = ["Anna", "Nowak", "Zuzanna", "Nowak"] };

        var result = Policy().Validate("zuzanna kocha konie", context);

        Assert.Equal([AccessErrorCodes.PasswordContainsName], Codes(result));
    }

    [Theory]
    [InlineData("wisniewska na zawsze")]
    [InlineData("maria i jej kot")]
    [InlineData("brien jest super 1")]
    public void Validate_PartOfCompoundName_RefusesAsContainsName(string password)
    {
        var context = new PasswordContext { Names = ["Anna Maria", "Nowak-Wiśniewska", "O'Brien"] };

        var result = Policy().Validate(password, context);

        Assert.Equal([AccessErrorCodes.PasswordContainsName], Codes(result));
    }

    [Fact]
    public void Validate_ThreeLetterName_IsRefusedButTwoLetterIsNot()
    {
        var context = new PasswordContext { Names = ["Ola", "Ed", " "] };

        Assert.Equal([AccessErrorCodes.PasswordContainsName], Codes(Policy().Validate("kolorowa ola 1", context)));
        Assert.True(Policy().Validate("education is good", context).Succeeded);
    }

    [Fact]
    public void Validate_OwnPesel_RefusesAsContainsPesel()
    {
        var context = new PasswordContext { Pesels = [Pesels[4]] };

        var result = Policy().Validate($"moj pesel {Pesels[4]}", context);

        Assert.Equal([AccessErrorCodes.PasswordContainsPesel], Codes(result));
    }

    [Fact]
    public void Validate_ChildsPeselInFullWidthDigits_RefusesAsContainsPesel()
    {
        var context = new PasswordContext { Pesels = [Pesels[4], Pesels[0]] };
        var fullWidth = string.Concat(Pesels[0].Select(digit => (char)('０' + (digit - '0'))));

        var result = Policy().Validate("syn " + fullWidth, context);

        Assert.Equal([AccessErrorCodes.PasswordContainsPesel], Codes(result));
    }

    [Fact]
    public void Validate_PartOfPesel_IsNotRefused()
    {
        var context = new PasswordContext { Pesels = [Pesels[0]] };

        var result = Policy().Validate("kod " + Pesels[0][..10], context);

        Assert.True(result.Succeeded, result.ToString());
    }

    [Fact]
    public void Validate_EmptyContext_RefusesNothingPersonal()
    {
        var context = new PasswordContext { Email = null, Names = [], Pesels = [] };

        var result = Policy().Validate($"kowalski {Pesels[0]}", context);

        Assert.True(result.Succeeded, result.ToString());
    }

    [Fact]
    public void Validate_PasswordBuiltFromEverything_ReportsEveryRefusal()
    {
        var context = new PasswordContext { Email = "kowal@example.pl", Names = ["Jan Kowal"], Pesels = [Pesels[1]] };

        var result = Policy().Validate($"Uonet kowal {Pesels[1]}", context);

        Assert.Equal(
            [
                AccessErrorCodes.PasswordContainsServiceName,
                AccessErrorCodes.PasswordContainsEmail,
                AccessErrorCodes.PasswordContainsName,
                AccessErrorCodes.PasswordContainsPesel,
            ],
            Codes(result));
        Assert.All(result.Errors, error => Assert.Equal("password", error.Field));
    }

    [Fact]
    public void Validate_ShortCommonPasswordWithNewline_ReportsInvalidCharactersTooShortAndCommon()
    {
        var result = Policy().Validate("qwerty\n", NoContext);

        Assert.Equal([AccessErrorCodes.PasswordInvalidCharacters, AccessErrorCodes.PasswordTooShort, AccessErrorCodes.PasswordCommon], Codes(result));
    }

    [Fact]
    public void Validate_ShortRepeatedCharacter_ReportsTooShortAndPredictable()
    {
        var result = Policy().Validate("zzzzzzz", NoContext);

        Assert.Equal([AccessErrorCodes.PasswordTooShort, AccessErrorCodes.PasswordPredictable], Codes(result));
    }

    [Fact]
    public void Validate_OptionsChangedAfterConstruction_PolicyKeepsItsSnapshot()
    {
        var options = new PasswordPolicyOptions();
        var policy = new PasswordPolicy(options);

        options.MinLength = 40;
        options.ServiceWords.Add("burka");

        Assert.True(policy.Validate(Passphrase, NoContext).Succeeded);
    }

    private static PasswordPolicy Policy(Action<PasswordPolicyOptions>? configure = null)
    {
        var options = new PasswordPolicyOptions();
        configure?.Invoke(options);
        return new PasswordPolicy(options);
    }

    private static string[] Codes(AccessResult result) => result.Errors.Select(error => error.Code).ToArray();

    private static string Repeat(string text, int length) =>
        string.Concat(Enumerable.Repeat(text, (length / text.Length) + 1))[..length];
}
