using System.Buffers;
using System.Collections.Frozen;
using System.Globalization;
using System.Text;
using Uonet.Access.Records;

namespace Uonet.Access.Credentials;

/// <summary>
/// Decides whether a new password may be set (ASVS 5.0 V6.2, NIST SP 800-63B): long enough, not too long, not a
/// common or predictable password, and not built from the service's name or the person's e-mail, names or PESEL.
/// There are no composition rules: spaces and every Unicode letter and symbol are welcome, so passphrases such as
/// "kot ma ale i psa burka" pass. Comparisons ignore case and diacritics ("Hasło" is "haslo").
/// </summary>
public sealed class PasswordPolicy
{
    private const string Field = "password";
    private const string CommonPasswordsResource = "Uonet.Access.common-passwords.txt";

    // Any sensible minimum already refuses shorter strings; calling "ab" a run would only add a second refusal.
    private const int MinPredictableLength = 3;

    // "Password2024!" is "password" with a suffix; a shorter stem ("abc1234") is too often part of a good password.
    private const int MinStrippedLength = 4;

    // Shorter local parts and names ("jo@…", "Ed") occur inside too many unrelated words.
    private const int MinEmailLocalPartLength = 3;
    private const int MinNamePartLength = 3;

    // NFKC composes at most four UTF-16 units into one code point (e.g. Greek ᾏ), so an input longer than this many
    // units per allowed code point is too long whatever it holds, and is refused before any normalization work.
    private const int MaxUnitsPerCodePoint = 4;

    private const int PeselLength = 11;

    private static readonly Lazy<FrozenSet<string>> CommonPasswords = new(LoadCommonPasswords);

    // Rows of the Polish (programmer's) keyboard, which is QWERTY; runs must stay within one row, without wrapping.
    private static readonly string[] KeyboardRuns = ["qwertyuiop", "asdfghjkl", "zxcvbnm", "1234567890", "poiuytrewq", "lkjhgfdsa", "mnbvcxz", "0987654321"];

    private readonly int _minLength;
    private readonly int _maxLength;
    private readonly bool _blockCommonPasswords;
    private readonly FrozenSet<string> _additionalBlocked;
    private readonly string[] _serviceWords;

    /// <summary>Creates the policy from a snapshot of <paramref name="options"/>; later changes to them have no effect.</summary>
    /// <param name="options">The policy's options.</param>
    /// <exception cref="ArgumentException">The options are invalid (see <see cref="PasswordPolicyOptions.Validate"/>).</exception>
    public PasswordPolicy(PasswordPolicyOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var problems = options.Validate();
        if (problems.Count > 0)
        {
            throw new ArgumentException(string.Join(" ", problems), nameof(options));
        }

        _minLength = options.MinLength;
        _maxLength = options.MaxLength;
        _blockCommonPasswords = options.BlockCommonPasswords;
        _additionalBlocked = options.AdditionalBlockedPasswords
            .Where(entry => !string.IsNullOrWhiteSpace(entry))
            .Select(Fold)
            .ToFrozenSet(StringComparer.Ordinal);
        _serviceWords = options.ServiceWords.Select(word => Fold(word.Trim())).Distinct(StringComparer.Ordinal).ToArray();
    }

    /// <summary>How many distinct (folded) entries the built-in common-password list holds.</summary>
    internal static int CommonPasswordCount => CommonPasswords.Value.Count;

    /// <summary>
    /// The form of a password that is hashed and verified: Unicode NFKC, so that the same password typed on another
    /// device or keyboard (composed or decomposed letters, full-width digits) still matches. Nothing is trimmed.
    /// </summary>
    /// <param name="password">The password as typed.</param>
    /// <returns>The normalized password; invalid UTF-16 is returned unchanged (<see cref="Validate"/> refuses it).</returns>
    public static string Normalize(string password)
    {
        ArgumentNullException.ThrowIfNull(password);
        return TextRules.HasInvalidUtf16(password) ? password : password.Normalize(NormalizationForm.FormKC);
    }

