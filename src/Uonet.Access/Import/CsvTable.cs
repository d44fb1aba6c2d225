using System.Text;

namespace Uonet.Access.Import;

/// <summary>
/// A small RFC 4180 reader for files a secretary exports from a spreadsheet: quoted fields with doubled quotes and
/// line breaks inside, CRLF, LF or CR, and the delimiter (<c>;</c>, <c>,</c> or tab) taken from the header row.
/// </summary>
/// <remarks>
/// The text is read in chunks and each character is looked at once, so the cost grows with the file whatever its
/// quotes (issue 13 §4: a field of quotes once cost the square of its length). The cancellation token is checked
/// before every row and every chunk, so an abandoned upload stops within a chunk even inside one huge line.
/// </remarks>
internal sealed class CsvTable
{
    /// <summary>Characters read at once, and so at most between two checks of the cancellation token.</summary>
    internal const int ChunkLength = 4096;

    private readonly TextReader _reader;
    private readonly CancellationToken _cancellationToken;
    private readonly char[] _chunk;
    private int _position;
    private int _length;
    private char _delimiter;
    private int _row;

    public CsvTable(TextReader reader, CancellationToken cancellationToken = default)
        : this(reader, ChunkLength, cancellationToken)
    {
    }

    private CsvTable(TextReader reader, int chunkLength, CancellationToken cancellationToken)
    {
        _reader = reader;
        _cancellationToken = cancellationToken;
        _chunk = new char[chunkLength];
    }

    /// <summary>The header's fields, or <see langword="null"/> for an empty file.</summary>
    public IReadOnlyList<string>? ReadHeader()
    {
        string? first;
        do
        {
            first = ReadLine();
            if (first is null)
            {
                return null;
            }

            _row++;
        }
        while (first.Trim().Length == 0);

        first = first.TrimStart('\uFEFF');
        var header = new CsvTable(new StringReader(first), Math.Clamp(first.Length, 1, ChunkLength), _cancellationToken);
        _delimiter = header._delimiter = new[] { ';', ',', '\t' }.MaxBy(d => first.Count(c => c == d));
        var fields = new List<string>();
        return header.ParseRecord(fields) == CsvLine.Ok ? fields : null;
    }

    /// <summary>
    /// Reads the next row that holds any value (rows of blanks or bare delimiters, which spreadsheets export for
    /// empty formatted rows, are skipped). Returns <see langword="false"/> at the end.
    /// </summary>
    /// <param name="row">The row number as a spreadsheet shows it (the header is row 1).</param>
    /// <param name="fields">The fields; <see langword="null"/> when the row is malformed (text after a closing quote).</param>
    /// <param name="unclosedQuote">Whether the row opened a quote that the file never closes: the rest of the file cannot be read.</param>
    /// <exception cref="OperationCanceledException">The token given at construction was cancelled.</exception>
    public bool TryReadRow(out int row, out IReadOnlyList<string>? fields, out bool unclosedQuote)
    {
        while (true)
        {
            _cancellationToken.ThrowIfCancellationRequested();
            if (Peek() < 0)
            {
                row = _row;
                fields = null;
                unclosedQuote = false;
                return false;
            }

            _row++;
            var list = new List<string>();
            var parsed = ParseRecord(list);
            if (parsed == CsvLine.Malformed)
            {
                SkipLine();
            }

            unclosedQuote = parsed == CsvLine.UnclosedQuote;
            if (parsed == CsvLine.Ok && list.TrueForAll(f => f.Trim().Length == 0))
            {
                continue;
            }

            row = _row;
            fields = parsed == CsvLine.Ok ? list : null;
            return true;
        }
    }

    // A record is one line, or several when a quoted field holds line breaks (each kept as LF); the row number counts
    // records, as a spreadsheet does. A malformed record stops at the offending character.
    private CsvLine ParseRecord(List<string> fields)
    {
        var field = new StringBuilder();
        var quoted = false;
        var closedQuote = false;
        // Whether the field so far is only white space, kept as it grows: a quote opens a quoted field only there.
        var blank = true;
        while (true)
        {
            var next = Read();
            if (next is < 0 or '\n' or '\r')
            {
                if (next == '\r' && Peek() == '\n')
                {
                    Read();
                }

                if (!quoted)
                {
                    fields.Add(field.ToString());
                    return CsvLine.Ok;
                }

                if (next < 0 || Peek() < 0)
                {
                    return CsvLine.UnclosedQuote;
                }

                field.Append('\n');
                continue;
            }

            var c = (char)next;
            if (quoted)
            {
                if (c == '"')
                {
                    if (Peek() == '"')
                    {
                        field.Append('"');
                        Read();
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
            else if (c == '"' && blank)
            {
                field.Clear();
                quoted = true;
            }
            else if (c == _delimiter)
            {
                fields.Add(field.ToString());
                field.Clear();
                closedQuote = false;
                blank = true;
            }
            else
            {
                field.Append(c);
                blank &= char.IsWhiteSpace(c);
            }
        }
    }

    /// <summary>One line without its end (LF, CR or CRLF), or <see langword="null"/> at the end of the text.</summary>
    private string? ReadLine()
    {
        if (Peek() < 0)
        {
            return null;
        }

        var line = new StringBuilder();
        while (Read() is var next and >= 0 and not '\n')
        {
            if (next == '\r')
            {
                if (Peek() == '\n')
                {
                    Read();
                }

                break;
            }

            line.Append((char)next);
        }

        return line.ToString();
    }

    private void SkipLine()
    {
        while (Read() is var next and >= 0 and not '\n')
        {
            if (next == '\r')
            {
                if (Peek() == '\n')
                {
                    Read();
                }

                return;
            }
        }
    }

    private int Peek()
    {
        if (_position == _length)
        {
            _cancellationToken.ThrowIfCancellationRequested();
            _length = _reader.Read(_chunk, 0, _chunk.Length);
            _position = 0;
            if (_length == 0)
            {
                return -1;
            }
        }

        return _chunk[_position];
    }

    private int Read()
    {
        var c = Peek();
        if (c >= 0)
        {
            _position++;
        }

        return c;
    }
}

/// <summary>How one CSV line parsed.</summary>
internal enum CsvLine
{
    Ok,
    Malformed,
    UnclosedQuote,
}
