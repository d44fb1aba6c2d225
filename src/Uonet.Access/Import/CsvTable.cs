using System.Text;

namespace Uonet.Access.Import;

/// <summary>
/// A small RFC 4180 reader for files a secretary exports from a spreadsheet: quoted fields with doubled quotes and
/// line breaks inside, CRLF or LF, and the delimiter (<c>;</c>, <c>,</c> or tab) taken from the header row.
/// </summary>
internal sealed class CsvTable
{
    private readonly TextReader _reader;
    private char _delimiter;
    private int _row;

    public CsvTable(TextReader reader) => _reader = reader;

    /// <summary>The header's fields, or <see langword="null"/> for an empty file.</summary>
    public IReadOnlyList<string>? ReadHeader()
    {
        var first = _reader.ReadLine();
        while (first is not null && first.Trim().Length == 0)
        {
            _row++;
            first = _reader.ReadLine();
        }

        if (first is null)
        {
            return null;
        }

        _row++;
        first = first.TrimStart('\uFEFF');
        _delimiter = new[] { ';', ',', '\t' }.MaxBy(d => first.Count(c => c == d));
        var fields = new List<string>();
        return ParseLine(first, fields, null) == CsvLine.Ok ? fields : null;
    }

    /// <summary>
    /// Reads the next row that holds any value (rows of blanks or bare delimiters, which spreadsheets export for
    /// empty formatted rows, are skipped). Returns <see langword="false"/> at the end.
    /// </summary>
    /// <param name="row">The row number as a spreadsheet shows it (the header is row 1).</param>
    /// <param name="fields">The fields; <see langword="null"/> when the row is malformed (text after a closing quote).</param>
    /// <param name="unclosedQuote">Whether the row opened a quote that the file never closes: the rest of the file cannot be read.</param>
    public bool TryReadRow(out int row, out IReadOnlyList<string>? fields, out bool unclosedQuote)
    {
        while (true)
        {
            var line = _reader.ReadLine();
            if (line is null)
            {
                row = _row;
                fields = null;
                unclosedQuote = false;
                return false;
            }

            _row++;
            if (line.Trim().Length == 0)
            {
                continue;
            }

            row = _row;
            var list = new List<string>();
            var parsed = ParseLine(line, list, _reader);
            unclosedQuote = parsed == CsvLine.UnclosedQuote;
            if (parsed == CsvLine.Ok && list.TrueForAll(f => f.Trim().Length == 0))
            {
                continue;
            }

            fields = parsed == CsvLine.Ok ? list : null;
            return true;
        }
    }

    private CsvLine ParseLine(string line, List<string> fields, TextReader? continuation)
    {
        var field = new StringBuilder();
        var quoted = false;
        var closedQuote = false;
        var i = 0;
        while (true)
        {
            if (i >= line.Length)
            {
                if (!quoted)
                {
                    fields.Add(field.ToString());
                    return CsvLine.Ok;
                }

                var next = continuation?.ReadLine();
                if (next is null)
                {
                    return CsvLine.UnclosedQuote;
                }

                field.Append('\n');
                line = next;
                i = 0;
                continue;
            }

            var c = line[i];
            if (quoted)
            {
                if (c == '"')
                {
                    if (i + 1 < line.Length && line[i + 1] == '"')
                    {
                        field.Append('"');
                        i += 2;
                        continue;
                    }

                    quoted = false;
                    closedQuote = true;
                }
                else
                {
                    field.Append(c);
                }
            }
            else if (closedQuote && c != _delimiter)
            {
                if (!char.IsWhiteSpace(c))
                {
                    return CsvLine.Malformed;
                }
            }
            else if (c == '"' && field.ToString().Trim().Length == 0)
            {
                field.Clear();
                quoted = true;
            }
            else if (c == _delimiter)
            {
                fields.Add(field.ToString());
                field.Clear();
                closedQuote = false;
            }
            else
            {
                field.Append(c);
            }

            i++;
        }
    }
}

/// <summary>How one CSV line parsed.</summary>
internal enum CsvLine
{
    Ok,
    Malformed,
    UnclosedQuote,
}
