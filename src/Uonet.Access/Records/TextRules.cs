using System.Globalization;
using System.Text;

namespace Uonet.Access.Records;

/// <summary>Shared rules for text typed by people: trimming, Unicode normalization, safe characters.</summary>
internal static class TextRules
{
    /// <summary>
    /// True when the text holds a lone surrogate (invalid UTF-16) or the noncharacter U+FFFE, which is not
    /// text and which <see cref="string.Normalize()"/> throws on.
    /// </summary>
    public static bool HasInvalidUtf16(string text)
    {
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (char.IsHighSurrogate(c))
            {
                if (i + 1 >= text.Length || !char.IsLowSurrogate(text[i + 1]))
                {
                    return true;
                }

                i++;
            }
            else if (char.IsLowSurrogate(c) || c == '\uFFFE')
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>True when the text holds a control or format character that no name or address needs.</summary>
    public static bool HasControlCharacters(string text)
    {
        foreach (var c in text)
        {
            var category = char.GetUnicodeCategory(c);
            if (category is UnicodeCategory.Control or UnicodeCategory.Format or UnicodeCategory.LineSeparator or UnicodeCategory.ParagraphSeparator)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// Cleans an optional field: trims, collapses inner runs of spaces, normalizes to NFC.
    /// Empty input becomes <see langword="null"/>. Returns an error for invalid characters or excess length.
    /// </summary>
    public static AccessError? TryClean(string? input, string field, int maxLength, out string? cleaned)
    {
        cleaned = null;
        if (input is null)
        {
            return null;
        }

        if (HasInvalidUtf16(input) || HasControlCharacters(input.Replace('\t', ' ')))
        {
            return new AccessError(AccessErrorCodes.FieldInvalidCharacters, field, Args(field));
        }

        var text = CollapseSpaces(input.Trim().Normalize(NormalizationForm.FormC));
        if (text.Length == 0)
        {
            return null;
        }

        if (text.Length > maxLength)
        {
            return new AccessError(AccessErrorCodes.FieldTooLong, field, new Dictionary<string, string>
            {
                ["field"] = field,
                ["max"] = maxLength.ToString(CultureInfo.InvariantCulture),
            });
        }

        cleaned = text;
        return null;
    }

    /// <summary>Like <see cref="TryClean"/>, but an empty result is a <see cref="AccessErrorCodes.FieldRequired"/> error.</summary>
    public static AccessError? TryCleanRequired(string? input, string field, int maxLength, out string cleaned)
    {
        var error = TryClean(input, field, maxLength, out var value);
        cleaned = value ?? string.Empty;
        if (error is not null)
        {
            return error;
        }

        return value is null ? new AccessError(AccessErrorCodes.FieldRequired, field, Args(field)) : null;
    }

    public static IReadOnlyDictionary<string, string> Args(string field) => new Dictionary<string, string> { ["field"] = field };

    private static string CollapseSpaces(string text)
    {
        if (!text.Contains("  ", StringComparison.Ordinal) && !text.Contains('\t', StringComparison.Ordinal))
        {
            return text;
        }

        var builder = new StringBuilder(text.Length);
        var previousSpace = false;
        foreach (var c in text)
        {
            var space = c is ' ' or '\t';
            if (space && previousSpace)
            {
                continue;
            }

            builder.Append(space ? ' ' : c);
            previousSpace = space;
        }

        return builder.ToString();
    }
}
