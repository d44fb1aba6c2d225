namespace Uonet.Access.Records;

/// <summary>Validation and normal form of unit codes: 1–32 ASCII letters, digits, hyphens, underscores; stored upper-case.</summary>
public static class UnitCode
{
    /// <summary>Validates and upper-cases a unit code.</summary>
    /// <returns><see langword="null"/> when valid (with <paramref name="code"/> set), else the error.</returns>
    public static AccessError? TryNormalize(string? input, out string code)
    {
        code = string.Empty;
        var text = input?.Trim();
        if (string.IsNullOrEmpty(text) || text.Length > 32)
        {
            return new AccessError(AccessErrorCodes.UnitCodeInvalid, "unitCode");
        }

        foreach (var c in text)
        {
            if (!(char.IsAsciiLetterOrDigit(c) || c is '-' or '_'))
            {
                return new AccessError(AccessErrorCodes.UnitCodeInvalid, "unitCode");
            }
        }

        code = text.ToUpperInvariant();
        return null;
    }
}
