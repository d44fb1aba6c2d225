namespace Uonet.Access.Properties.Tests.Records;

/// <summary>
/// PESEL written again from its definition, sharing nothing with the library: 11 ASCII digits; the control digit makes
/// the weighted sum (1,3,7,9,1,3,7,9,1,3,1) a multiple of 10; the month field carries the century (+80 for the 1800s,
/// +0, +20, +40, +60 for the 1900s to the 2200s); the day exists in that month of the Gregorian calendar.
/// </summary>
internal static class IndependentPesel
{
    private static readonly int[] WeightsWithControl = [1, 3, 7, 9, 1, 3, 7, 9, 1, 3, 1];

    private static readonly int[] DaysInMonth = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

    /// <summary>The code the library must answer for <paramref name="input"/>, or <see langword="null"/> when the number is valid.</summary>
    public static string? Refusal(string? input)
    {
        var text = input?.Trim();
        if (string.IsNullOrEmpty(text))
        {
            return AccessErrorCodes.PeselRequired;
        }

        if (text.Length != 11)
        {
            return AccessErrorCodes.PeselLength;
        }

        if (!text.All(c => c is >= '0' and <= '9'))
        {
            return AccessErrorCodes.PeselDigits;
        }

        var sum = 0;
        for (var i = 0; i < 11; i++)
        {
            sum += (text[i] - '0') * WeightsWithControl[i];
        }

        if (sum % 10 != 0)
        {
            return AccessErrorCodes.PeselChecksum;
        }

        return BirthDate(text) is null ? AccessErrorCodes.PeselDate : null;
    }

    /// <summary>The date of birth of the first six characters when they are ASCII digits and a real date, else <see langword="null"/>.</summary>
    public static DateOnly? BirthDate(string digits)
    {
        if (digits.Length < 6 || !digits[..6].All(c => c is >= '0' and <= '9'))
        {
            return null;
        }

        var yy = int.Parse(digits[..2], System.Globalization.CultureInfo.InvariantCulture);
        var field = int.Parse(digits[2..4], System.Globalization.CultureInfo.InvariantCulture);
        var day = int.Parse(digits[4..6], System.Globalization.CultureInfo.InvariantCulture);
        (int Century, int Month)? decoded = field switch
        {
            >= 81 and <= 92 => (1800, field - 80),
            >= 1 and <= 12 => (1900, field),
            >= 21 and <= 32 => (2000, field - 20),
            >= 41 and <= 52 => (2100, field - 40),
            >= 61 and <= 72 => (2200, field - 60),
            _ => null,
        };
        if (decoded is not var (century, month))
        {
            return null;
        }

        var year = century + yy;
        var leap = year % 4 == 0 && (year % 100 != 0 || year % 400 == 0);
        var days = month == 2 && leap ? 29 : DaysInMonth[month - 1];
        return day >= 1 && day <= days ? new DateOnly(year, month, day) : null;
    }

    /// <summary>The PESEL of a birth date and a 4-digit serial, with its control digit.</summary>
    public static string For(DateOnly birthDate, int serial)
    {
        var offset = (birthDate.Year / 100) switch
        {
            18 => 80,
            19 => 0,
            20 => 20,
            21 => 40,
            _ => 60,
        };
        var first10 = string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{birthDate.Year % 100:D2}{birthDate.Month + offset:D2}{birthDate.Day:D2}{serial:D4}");
        var sum = 0;
        for (var i = 0; i < 10; i++)
        {
            sum += (first10[i] - '0') * WeightsWithControl[i];
        }

        return first10 + (char)('0' + ((10 - (sum % 10)) % 10));
    }
}
