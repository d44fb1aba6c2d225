namespace Uonet.Access.Records;

/// <summary>
/// The Polish national identification number: 11 digits, a date of birth with the century in the month
/// field, and a control digit from the weights 1,3,7,9,1,3,7,9,1,3.
/// </summary>
public static class Pesel
{
    private static readonly int[] Weights = [1, 3, 7, 9, 1, 3, 7, 9, 1, 3];

    /// <summary>Validates a PESEL typed by a person (surrounding spaces are ignored).</summary>
    /// <returns>The 11 digits, or the first reason the number is refused.</returns>
    public static AccessResult<string> Validate(string? input)
    {
        var error = TryValidate(input, out var pesel);
        return error is null ? AccessResult<string>.Success(pesel) : AccessResult<string>.Failure(error);
    }

    /// <summary>Validates a PESEL without allocating a result.</summary>
    /// <returns><see langword="null"/> when valid (with <paramref name="pesel"/> set), else the error.</returns>
    public static AccessError? TryValidate(string? input, out string pesel)
    {
        pesel = string.Empty;
        if (string.IsNullOrWhiteSpace(input))
        {
            return new AccessError(AccessErrorCodes.PeselRequired, "pesel");
        }

        var text = input.Trim();
        if (text.Length != 11)
        {
            return new AccessError(AccessErrorCodes.PeselLength, "pesel");
        }

        foreach (var c in text)
        {
            if (!char.IsAsciiDigit(c))
            {
                return new AccessError(AccessErrorCodes.PeselDigits, "pesel");
            }
        }

        if (!HasValidChecksum(text))
        {
            return new AccessError(AccessErrorCodes.PeselChecksum, "pesel");
        }

        if (TryGetBirthDate(text) is null)
        {
            return new AccessError(AccessErrorCodes.PeselDate, "pesel");
        }

        pesel = text;
        return null;
    }

    /// <summary>The date of birth encoded in a PESEL's first six digits, or <see langword="null"/> when they are not ASCII digits or that date does not exist.</summary>
    public static DateOnly? TryGetBirthDate(string digits)
    {
        ArgumentNullException.ThrowIfNull(digits);
        // A public caller may pass unvalidated text: other characters would decode to nonsense years or overflow DateTime.
        if (digits.Length < 6 || digits.AsSpan(0, 6).ContainsAnyExceptInRange('0', '9'))
        {
            return null;
        }

        var year = Two(digits, 0);
        var month = Two(digits, 2);
        var day = Two(digits, 4);
        var century = (month / 20) switch
        {
            0 => 1900,
            1 => 2000,
            2 => 2100,
            3 => 2200,
            4 => 1800,
            _ => -1,
        };
        month %= 20;
        if (century < 0 || month is < 1 or > 12 || day < 1 || day > DateTime.DaysInMonth(century + year, month))
        {
            return null;
        }

        return new DateOnly(century + year, month, day);
    }

    private static bool HasValidChecksum(string digits)
    {
        var sum = 0;
        for (var i = 0; i < 10; i++)
        {
            sum += (digits[i] - '0') * Weights[i];
        }

        return (10 - (sum % 10)) % 10 == digits[10] - '0';
    }

    private static int Two(string digits, int at) => ((digits[at] - '0') * 10) + (digits[at + 1] - '0');
}
