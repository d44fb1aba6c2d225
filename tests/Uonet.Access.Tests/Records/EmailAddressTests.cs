using Uonet.Access.Records;

namespace Uonet.Access.Tests.Records;

/// <summary>The login is the e-mail address (R3): every branch of validation and the one normal form.</summary>
public sealed class EmailAddressTests
{
    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("\t \u00A0")]
    public void Normalize_Missing_IsEmailRequired(string? input)
    {
        var result = EmailAddress.Normalize(input);

        AssertRefused(result, AccessErrorCodes.EmailRequired);
    }

    [Fact]
    public void Normalize_LocalPartOf64_IsAccepted()
    {
        var input = new string('a', EmailAddress.MaxLocalPartLength) + "@example.pl";

        var result = EmailAddress.Normalize(input);

        Assert.True(result.Succeeded, result.ToString());
        Assert.Equal(input, result.Value);
    }

    [Fact]
    public void Normalize_LocalPartOf65_IsEmailTooLong()
    {
        var result = EmailAddress.Normalize(new string('a', EmailAddress.MaxLocalPartLength + 1) + "@example.pl");

        AssertRefused(result, AccessErrorCodes.EmailTooLong);
    }

    [Fact]
    public void Normalize_WholeAddressOf254_IsAccepted()
    {
        var input = new string('a', 64) + "@" + Domain(254 - 65);

        var result = EmailAddress.Normalize(input);

        Assert.True(result.Succeeded, result.ToString());
        Assert.Equal(254, result.Value.Length);
    }

    [Fact]
    public void Normalize_WholeAddressOf255WithValidParts_IsEmailTooLong()
    {
        var input = new string('a', 64) + "@" + Domain(255 - 65);

        var result = EmailAddress.Normalize(input);

        AssertRefused(result, AccessErrorCodes.EmailTooLong);
    }

    [Fact]
    public void Normalize_HugeInput_IsEmailTooLongBeforeAnyOtherCheck()
    {
        var result = EmailAddress.Normalize(new string('@', 600));

        AssertRefused(result, AccessErrorCodes.EmailTooLong);
    }

    [Theory]
    [InlineData("jan.kowalski.example.pl")] // no @
    [InlineData("jan@kowalski@example.pl")] // two @
    [InlineData("@example.pl")] // @ first
    [InlineData("jan.kowalski@")] // @ last
    [InlineData("jan kowalski@example.pl")] // inner space
    [InlineData("jan\u00A0kowalski@example.pl")] // inner no-break space
    [InlineData("jan@example .pl")] // whitespace in the domain
    [InlineData("jan\u0001@example.pl")] // control character
    [InlineData("jan\u200B@example.pl")] // zero-width space, a format character hiding look-alikes
    public void Normalize_MalformedAddress_IsEmailFormat(string input)
    {
        var result = EmailAddress.Normalize(input);

        AssertRefused(result, AccessErrorCodes.EmailFormat);
    }

    // Lone surrogates cannot travel through InlineData (serialization replaces them), hence facts.
    [Fact]
    public void Normalize_LoneHighSurrogate_IsEmailFormatInsteadOfThrowing()
    {
        var error = EmailAddress.TryNormalize("\uD800a@b.pl", out var normalized);

        Assert.Equal(AccessErrorCodes.EmailFormat, error?.Code);
        Assert.Equal(string.Empty, normalized);
    }

    [Fact]
    public void Normalize_LoneLowSurrogateInDomain_IsEmailFormatInsteadOfThrowing()
    {
        var result = EmailAddress.Normalize("a@b\uDC00.pl");

        AssertRefused(result, AccessErrorCodes.EmailFormat);
    }

    [Fact]
    public void Normalize_ValidSurrogatePairInLocalPart_IsAccepted()
    {
        var result = EmailAddress.Normalize("jan\U0001D49C@example.pl");

        Assert.True(result.Succeeded, result.ToString());
    }

    [Theory]
    [InlineData(".jan@example.pl")] // leading dot
    [InlineData("jan.@example.pl")] // trailing dot
    [InlineData("jan..kowalski@example.pl")] // double dot
    [InlineData("jan(kowalski)@example.pl")] // comment syntax is not a login
    [InlineData("jan,kowalski@example.pl")]
    [InlineData("\"jan\"@example.pl")] // quoted local parts are refused
    [InlineData("jan<x>@example.pl")]
    [InlineData("jan\\x@example.pl")]
    public void Normalize_InvalidLocalPart_IsEmailLocalPartInvalid(string input)
    {
        var result = EmailAddress.Normalize(input);

        AssertRefused(result, AccessErrorCodes.EmailLocalPartInvalid);
    }

    [Theory]
    [InlineData("jan+szkola@example.pl")]
    [InlineData("o'brien@example.pl")]
    [InlineData("a!#$%&*/=?^_`{|}~-b@example.pl")]
    [InlineData("zażółć@example.pl")]
    public void Normalize_LocalPartWithAllowedCharacters_IsAccepted(string input)
    {
        var result = EmailAddress.Normalize(input);

        Assert.True(result.Succeeded, result.ToString());
        Assert.Equal(input, result.Value);
    }

    [Theory]
    [InlineData("a@localhost")] // single label
    [InlineData("a@-example.pl")] // label starts with a hyphen
    [InlineData("a@example-.pl")] // label ends with a hyphen
    [InlineData("a@1.2")] // numeric top-level domain
    [InlineData("a@example.123")]
    [InlineData("a@[1.2.3.4]")] // address literal
    [InlineData("a@b..pl")] // empty label
    [InlineData("a@.example.pl")]
    [InlineData("a@example.pl.")]
    [InlineData("a@exa_mple.pl")]
    public void Normalize_InvalidDomain_IsEmailDomainInvalid(string input)
    {
        var result = EmailAddress.Normalize(input);

        AssertRefused(result, AccessErrorCodes.EmailDomainInvalid);
    }

    [Fact]
    public void Normalize_LabelOf64Characters_IsEmailDomainInvalid()
    {
        var result = EmailAddress.Normalize("a@" + new string('b', 64) + ".pl");

        AssertRefused(result, AccessErrorCodes.EmailDomainInvalid);
    }

    [Fact]
    public void Normalize_SpacesAndCapitals_AreTrimmedAndLowerCased_R3()
    {
        var result = EmailAddress.Normalize("  Jan.Kowalski@Example.PL \t");

        Assert.True(result.Succeeded, result.ToString());
        Assert.Equal("jan.kowalski@example.pl", result.Value);
    }

    [Fact]
    public void Normalize_DecomposedAccent_IsComposedToNfc()
    {
        var decomposed = "Mo\u0301j@example.pl";

        var result = EmailAddress.Normalize(decomposed);

        Assert.True(result.Succeeded, result.ToString());
        Assert.Equal("m\u00F3j@example.pl", result.Value);
    }

    [Fact]
    public void AreSame_ComposedAndDecomposedO_AreTheSameLogin_R3()
    {
        Assert.True(EmailAddress.AreSame("kr\u00F3l@example.pl", "kro\u0301l@example.pl"));
    }

    [Theory]
    [InlineData("jan@xn--w-uga1v8h.pl")]
    [InlineData("jan@XN--W-UGA1V8H.PL")]
    [InlineData("jan@ŻÓŁW.pl")]
    [InlineData("jan@żółw.pl")]
    public void Normalize_IdnDomainTypedEitherWay_IsTheUnicodeForm(string input)
    {
        var result = EmailAddress.Normalize(input);

        Assert.True(result.Succeeded, result.ToString());
        Assert.Equal("jan@żółw.pl", result.Value);
    }

    [Fact]
    public void AreSame_PunycodeAndUnicodeDomain_AreTheSameLogin_R3()
    {
        Assert.True(EmailAddress.AreSame("Jan@xn--za-6ja4f8n1l.pl", "jan@zażółć.pl"));
    }

    [Theory]
    [InlineData("  Jan.Kowalski@Example.PL ")]
    [InlineData("kro\u0301l@xn--w-uga1v8h.pl")]
    [InlineData("ZAŻÓŁĆ+Tag@ŻÓŁW.PL")]
    public void Normalize_NormalizedAddress_IsReturnedUnchanged(string input)
    {
        var once = EmailAddress.Normalize(input).Value;

        var twice = EmailAddress.Normalize(once);

        Assert.True(twice.Succeeded, twice.ToString());
        Assert.Equal(once, twice.Value);
    }

    [Theory]
    [InlineData("anna@example.pl", "ANNA@EXAMPLE.PL", true)]
    [InlineData(" anna@example.pl", "anna@example.pl  ", true)]
    [InlineData("anna@example.pl", "anna@example.com", false)]
    [InlineData("anna@example.pl", "ana@example.pl", false)]
    [InlineData("anna.nowak@example.pl", "annanowak@example.pl", false)] // dots are significant, unlike some providers
    [InlineData("not an address", "not an address", false)] // invalid addresses are never the same login
    [InlineData(null, null, false)]
    [InlineData("", "", false)]
    public void AreSame_ComparesNormalForms(string? left, string? right, bool expected)
    {
        Assert.Equal(expected, EmailAddress.AreSame(left, right));
    }

    [Fact]
    public void TryNormalize_ValidAddress_ReturnsNullAndTheNormalForm()
    {
        var error = EmailAddress.TryNormalize("Ola.Nowak@Uczen.Example.pl", out var normalized);

        Assert.Null(error);
        Assert.Equal("ola.nowak@uczen.example.pl", normalized);
    }

    private static void AssertRefused(AccessResult<string> result, string code)
    {
        var error = Assert.Single(result.Errors);
        Assert.Equal(code, error.Code);
        Assert.Equal("email", error.Field);
    }

    // Labels of at most 63 characters ending in ".pl", exactly `length` characters long.
    private static string Domain(int length)
    {
        var remaining = length - ".pl".Length;
        var labels = new List<string>();
        while (remaining > 0)
        {
            var size = Math.Min(remaining, 60);
            if (remaining - size == 1)
            {
                size--;
            }

            labels.Add(new string((char)('a' + labels.Count), size));
            remaining -= size;
            if (remaining > 0)
            {
                remaining--;
            }
        }

        var domain = string.Join('.', labels) + ".pl";
        Assert.Equal(length, domain.Length);
        return domain;
    }
}
