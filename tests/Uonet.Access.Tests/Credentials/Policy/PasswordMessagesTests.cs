using System.Globalization;
using Uonet.Access.Credentials;

namespace Uonet.Access.Tests.Credentials.Policy;

public sealed class PasswordMessagesTests
{
    private static readonly CultureInfo Polish = new("pl-PL");
    private static readonly CultureInfo English = new("en-GB");

    public static TheoryData<string> PolicyCodes =>
    [
        AccessErrorCodes.PasswordRequired,
        AccessErrorCodes.PasswordTooShort,
        AccessErrorCodes.PasswordTooLong,
        AccessErrorCodes.PasswordInvalidCharacters,
        AccessErrorCodes.PasswordCommon,
        AccessErrorCodes.PasswordPredictable,
        AccessErrorCodes.PasswordContainsServiceName,
        AccessErrorCodes.PasswordContainsEmail,
        AccessErrorCodes.PasswordContainsName,
        AccessErrorCodes.PasswordContainsPesel,
    ];

    [Theory]
    [MemberData(nameof(PolicyCodes))]
    public void Describe_EveryPolicyCode_HasDistinctPolishAndEnglishTexts(string code)
    {
        var error = new AccessError(code, "password");

        var polish = error.Describe(Polish);
        var english = error.Describe(English);

        Assert.False(string.IsNullOrWhiteSpace(polish));
        Assert.False(string.IsNullOrWhiteSpace(english));
        Assert.NotEqual(code, polish);
        Assert.NotEqual(code, english);
        Assert.NotEqual(polish, english);
    }

    [Fact]
    public void Describe_RefusalsOfThePolicy_FillTheirArguments()
    {
        var policy = new PasswordPolicy(new PasswordPolicyOptions { MaxLength = 64 });
        var tooShort = Assert.Single(policy.Validate("krótkie", new PasswordContext()).Errors);
        var tooLong = Assert.Single(policy.Validate(string.Concat(Enumerable.Repeat("zielony most ", 5)), new PasswordContext()).Errors);

        Assert.Contains("12", tooShort.Describe(Polish), StringComparison.Ordinal);
        Assert.Contains("12", tooShort.Describe(English), StringComparison.Ordinal);
        Assert.Contains("64", tooLong.Describe(Polish), StringComparison.Ordinal);
        Assert.Contains("64", tooLong.Describe(English), StringComparison.Ordinal);
        Assert.DoesNotContain("{", tooShort.Describe(Polish), StringComparison.Ordinal);
        Assert.DoesNotContain("{", tooLong.Describe(English), StringComparison.Ordinal);
    }
}
