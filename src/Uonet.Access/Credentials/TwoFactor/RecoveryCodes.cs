using System.Security.Cryptography;
using System.Text;

namespace Uonet.Access.Credentials;

/// <summary>
/// One-time recovery codes that stand in for a TOTP code when the phone is lost. They are shown once at
/// enrolment; only their SHA-256 hashes are stored.
/// </summary>
internal static class RecoveryCodes
{
    /// <summary>
    /// The 31 symbols of a code: digits and upper-case letters without 0, O, 1, I and L, which are read or typed
    /// one for another.
    /// </summary>
    internal const string Alphabet = "23456789ABCDEFGHJKMNPQRSTUVWXYZ";

    /// <summary>Symbols in each of the two dash-separated groups of a code.</summary>
    /// <remarks>
    /// Six, not five: 10 symbols of a 31-symbol alphabet give only 49.5 bits, 12 give 59.4 bits, which also keeps an
    /// offline search of a leaked, unsalted hash list costly.
    /// </remarks>
    internal const int GroupLength = 6;

    /// <summary>How many codes an account gets by default.</summary>
    internal const int DefaultCount = 10;

    private const int SymbolCount = 2 * GroupLength;

    // A code typed with generous spacing is still far shorter; longer input is refused before it is hashed.
    private const int MaxTypedLength = 64;

    /// <summary>
    /// <paramref name="count"/> distinct new codes of the form <c>XXXXXX-XXXXXX</c>, every symbol drawn uniformly
    /// from <see cref="Alphabet"/> by the cryptographic RNG.
    /// </summary>
    /// <param name="count">How many codes, 1 to 100.</param>
    public static IReadOnlyList<string> Generate(int count = DefaultCount)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(count);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(count, 100);
        var codes = new List<string>(count);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        while (codes.Count < count)
        {
            var symbols = RandomNumberGenerator.GetString(Alphabet, SymbolCount);
            var code = string.Concat(symbols.AsSpan(0, GroupLength), "-", symbols.AsSpan(GroupLength));
            // A repeat (about 2^-59 per pair) would leave the account with fewer usable codes than it was shown.
            if (seen.Add(code))
            {
                codes.Add(code);
            }
        }

        return codes;
    }

    /// <summary>
    /// The stored form of a code: SHA-256 (lower-case hex) of the code in upper case without spaces and dashes,
    /// so that <c>abcdef-ghjkmn</c>, <c>ABCDEF GHJKMN</c> and <c>ABCDEFGHJKMN</c> hash alike.
    /// </summary>
    /// <param name="code">The code as generated or as typed.</param>
    public static string Hash(string code)
    {
        ArgumentNullException.ThrowIfNull(code);
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(Normalize(code))));
    }

    /// <summary>
    /// The index of the stored hash that the typed code matches, or -1 when none does (or the input is far too long
    /// to be a code). Every entry is compared in constant time and the whole list is always scanned.
    /// </summary>
    /// <param name="hashes">The account's unused code hashes, as <see cref="Hash"/> made them.</param>
    /// <param name="typed">The code as typed.</param>
    public static int IndexOf(IReadOnlyList<string> hashes, string? typed)
    {
        ArgumentNullException.ThrowIfNull(hashes);
        if (typed is null || typed.Length > MaxTypedLength)
        {
            return -1;
        }

        var candidate = Encoding.ASCII.GetBytes(Hash(typed));
        var found = -1;
        // Backwards with no early exit: the first matching index wins and the time taken does not depend on it.
        for (var i = hashes.Count - 1; i >= 0; i--)
        {
            if (CryptographicOperations.FixedTimeEquals(candidate, Encoding.ASCII.GetBytes(hashes[i])))
            {
                found = i;
            }
        }

        return found;
    }

    private static string Normalize(string code)
    {
        var builder = new StringBuilder(code.Length);
        foreach (var c in code)
        {
            if (c != '-' && !char.IsWhiteSpace(c))
            {
                builder.Append(char.ToUpperInvariant(c));
            }
        }

        return builder.ToString();
    }
}
