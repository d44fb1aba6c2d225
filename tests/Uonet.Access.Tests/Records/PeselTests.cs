using Uonet.Access.Records;
using static Uonet.Access.Tests.TestSchool;

namespace Uonet.Access.Tests.Records;

/// <summary>PESEL: 11 ASCII digits, the weighted check digit, and a real date of birth with the century in the month.</summary>
public sealed class PeselTests
{
    private static readonly int[] Weights = [1, 3, 7, 9, 1, 3, 7, 9, 1, 3];

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("   ")]
    public void Validate_Missing_IsPeselRequired(string? input)
    {
        AssertRefused(Pesel.Validate(input), AccessErrorCodes.PeselRequired);
    }

    [Theory]
    [InlineData("1522012345")] // 10 digits
    [InlineData("152201234590")] // 12 digits
    [InlineData("1")]
    [InlineData("15220 123459")] // an inner space makes it 12 characters
    public void Validate_WrongLength_IsPeselLength(string input)
    {
        AssertRefused(Pesel.Validate(input), AccessErrorCodes.PeselLength);
    }

    [Theory]
    [InlineData("1522012345X")]
    [InlineData("15220-23459")]
    [InlineData("١٥٢٢٠١٢٣٤٥٩")] // Arabic-Indic digits: char.IsDigit says yes, a PESEL says no
    [InlineData("1522012345١")]
    [InlineData("１５２２０１２３４５９")] // full-width digits
    public void Validate_NonAsciiDigitOrOtherCharacter_IsPeselDigits(string input)
    {
        AssertRefused(Pesel.Validate(input), AccessErrorCodes.PeselDigits);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(4)]
    [InlineData(5)]
    [InlineData(6)]
    [InlineData(7)]
    [InlineData(8)]
    [InlineData(9)]
    [InlineData(10)]
    public void Validate_OneDigitChanged_IsPeselChecksum(int position)
    {
        var valid = Pesels[0];
        var changed = valid[..position] + (char)('0' + ((valid[position] - '0' + 1) % 10)) + valid[(position + 1)..];

        AssertRefused(Pesel.Validate(changed), AccessErrorCodes.PeselChecksum);
    }

    [Theory]
    [InlineData("1513010000")] // month 13
    [InlineData("0102300000")] // 30 February 1901
    [InlineData("0101000000")] // day 00
    [InlineData("0101320000")] // 32 January
    [InlineData("0122290000")] // 29 February 2001, not a leap year
    [InlineData("0002290000")] // 29 February 1900: divisible by 100, not a leap year
    [InlineData("0100010000")] // month 00
    [InlineData("0180010000")] // month field 80: 1800s with month 0
    [InlineData("0193010000")] // month field 93: 1800s with month 13
    public void Validate_ImpossibleDateWithValidCheckDigit_IsPeselDate(string firstTen)
    {
        AssertRefused(Pesel.Validate(WithCheckDigit(firstTen)), AccessErrorCodes.PeselDate);
    }

    [Theory]
    [InlineData("0022290000", 2000)] // divisible by 400: leap
    [InlineData("2402290000", 1924)]
    [InlineData("2422290000", 2024)]
    public void Validate_29FebruaryInLeapYear_IsAccepted(string firstTen, int year)
    {
        var pesel = WithCheckDigit(firstTen);

        var result = Pesel.Validate(pesel);

        Assert.True(result.Succeeded, result.ToString());
        Assert.Equal(new DateOnly(year, 2, 29), Pesel.TryGetBirthDate(result.Value));
    }

    [Theory]
    [InlineData("9992310000", 1899, 12, 31)] // 1800s: month + 80
    [InlineData("0081010000", 1800, 1, 1)]
    [InlineData("9912310000", 1999, 12, 31)] // 1900s: month as is
    [InlineData("0001010000", 1900, 1, 1)]
    [InlineData("0532150000", 2005, 12, 15)] // 2000s: month + 20
    [InlineData("1521010000", 2015, 1, 1)]
    [InlineData("0141010000", 2101, 1, 1)] // 2100s: month + 40
    [InlineData("9952310000", 2199, 12, 31)]
    [InlineData("0161010000", 2201, 1, 1)] // 2200s: month + 60
    [InlineData("9972310000", 2299, 12, 31)]
    public void TryGetBirthDate_CenturyInMonthField_GivesTheDate(string firstTen, int year, int month, int day)
    {
        var pesel = WithCheckDigit(firstTen);

        var validated = Pesel.Validate(pesel);
        var date = Pesel.TryGetBirthDate(pesel);

        Assert.True(validated.Succeeded, validated.ToString());
        Assert.Equal(new DateOnly(year, month, day), date);
    }

    [Theory]
    [InlineData("12345")]
    [InlineData("")]
    public void TryGetBirthDate_TooShort_IsNull(string digits)
    {
        Assert.Null(Pesel.TryGetBirthDate(digits));
    }

    [Theory]
    [InlineData("١٥0101")] // Arabic-Indic year digits once overflowed DateTime and threw
    [InlineData("AB0101")] // letters once decoded to the year 2087
    [InlineData("15 10101")]
    public void TryGetBirthDate_NonAsciiDigitsInTheDate_IsNull(string digits)
    {
        Assert.Null(Pesel.TryGetBirthDate(digits));
    }

    [Fact]
    public void TryGetBirthDate_Null_Throws()
    {
        Assert.Throws<ArgumentNullException>(() => Pesel.TryGetBirthDate(null!));
    }

    [Theory]
    [InlineData("  15220123459 ")]
    [InlineData("\t15220123459\n")]
    public void Validate_SurroundingWhitespace_IsTrimmed(string input)
    {
        var result = Pesel.Validate(input);

        Assert.True(result.Succeeded, result.ToString());
        Assert.Equal("15220123459", result.Value);
    }

    [Fact]
    public void Validate_EveryFixturePesel_IsValid()
    {
        Assert.All(Pesels, pesel => Assert.True(Pesel.Validate(pesel).Succeeded, pesel));
    }

    [Fact]
    public void TryValidate_Valid_ReturnsNullAndTheDigits()
    {
        var error = Pesel.TryValidate(" 80010112340", out var pesel);

        Assert.Null(error);
        Assert.Equal("80010112340", pesel);
    }

    [Fact]
    public void TryValidate_Invalid_LeavesOutputEmpty()
    {
        var error = Pesel.TryValidate("80010112341", out var pesel);

        Assert.Equal(AccessErrorCodes.PeselChecksum, error?.Code);
        Assert.Equal(string.Empty, pesel);
    }

    private static string WithCheckDigit(string firstTen)
    {
        Assert.Equal(10, firstTen.Length);
        var sum = 0;
        for (var i = 0; i < 10; i++)
        {
            sum += (firstTen[i] - '0') * Weights[i];
        }

        return firstTen + (char)('0' + ((10 - (sum % 10)) % 10));
    }

    private static void AssertRefused(AccessResult<string> result, string code)
    {
        var error = Assert.Single(result.Errors);
        Assert.Equal(code, error.Code);
        Assert.Equal("pesel", error.Field);
    }
}
