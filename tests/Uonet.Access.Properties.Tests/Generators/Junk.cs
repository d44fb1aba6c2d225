using System.Text;

namespace Uonet.Access.Properties.Tests.Generators;

/// <summary>Text as people, scanners, spreadsheets and attackers send it.</summary>
internal static class Junk
{
    /// <summary>
    /// Pieces that have broken parsers of typed and scanned text: NUL and other controls, every kind of line break and
    /// invisible space, lone and paired surrogates, the noncharacters U+FFFE (which .NET's Unicode normalization refuses
    /// with an exception) and U+FFFF, combining marks, look-alikes of ASCII (Cyrillic, Greek, full-width,
    /// Kelvin sign, dotted and dotless i, long s, ligatures, other digits), Unicode dashes and dots, and the syntax
    /// characters of e-mail, URIs, CSV, structured fields and PHC strings.
    /// </summary>
    public static readonly string[] Tricky =
    [
        "\0", "\u0001", "\u001F", "\u007F", "\t", "\n", "\r", "\r\n", "\n ", "\r\n\t", " ", "  ", "\u00A0", "\u0085",
        "\u1680", "\u2000", "\u2028", "\u2029", "\u3000", "\u200B", "\u200D", "\u00AD", "\uFEFF", "\u202E", "\u2060",
        "\u0301", "\u0307", "\u0328", "\u20DD", "\uD800", "\uDBFF", "\uDC00", "\uDFFF", "\uDFFF\uD800", "\uD83D\uDE00",
        "\uDBFF\uDFFF", "\uFFFD", "\uFFFE", "\uFFFF", "\u0430", "\u0435", "\u043E", "\u0440", "\u0441", "\u0410", "\u03BF", "\u0391",
        "\uFF21", "\uFF41", "\uFF10", "\uFF19", "\uFF20", "\uFE6B", "\uFF0E", "\u3002", "\uFF61", "\u2024", "\u0663",
        "\u00B2", "\u2168", "\u0131", "\u0130", "\u212A", "\u017F", "\u00DF", "\uFB01", "\u2010", "\u2011", "\u2013",
        "\u2014", "\u2212", "\uFE63", "%", "%0", "%zz", "%00", "%0A", "%0d%0a", "%25", "%2e%2e", "\"", "\\", "\\\"", ":",
        ";", ",", "=", "(", ")", "?", "&", "#", "@", "@@", ".", "..", "../", "/", "xn--", "-", "_", "'", "<", ">", "*",
        "$", "?1", "?0", "sig1=", "*;", "=:", "::", "+", "e", "E", "1e9", "-0", "9999999999999999", "0x1F",
    ];

    /// <summary>Letters of Polish names and places, precomposed and decomposed.</summary>
    public static readonly string[] PolishLetters =
    [
        "ą", "ć", "ę", "ł", "ń", "ó", "ś", "ź", "ż", "Ą", "Ć", "Ę", "Ł", "Ń", "Ó", "Ś", "Ź", "Ż", "a\u0328", "z\u0307", "o\u0301",
    ];

    /// <summary>One piece: mostly printable ASCII, then the tricky pieces, Polish letters and any UTF-16 unit at all.</summary>
    public static Gen<string> Piece { get; } = Seeded.From(NewPiece);

    /// <summary>Up to FsCheck's current size (0–100 over a run) pieces.</summary>
    public static Gen<string> Text { get; } = Gen.Sized(size => Seeded.From(random => NewText(random, size)));

    /// <summary>Text of characters drawn from <paramref name="alphabet"/> only.</summary>
    public static Gen<string> Of(string alphabet, int minLength, int maxLength) => Seeded.From(random => random.Text(alphabet, minLength, maxLength));

    public static string NewPiece(Random random) => random.Next(11) switch
    {
        < 6 => ((char)random.Next(0x20, 0x7F)).ToString(),
        < 9 => random.Pick(Tricky),
        < 10 => random.Pick(PolishLetters),
        _ => ((char)random.Next(0x10000)).ToString(),
    };

    public static string NewText(Random random, int maxPieces)
    {
        var builder = new StringBuilder();
        for (var n = random.Next(maxPieces + 1); n > 0; n--)
        {
            builder.Append(NewPiece(random));
        }

        return builder.ToString();
    }
}
