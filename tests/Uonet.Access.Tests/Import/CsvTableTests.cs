using Uonet.Access.Import;

namespace Uonet.Access.Tests.Import;

/// <summary>
/// The cost of reading a CSV file grows with the file, whatever its quotes: an upload of the size the portal allows
/// (8 MB) is read in about the time of its bytes, never in hours of CPU (issue 13 §4). Measured by the bytes the
/// reader allocates on the test's thread, which do not depend on how busy the machine is.
/// </summary>
public sealed class CsvTableTests
{
    private const int Quotes = 10_000;

    // A linear reader allocates ~4× for a 4× input; a reader that copies the field on every quote allocates ~16×.
    private const double MostGrowthForFourTimesTheInput = 6;

    public static TheoryData<string, Func<int, string>> Shapes => new()
    {
        { "quotes in an unquoted field", n => "klasa;imie;nazwisko\n4a;Ola;x" + new string('"', n) + "\n" },
        { "doubled quotes in a quoted field", n => "klasa;imie;nazwisko\n4a;Ola;\"" + new string('"', 2 * n) + "\"\n" },
        { "a long quoted field with line breaks", n => "klasa;imie;nazwisko\n4a;Ola;\"" + string.Concat(Enumerable.Repeat("Nowak\r\n", n)) + "\"\n" },
        { "quotes and delimiters in the header", n => "klasa;imie;nazwisko" + string.Concat(Enumerable.Repeat(";x\"", n)) + "\n4a;Ola;Nowak\n" },
        { "many short rows", n => "klasa;imie;nazwisko\n" + string.Concat(Enumerable.Repeat("4a;\"Ola \"\"Mała\"\"\";Nowak\n", n)) },
    };

    [Theory]
    [MemberData(nameof(Shapes))]
    public void ReadAll_FourTimesTheInput_AllocatesAboutFourTimesAsMuch(string shape, Func<int, string> file)
    {
        var small = file(Quotes);
        var large = file(4 * Quotes);
        ReadAll(small);

        var smallCost = AllocatedWhileReading(small);
        var largeCost = AllocatedWhileReading(large);

        var growth = (double)largeCost / smallCost;
        Assert.True(growth <= MostGrowthForFourTimesTheInput, $"{shape}: {smallCost:N0} B for {small.Length:N0} characters, {largeCost:N0} B for {large.Length:N0} ({growth:F1}×)");
    }

    [Fact]
    public void TryReadRow_UnquotedFieldFullOfQuotes_KeepsEveryQuote()
    {
        var table = new CsvTable(new StringReader("klasa;imie;nazwisko\n4a;Ola;x" + new string('"', Quotes) + "\n"));
        table.ReadHeader();

        Assert.True(table.TryReadRow(out var row, out var fields, out var unclosed));

        Assert.Equal((2, false), (row, unclosed));
        Assert.Equal("x" + new string('"', Quotes), fields![2]);
    }

    [Fact]
    public void TryReadRow_LongQuotedFieldWithLineBreaks_IsOneRowWithLineFeeds()
    {
        var table = new CsvTable(new StringReader("klasa;imie;nazwisko\n4a;\"" + string.Concat(Enumerable.Repeat("a\r\n", Quotes)) + "\";Nowak\n5b;Ala;Lis\n"));
        table.ReadHeader();

        Assert.True(table.TryReadRow(out var first, out var fields, out _));
        Assert.True(table.TryReadRow(out var second, out var next, out _));

        Assert.Equal((2, 3), (first, second));
        Assert.Equal(string.Concat(Enumerable.Repeat("a\n", Quotes)), fields![1]);
        Assert.Equal(["5b", "Ala", "Lis"], next);
    }

    [Fact]
    public void TryReadRow_TextAfterClosingQuote_IsMalformedAndTheNextLineIsTheNextRow()
    {
        var table = new CsvTable(new StringReader("klasa;imie;nazwisko\r4a;\"Ola\"x;\"Nowak\r\n5b;Ala;Lis"));
        table.ReadHeader();

        Assert.True(table.TryReadRow(out var first, out var malformed, out var unclosed));
        Assert.True(table.TryReadRow(out var second, out var next, out _));

        Assert.Equal((2, (IReadOnlyList<string>?)null, false), (first, malformed, unclosed));
        Assert.Equal(3, second);
        Assert.Equal(["5b", "Ala", "Lis"], next);
        Assert.False(table.TryReadRow(out _, out _, out _));
    }

    [Fact]
    public void TryReadRow_CancelledInsideOneHugeLine_StopsWithinOneChunk()
    {
        const int cancelAt = 100_000;
        using var cancellation = new CancellationTokenSource();
        var reader = new CountingReader("klasa;imie;nazwisko\n4a;Ola;x" + new string('"', 4_000_000) + "\n")
        {
            AfterRead = consumed =>
            {
                if (consumed >= cancelAt)
                {
                    cancellation.Cancel();
                }
            },
        };
        var table = new CsvTable(reader, cancellation.Token);
        table.ReadHeader();

        Assert.ThrowsAny<OperationCanceledException>(() => table.TryReadRow(out _, out _, out _));

        Assert.InRange(reader.Consumed, cancelAt, cancelAt + CsvTable.ChunkLength);
    }

    [Fact]
    public void TryReadRow_CancelledBetweenRows_ReadsNoFurtherRow()
    {
        using var cancellation = new CancellationTokenSource();
        var reader = new CountingReader("klasa;imie;nazwisko\n" + string.Concat(Enumerable.Repeat("4a;Ola;Nowak\n", 1_000)));
        var table = new CsvTable(reader, cancellation.Token);
        table.ReadHeader();
        Assert.True(table.TryReadRow(out _, out _, out _));

        cancellation.Cancel();

        Assert.ThrowsAny<OperationCanceledException>(() => table.TryReadRow(out _, out _, out _));
    }

    private static long AllocatedWhileReading(string text)
    {
        var before = GC.GetAllocatedBytesForCurrentThread();
        ReadAll(text);
        return GC.GetAllocatedBytesForCurrentThread() - before;
    }

    private static void ReadAll(string text)
    {
        var table = new CsvTable(new StringReader(text));
        Assert.NotNull(table.ReadHeader());
        while (table.TryReadRow(out _, out _, out var unclosed))
        {
            Assert.False(unclosed);
        }
    }
}

/// <summary>A reader of a text that counts the characters handed out, to measure how far a reader got.</summary>
internal sealed class CountingReader(string text) : TextReader
{
    private int _position;

    /// <summary>Characters read so far.</summary>
    public int Consumed => _position;

    /// <summary>Called with <see cref="Consumed"/> after every read.</summary>
    public Action<int>? AfterRead { get; init; }

    public override int Peek() => _position < text.Length ? text[_position] : -1;

    public override int Read()
    {
        var c = Peek();
        if (c >= 0)
        {
            Advance(1);
        }

        return c;
    }

    public override int Read(char[] buffer, int index, int count) => Read(buffer.AsSpan(index, count));

    public override int Read(Span<char> buffer)
    {
        var count = Math.Min(buffer.Length, text.Length - _position);
        text.AsSpan(_position, count).CopyTo(buffer);
        Advance(count);
        return count;
    }

    private void Advance(int count)
    {
        _position += count;
        AfterRead?.Invoke(_position);
    }
}
