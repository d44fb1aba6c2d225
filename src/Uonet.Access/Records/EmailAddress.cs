using System.Globalization;
using System.Text;

namespace Uonet.Access.Records;

/// <summary>
/// E-mail addresses as logins (R3): validation and the one normal form used for every comparison
/// (trimmed, NFC, lower case, domain in its Unicode form so that an IDN typed either way matches).
/// </summary>
public static class EmailAddress
{
    /// <summary>The longest address accepted (RFC 5321 path limit less the brackets).</summary>
    public const int MaxLength = 254;

    /// <summary>The longest local part (before <c>@</c>) accepted.</summary>
    public const int MaxLocalPartLength = 64;

    private static readonly IdnMapping Idn = new() { AllowUnassigned = false, UseStd3AsciiRules = true };

    /// <summary>Validates and normalizes an address.</summary>
    /// <param name="input">The address as typed.</param>
    /// <returns>The normalized address, or the reason it is refused.</returns>
    public static AccessResult<string> Normalize(string? input)
    {
        var error = TryNormalize(input, out var normalized);
        return error is null ? AccessResult<string>.Success(normalized) : AccessResult<string>.Failure(error);
    }

    /// <summary>Whether two addresses are the same login once normalized; invalid addresses are never equal.</summary>
    public static bool AreSame(string? left, string? right) =>
        TryNormalize(left, out var a) is null && TryNormalize(right, out var b) is null && string.Equals(a, b, StringComparison.Ordinal);

    /// <summary>Validates and normalizes an address without allocating a result.</summary>
    /// <returns><see langword="null"/> when valid (with <paramref name="normalized"/> set), else the error.</returns>
    public static AccessError? TryNormalize(string? input, out string normalized)
    {
        normalized = string.Empty;
        if (string.IsNullOrWhiteSpace(input))
        {
            return new AccessError(AccessErrorCodes.EmailRequired, "email");
        }

        var text = input.Trim();
        if (text.Length > MaxLength * 2)
        {
            return new AccessError(AccessErrorCodes.EmailTooLong, "email");
        }

        if (TextRules.HasInvalidUtf16(text) || TextRules.HasControlCharacters(text))
        {
            return new AccessError(AccessErrorCodes.EmailFormat, "email");
        }

        text = text.Normalize(NormalizationForm.FormC);
        var at = text.IndexOf('@', StringComparison.Ordinal);
        if (at <= 0 || at == text.Length - 1 || text.IndexOf('@', at + 1) >= 0 || ContainsWhitespace(text))
        {
            return new AccessError(AccessErrorCodes.EmailFormat, "email");
        }

        var local = text[..at];
        var domain = text[(at + 1)..];
        if (local.Length > MaxLocalPartLength)
        {
            return new AccessError(AccessErrorCodes.EmailTooLong, "email");
        }

        if (!IsValidLocalPart(local))
        {
            return new AccessError(AccessErrorCodes.EmailLocalPartInvalid, "email");
        }

        var unicodeDomain = NormalizeDomain(domain);
        if (unicodeDomain is null)
        {
            return new AccessError(AccessErrorCodes.EmailDomainInvalid, "email");
        }

        var result = local.ToLowerInvariant() + "@" + unicodeDomain;
        if (result.Length > MaxLength)
        {
            return new AccessError(AccessErrorCodes.EmailTooLong, "email");
        }

        normalized = result;
        return null;
    }

    private static bool ContainsWhitespace(string text)
    {
        foreach (var c in text)
        {
            if (char.IsWhiteSpace(c))
            {
                return true;
            }
        }

        return false;
    }

    // Dot-atom of RFC 5322 plus Unicode letters and digits (RFC 6531); quoted local parts are refused
    // because no school system types them and they hide look-alike addresses.
    private static bool IsValidLocalPart(string local)
    {
        if (local[0] == '.' || local[^1] == '.' || local.Contains("..", StringComparison.Ordinal))
        {
            return false;
        }

        foreach (var c in local)
        {
            if (c < 128)
            {
                if (!(char.IsAsciiLetterOrDigit(c) || "!#$%&'*+-/=?^_`{|}~.".Contains(c, StringComparison.Ordinal)))
                {
                    return false;
                }
            }
            else if (!char.IsLetterOrDigit(c) && char.GetUnicodeCategory(c) is not (UnicodeCategory.NonSpacingMark or UnicodeCategory.SpacingCombiningMark) && !char.IsSurrogate(c))
            {
                return false;
            }
        }

        return true;
    }

    private static string? NormalizeDomain(string domain)
    {
        if (domain.Length > 253 || domain[0] == '.' || domain[^1] == '.' || domain.StartsWith('['))
        {
            return null;
        }

        string ascii;
        try
        {
            ascii = Idn.GetAscii(domain);
        }
        catch (ArgumentException)
        {
            return null;
        }

        var labels = ascii.Split('.');
        if (labels.Length < 2)
        {
            return null;
        }

        foreach (var label in labels)
        {
            if (label.Length is 0 or > 63 || label[0] == '-' || label[^1] == '-')
            {
                return null;
            }

            foreach (var c in label)
            {
                if (!char.IsAsciiLetterOrDigit(c) && c != '-')
                {
                    return null;
                }
            }
        }

        if (labels[^1].All(char.IsAsciiDigit))
        {
            return null;
        }

        try
        {
            return Idn.GetUnicode(ascii.ToLowerInvariant()).Normalize(NormalizationForm.FormC).ToLowerInvariant();
        }
        catch (ArgumentException)
        {
            return null;
        }
    }
}
