using Uonet.Access.Import;

namespace Uonet.Access.Properties.Tests.Import;

/// <summary>
/// The CSV reader under the secretary's bulk import (R1, R2): every field of a file written by RFC 4180 is read back
/// as written, rows keep the numbers a spreadsheet shows, and a file of any shape is read to its end without an exception.
/// </summary>
public sealed class CsvTableProperties
{
    private static readonly Gen<CsvCase> Files = Seeded.From(random =>
    {
        var delimiter = random.Pick(CsvFiles.Delimiters);
        var width = random.Next(2, 7);
        var header = (random.Chance(2) ? "\uFEFF" : string.Empty) + string.Join(delimiter, Enumerable.Range(0, width).Select(_ => random.Text("abcdefghijklmnopqrstuvwxyz_", 1, 10)));
        var rows = Enumerable.Range(0, random.Next(7)).Select(_ => Enumerable.Range(0, width).Select(_ => CsvFiles.NewField(random)).ToArray()).ToArray();
        return new CsvCase(
            delimiter,
            header,
            rows,
            [.. rows.Select(_ => random.Chance(6) ? random.Next(1, 3) : 0)],
            random.Chance(3),
            random.Pick(["\r\n", "\n"]));
    });

    [Property(MaxTest = Generated.Inputs)]
    public Property TryReadRow_FileWrittenByRfc4180_ReadsEveryFieldBackWithItsRowNumber_R1() => Prop.ForAll(Arb.From(Files), file =>
    {
        var table = new CsvTable(new StringReader(file.Text));

        var header = table.ReadHeader();

        Assert.Equal(file.Header.TrimStart('\uFEFF').Split(file.Delimiter), header);
        var row = 1;
        for (var i = 0; i < file.Rows.Length; i++)
        {
            row += file.BlankLinesBefore[i] + 1;
            if (file.Rows[i].All(f => CsvFiles.ReadBack(f).Trim().Length == 0))
            {
                continue;
            }

            Expect.That(table.TryReadRow(out var number, out var fields, out var unclosed), () => $"row {row} missing in {Shown.Text(file.Text)}");
            Expect.That(number == row && !unclosed, () => $"row {number}, expected {row}, in {Shown.Text(file.Text)}");
            Expect.That(fields is not null && fields.SequenceEqual(file.Rows[i].Select(CsvFiles.ReadBack)), () => $"row {row} of {Shown.Text(file.Text)}: {string.Join(" | ", fields?.Select(Shown.Text) ?? [])}");
        }

        Expect.That(!table.TryReadRow(out _, out _, out _), () => Shown.Text(file.Text));
    });

    [Property(MaxTest = Generated.Inputs)]
    public Property TryReadRow_AnyText_NeverThrows_AndEndsWithIncreasingRowNumbers_R1() => Prop.ForAll(
        NearValid.NonNullInputs(Files.Select(file => file.Text)),
        text =>
        {
            var table = new CsvTable(new StringReader(text));
            var previous = 1;

            if (table.ReadHeader() is null)
            {
                return;
            }

            while (table.TryReadRow(out var number, out _, out var unclosed))
            {
                Expect.That(number > previous, () => Shown.Text(text));
                previous = number;
                if (unclosed)
                {
                    Expect.That(!table.TryReadRow(out _, out _, out _), () => Shown.Text(text));
                    return;
                }
            }
        });

    private sealed record CsvCase(char Delimiter, string Header, string[][] Rows, int[] BlankLinesBefore, bool QuoteAll, string Newline)
    {
        public string Text => CsvFiles.File(
            Header,
            Rows.Select((row, i) => string.Concat(Enumerable.Repeat(Newline, BlankLinesBefore[i])) + CsvFiles.Record(row, Delimiter, QuoteAll)),
            Newline);

        public override string ToString() => Shown.Text(Text);
    }
}