    /// <summary>Checks a new password against the policy, reporting every rule it breaks.</summary>
    /// <param name="password">The password as typed (not yet normalized).</param>
    /// <param name="context">What is known about the person, to refuse passwords built from it.</param>
    /// <returns>Success, or one error per broken rule, each with field <c>password</c>.</returns>
    public AccessResult Validate(string? password, PasswordContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (string.IsNullOrEmpty(password))
        {
            return AccessResult.Failure(AccessErrorCodes.PasswordRequired, Field);
        }

        var errors = new List<AccessError>();
        if (HasInvalidCharacters(password))
        {
            errors.Add(new AccessError(AccessErrorCodes.PasswordInvalidCharacters, Field));
        }

        if (password.Length > _maxLength * MaxUnitsPerCodePoint)
        {
            errors.Add(TooLong());
            return AccessResult.Failure(errors);
        }

        var normalized = Normalize(password);
        var length = normalized.EnumerateRunes().Count();
        if (length < _minLength)
        {
            errors.Add(new AccessError(AccessErrorCodes.PasswordTooShort, Field, Argument("min", _minLength)));
        }
        else if (length > _maxLength)
        {
            errors.Add(TooLong());
        }

        var folded = Fold(normalized);
        AddIf(errors, IsBlocked(folded), AccessErrorCodes.PasswordCommon);
        AddIf(errors, IsPredictable(folded), AccessErrorCodes.PasswordPredictable);
        AddIf(errors, _serviceWords.Any(word => folded.Contains(word, StringComparison.Ordinal)), AccessErrorCodes.PasswordContainsServiceName);
        AddIf(errors, ContainsEmail(folded, context.Email), AccessErrorCodes.PasswordContainsEmail);
        AddIf(errors, ContainsName(folded, context.Names), AccessErrorCodes.PasswordContainsName);
        AddIf(errors, ContainsPesel(folded, context.Pesels), AccessErrorCodes.PasswordContainsPesel);
        return errors.Count == 0 ? AccessResult.Success() : AccessResult.Failure(errors);
    }

    /// <summary>
    /// The form used for every comparison: compatibility-decomposed, without combining marks, ł as l, lower case.
    /// Lone surrogates become U+FFFD so that folding never throws.
    /// </summary>
    internal static string Fold(string text)
    {
        var decomposed = ReplaceLoneSurrogates(text).Normalize(NormalizationForm.FormKD);
        var builder = new StringBuilder(decomposed.Length);
        Span<char> buffer = stackalloc char[2];
        foreach (var rune in decomposed.EnumerateRunes())
        {
            if (Rune.GetUnicodeCategory(rune) is UnicodeCategory.NonSpacingMark or UnicodeCategory.SpacingCombiningMark or UnicodeCategory.EnclosingMark)
            {
                continue;
            }

            // ł and Ł have no decomposition, so NFKD leaves them; Poles read them as l when diacritics are dropped.
            var mapped = rune.Value is 'ł' or 'Ł' ? new Rune('l') : rune;
            builder.Append(buffer[..mapped.EncodeToUtf16(buffer)]);
        }

        return builder.ToString().ToLowerInvariant();
    }

    private static bool HasInvalidCharacters(string password)
    {
        if (TextRules.HasInvalidUtf16(password))
        {
            return true;
        }

        // Format characters (Cf) stay allowed: emoji sequences need the zero-width joiner, RTL scripts their marks.
        foreach (var c in password)
        {
            if (char.GetUnicodeCategory(c) is UnicodeCategory.Control or UnicodeCategory.LineSeparator or UnicodeCategory.ParagraphSeparator)
            {
                return true;
            }
        }

        return false;
    }

    private static string ReplaceLoneSurrogates(string text)
    {
        if (!TextRules.HasInvalidUtf16(text))
        {
            return text;
        }

        var chars = text.ToCharArray();
        for (var i = 0; i < chars.Length; i++)
        {
            if (char.IsHighSurrogate(chars[i]) && i + 1 < chars.Length && char.IsLowSurrogate(chars[i + 1]))
            {
                i++;
            }
            else if (char.IsSurrogate(chars[i]) || chars[i] == '\uFFFE')
            {
                chars[i] = (char)Rune.ReplacementChar.Value;
            }
        }

        return new string(chars);
    }

    private bool IsBlocked(string folded)
    {
        if (IsListed(folded))
        {
            return true;
        }

        var stem = StripTrailingDigitsAndPunctuation(folded);
        return stem.Length < folded.Length && stem.EnumerateRunes().Count() >= MinStrippedLength && IsListed(stem);
    }

    private bool IsListed(string folded) =>
        (_blockCommonPasswords && CommonPasswords.Value.Contains(folded)) || _additionalBlocked.Contains(folded);

