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
        return ParseLine(first, fields, null) ? fields : null;
    }

    /// <summary>Reads the next non-blank row. Returns <see langword="false"/> at the end.</summary>
    /// <param name="row">The row number as a spreadsheet shows it (the header is row 1).</param>
    /// <param name="fields">The fields; <see langword="null"/> when the row is malformed (unclosed quote).</param>
    public bool TryReadRow(out int row, out IReadOnlyList<string>? fields)
    {
        while (true)
        {
            var line = _reader.ReadLine();
            if (line is null)
            {
                row = _row;
                fields = null;
                return false;
            }

            _row++;
            if (line.Trim().Length == 0)
            {
                continue;
            }

            row = _row;
            var list = new List<string>();
            fields = ParseLine(line, list, _reader) ? list : null;
            return true;
        }
    }

    private bool ParseLine(string line, List<string> fields, TextReader? continuation)
    {
        var field = new StringBuilder();
        var quoted = false;
        var i = 0;
        while (true)
        {
            if (i >= line.Length)
            {
                if (!quoted)
                {
                    fields.Add(field.ToString());
                    return true;
                }

                var next = continuation?.ReadLine();
                if (next is null)
                {
                    return false;
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
                }
                else
                {
                    field.Append(c);
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
            }
            else
            {
                field.Append(c);
            }

            i++;
        }
    }
}
