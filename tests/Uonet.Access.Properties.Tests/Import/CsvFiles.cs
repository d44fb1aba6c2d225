using System.Text;

namespace Uonet.Access.Properties.Tests.Import;

/// <summary>
/// CSV files as spreadsheets export them, written by this class from RFC 4180 (not by the library): a field is quoted
/// when it holds the delimiter, a quote, a line break or starts with a space, with doubled quotes inside; records end
/// with CRLF or LF; blank lines may sit between them.
/// </summary>
internal static class CsvFiles
{
    public static readonly char[] Delimiters = [';', ',', '\t'];

    private static readonly string[] Plain = ["Ola", "Nowak", "4a", "80010112340", "anna.nowak@example.pl", "matka", "Żaneta Gęś", "O'Brien", string.Empty];

    private static readonly string[] Awkward = ["a;b", "a,b", "a\tb", "\"", "say \"hi\"", "line\nbreak", "line\r\nbreak", "cr\ronly", " lead", "trail ", "\"quoted\"", "\uFEFF"];

    /// <summary>A field's text: names, numbers, addresses, and what breaks CSV readers (quotes, delimiters, line breaks).</summary>
    public static Gen<string> Field { get; } = Seeded.From(NewField);

    public static string NewField(Random random) => random.Next(7) switch
    {
        < 4 => random.Pick(Plain),
        < 6 => Junk.NewText(random, 20),
        _ => random.Pick(Awkward),
    };

    /// <summary>Writes a record; <paramref name="quoteAll"/> quotes even fields that need no quotes.</summary>
    public static string Record(IEnumerable<string> fields, char delimiter, bool quoteAll) =>
        string.Join(delimiter, fields.Select(field => quoteAll || NeedsQuotes(field, delimiter) ? "\"" + field.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : field));

    /// <summary>What reading a field back must give: line breaks inside quotes become LF (lines are read one by one).</summary>
    public static string ReadBack(string field) => field.Replace("\r\n", "\n", StringComparison.Ordinal).Replace('\r', '\n');

    public static string File(string header, IEnumerable<string> records, string newline) =>
        new StringBuilder(header).Append(newline).AppendJoin(newline, records).ToString();

    private static bool NeedsQuotes(string field, char delimiter) =>
        field.Length > 0 && (field.Contains(delimiter, StringComparison.Ordinal) || field.Contains('"', StringComparison.Ordinal) || field.Contains('\r', StringComparison.Ordinal) || field.Contains('\n', StringComparison.Ordinal) || char.IsWhiteSpace(field[0]));
}