    private static string StripTrailingDigitsAndPunctuation(string folded)
    {
        var end = folded.Length;
        while (end > 0
            && Rune.DecodeLastFromUtf16(folded.AsSpan(0, end), out var rune, out var consumed) == OperationStatus.Done
            && (Rune.IsDigit(rune) || Rune.IsPunctuation(rune) || Rune.IsSymbol(rune) || Rune.IsWhiteSpace(rune)))
        {
            end -= consumed;
        }

        return folded[..end];
    }

    private static bool IsPredictable(string folded)
    {
        var runes = folded.EnumerateRunes().ToArray();
        if (runes.Length < MinPredictableLength)
        {
            return false;
        }

        return runes.All(rune => rune == runes[0])
            || IsAlphabeticRun(runes)
            || KeyboardRuns.Any(row => row.Contains(folded, StringComparison.Ordinal));
    }

    private static bool IsAlphabeticRun(Rune[] runes)
    {
        var digits = runes.All(rune => rune.Value is >= '0' and <= '9');
        var letters = runes.All(rune => rune.Value is >= 'a' and <= 'z');
        if (!digits && !letters)
        {
            return false;
        }

        var step = runes[1].Value - runes[0].Value;
        if (step is not (1 or -1))
        {
            return false;
        }

        for (var i = 2; i < runes.Length; i++)
        {
            if (runes[i].Value - runes[i - 1].Value != step)
            {
                return false;
            }
        }

        return true;
    }

    private static bool ContainsEmail(string folded, string? email)
    {
        if (string.IsNullOrWhiteSpace(email))
        {
            return false;
        }

        var address = Fold(email.Trim());
        var at = address.LastIndexOf('@');
        var localPart = at < 0 ? address : address[..at];
        return (localPart.EnumerateRunes().Count() >= MinEmailLocalPartLength && folded.Contains(localPart, StringComparison.Ordinal))
            || folded.Contains(address, StringComparison.Ordinal);
    }

    private static bool ContainsName(string folded, IReadOnlyList<string>? names)
    {
        foreach (var name in names ?? [])
        {
            if (string.IsNullOrWhiteSpace(name))
            {
                continue;
            }

            // "Anna-Maria Nowak" and "O'Brien" are checked word by word: each of them is what people put in passwords.
            foreach (var part in LetterRuns(Fold(name)))
            {
                if (part.EnumerateRunes().Count() >= MinNamePartLength && folded.Contains(part, StringComparison.Ordinal))
                {
                    return true;
                }
            }
        }

        return false;
    }

    private static IEnumerable<string> LetterRuns(string text)
    {
        var start = -1;
        var index = 0;
        foreach (var rune in text.EnumerateRunes())
        {
            if (Rune.IsLetter(rune))
            {
                start = start < 0 ? index : start;
            }
            else if (start >= 0)
            {
                yield return text[start..index];
                start = -1;
            }

            index += rune.Utf16SequenceLength;
        }

        if (start >= 0)
        {
            yield return text[start..];
        }
    }

    private static bool ContainsPesel(string folded, IReadOnlyList<string>? pesels)
    {
        foreach (var pesel in pesels ?? [])
        {
            if (string.IsNullOrWhiteSpace(pesel))
            {
                continue;
            }

            // Folding turns full-width digits into ASCII, as it does in the password.
            var digits = Fold(pesel.Trim());
            if (digits.Length == PeselLength && digits.All(char.IsAsciiDigit) && folded.Contains(digits, StringComparison.Ordinal))
            {
                return true;
            }
        }

        return false;
    }

    private static void AddIf(List<AccessError> errors, bool condition, string code)
    {
        if (condition)
        {
            errors.Add(new AccessError(code, Field));
        }
    }

    private AccessError TooLong() => new(AccessErrorCodes.PasswordTooLong, Field, Argument("max", _maxLength));

    private static Dictionary<string, string> Argument(string name, int value) =>
        new() { [name] = value.ToString(CultureInfo.InvariantCulture) };

    private static FrozenSet<string> LoadCommonPasswords()
    {
        var assembly = typeof(PasswordPolicy).Assembly;
        using var stream = assembly.GetManifestResourceStream(CommonPasswordsResource)
            ?? throw new InvalidOperationException($"The resource {CommonPasswordsResource} is missing from {assembly.GetName().Name}.");
        using var reader = new StreamReader(stream, Encoding.UTF8);
        var entries = new HashSet<string>(StringComparer.Ordinal);
        while (reader.ReadLine() is { } line)
        {
            if (line.Length > 0 && line[0] != '#')
            {
                entries.Add(Fold(line));
            }
        }

        return entries.ToFrozenSet(StringComparer.Ordinal);
    }
}
