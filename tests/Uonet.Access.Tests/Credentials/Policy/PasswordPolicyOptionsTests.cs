using System.Globalization;
using Uonet.Access.Credentials;

namespace Uonet.Access.Tests.Credentials.Policy;

public sealed class PasswordPolicyOptionsTests
{
    [Fact]
    public void Defaults_AreTheDocumentedValues_AndValid()
    {
        var options = new PasswordPolicyOptions();

        Assert.Equal(12, options.MinLength);
        Assert.Equal(128, options.MaxLength);
        Assert.True(options.BlockCommonPasswords);
        Assert.Empty(options.AdditionalBlockedPasswords);
        Assert.Equal(["uonet", "vulcan", "dzienniczek", "eduvulcan", "haslo", "password"], options.ServiceWords);
        Assert.Empty(options.Validate());
    }

    [Theory]
    [InlineData(8, 64)]
    [InlineData(64, 64)]
    [InlineData(15, 4096)]
    public void Validate_LengthsWithinBounds_ReportsNothing(int minLength, int maxLength)
    {
        var options = new PasswordPolicyOptions { MinLength = minLength, MaxLength = maxLength };

        Assert.Empty(options.Validate());
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    [InlineData(7)]
    [InlineData(129)]
    public void Validate_MinLengthOutsideEightToMaxLength_NamesMinLength(int minLength)
    {
        var options = new PasswordPolicyOptions { MinLength = minLength };

        var problem = Assert.Single(options.Validate());

        Assert.Equal($"UonetAccessOptions.PasswordPolicy.MinLength must be between 8 and MaxLength (128) (it is {minLength}); ASVS 5.0 V6.2.1 asks for at least 8.", problem);
    }

    [Theory]
    [InlineData(63)]
    [InlineData(4097)]
    public void Validate_MaxLengthOutside64To4096_NamesMaxLength(int maxLength)
    {
        var options = new PasswordPolicyOptions { MinLength = 8, MaxLength = maxLength };

        var problem = Assert.Single(options.Validate());

        Assert.Equal($"UonetAccessOptions.PasswordPolicy.MaxLength must be between 64 and 4096 (it is {maxLength}).", problem);
    }

    [Fact]
    public void Validate_EverythingWrong_ReportsEveryProblem()
    {
        var options = new PasswordPolicyOptions { MinLength = 100, MaxLength = 32 };
        options.ServiceWords.Add(" ");

        var problems = options.Validate();

        Assert.Equal(3, problems.Count);
        Assert.Contains("MaxLength must be between 64 and 4096 (it is 32)", problems[0], StringComparison.Ordinal);
        Assert.Contains("MinLength must be between 8 and MaxLength (32) (it is 100)", problems[1], StringComparison.Ordinal);
        Assert.Equal("UonetAccessOptions.PasswordPolicy.ServiceWords must not contain empty words.", problems[2]);
    }

    [Fact]
    public void Validate_Messages_AreCultureInvariant()
    {
        var previous = CultureInfo.CurrentCulture;
        CultureInfo.CurrentCulture = new CultureInfo("pl-PL");
        try
        {
            var problem = Assert.Single(new PasswordPolicyOptions { MaxLength = 5000, MinLength = 8 }.Validate());

            Assert.Contains("between 64 and 4096 (it is 5000)", problem, StringComparison.Ordinal);
        }
        finally
        {
            CultureInfo.CurrentCulture = previous;
        }
    }

    [Fact]
    public void PasswordPolicy_InvalidOptions_ThrowsWithTheProblems()
    {
        var options = new PasswordPolicyOptions { MinLength = 0 };

        var exception = Assert.Throws<ArgumentException>(() => new PasswordPolicy(options));

        Assert.Contains("MinLength must be between 8 and MaxLength", exception.Message, StringComparison.Ordinal);
        Assert.Equal("options", exception.ParamName);
    }
}
