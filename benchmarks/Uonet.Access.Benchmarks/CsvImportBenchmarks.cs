using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using Uonet.Access.Import;

namespace Uonet.Access.Benchmarks;

/// <summary>
/// Reading the secretary's CSV upload (issue 13 §4): a row whose unquoted field holds <see cref="Quotes"/> quote
/// characters, the attack that cost 0.19 s at 40,000 quotes and 35 s at 160,000 when the reader rebuilt the field on
/// every quote, against a field of as many letters (the baseline) and a quoted field of as many line breaks. Reading
/// is linear when each row's median at 4 × the quotes is about 4 × its median at the smallest (÷ smallest Quotes).
/// </summary>
[MemoryDiagnoser]
[MedianColumn]
[Config(typeof(Config))]
public class CsvImportBenchmarks
{
    private const string Header = "klasa;imie;nazwisko\n";

    private string _quotes = null!;
    private string _letters = null!;
    private string _lineBreaks = null!;

    /// <summary>The characters of the long field: the attack's 40,000 and four times as many.</summary>
    [Params(40_000, 160_000)]
    public int Quotes { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _quotes = Header + "4a;Ola;x" + new string('"', Quotes) + "\n";
        _letters = Header + "4a;Ola;x" + new string('a', Quotes) + "\n";
        _lineBreaks = Header + "4a;Ola;\"" + string.Concat(Enumerable.Repeat("a\r\n", Quotes / 3)) + "\"\n";
        foreach (var text in new[] { _quotes, _letters, _lineBreaks })
        {
            if (Read(text) != 3)
            {
                throw new InvalidOperationException("The benchmark's file does not read as one row of three fields.");
            }
        }
    }

    [Benchmark(Baseline = true)]
    public int FieldOfLetters() => Read(_letters);

    [Benchmark]
    public int FieldOfQuotes() => Read(_quotes);

    [Benchmark]
    public int QuotedFieldOfLineBreaks() => Read(_lineBreaks);

    private static int Read(string text)
    {
        var table = new CsvTable(new StringReader(text));
        table.ReadHeader();
        return table.TryReadRow(out _, out var fields, out _) ? fields?.Count ?? 0 : 0;
    }

    private sealed class Config : ManualConfig
    {
        public Config() => AddColumn(new GrowthColumn(nameof(Quotes)));
    }
}
