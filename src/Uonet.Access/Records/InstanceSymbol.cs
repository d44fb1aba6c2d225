namespace Uonet.Access.Records;

/// <summary>Validation and normal form of instance symbols: 2–64 lowercase ASCII letters, digits and inner hyphens.</summary>
public static class InstanceSymbol
{
    /// <summary>Validates and lower-cases a symbol.</summary>
    /// <returns><see langword="null"/> when valid (with <paramref name="symbol"/> set), else the error.</returns>
    public static AccessError? TryNormalize(string? input, out string symbol)
    {
        symbol = string.Empty;
        // Lower-casing first would turn look-alikes such as the Kelvin sign (U+212A) into ASCII letters.
        var trimmed = input?.Trim();
        var text = trimmed is not null && System.Text.Ascii.IsValid(trimmed) ? trimmed.ToLowerInvariant() : null;
        if (text is null || text.Length is < 2 or > 64 || text[0] == '-' || text[^1] == '-')
        {
            return new AccessError(AccessErrorCodes.InstanceSymbolInvalid, "symbol");
        }

        foreach (var c in text)
        {
            if (!(char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c == '-'))
            {
                return new AccessError(AccessErrorCodes.InstanceSymbolInvalid, "symbol");
            }
        }

        symbol = text;
        return null;
    }
}
