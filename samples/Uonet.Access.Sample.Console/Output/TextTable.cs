using System.Globalization;

namespace Uonet.Access.Sample.Console.Output;

/// <summary>Lists as aligned columns for people; scripts use <c>--json</c>.</summary>
internal static class TextTable
{
    public static void Write(TextWriter writer, IReadOnlyList<string> headers, IReadOnlyList<IReadOnlyList<string?>> rows)
    {
        var widths = headers.Select((header, column) => rows.Select(row => Cell(row, column).Length).Prepend(header.Length).Max()).ToArray();
        WriteRow(writer, headers, widths);
        writer.WriteLine(string.Join("  ", widths.Select(width => new string('-', width))));
        foreach (var row in rows)
        {
            WriteRow(writer, row, widths);
        }
    }

    public static string Time(DateTimeOffset? time) =>
        time?.ToUniversalTime().ToString("yyyy-MM-dd HH:mm:ss 'UTC'", CultureInfo.InvariantCulture) ?? "—";

    private static string Cell(IReadOnlyList<string?> row, int column) => column < row.Count ? row[column] ?? "—" : string.Empty;

    private static void WriteRow(TextWriter writer, IReadOnlyList<string?> row, int[] widths) =>
        writer.WriteLine(string.Join("  ", widths.Select((width, column) => Cell(row, column).PadRight(width))).TrimEnd());
}
