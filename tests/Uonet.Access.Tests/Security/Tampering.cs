namespace Uonet.Access.Tests.Security;

/// <summary>The ways an attacker alters a secret they hold or have seen: one character at a time, cut short, made longer.</summary>
internal static class Tampering
{
    /// <summary>The base64url alphabet of link tokens and session secrets.</summary>
    public const string Base64Url = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

    /// <summary>
    /// For every position, the value with that character replaced by the next one of <paramref name="alphabet"/> (so the
    /// forgery stays in the alphabet and passes any shape check) and, where case matters, a letter by its other case.
    /// </summary>
    public static IEnumerable<(int Position, string Forged)> EachCharacterChanged(string value, string alphabet, bool caseSensitive = true)
    {
        for (var i = 0; i < value.Length; i++)
        {
            var index = alphabet.IndexOf(value[i], StringComparison.Ordinal);
            var next = index < 0 ? alphabet[0] : alphabet[(index + 1) % alphabet.Length];
            yield return (i, Replace(value, i, next));
            if (caseSensitive && char.IsAsciiLetter(value[i]))
            {
                var otherCase = char.IsAsciiLetterUpper(value[i]) ? char.ToLowerInvariant(value[i]) : char.ToUpperInvariant(value[i]);
                yield return (i, Replace(value, i, otherCase));
            }
        }
    }

    /// <summary>Every proper prefix of the value, the empty one included.</summary>
    public static IEnumerable<string> Truncations(string value) => Enumerable.Range(0, value.Length).Select(length => value[..length]);

    /// <summary>The value one character longer: two ways at its end, one at its start, and its last character doubled.</summary>
    public static IEnumerable<string> Extensions(string value, string alphabet) =>
        [value + alphabet[0], value + alphabet[^1], alphabet[0] + value, value + value[^1]];

    private static string Replace(string value, int position, char replacement) =>
        string.Concat(value.AsSpan(0, position), replacement.ToString(), value.AsSpan(position + 1));
}
