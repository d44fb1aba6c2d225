using System.Globalization;
using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;

namespace Uonet.Access.Benchmarks;

/// <summary>
/// An EF Core row's median over the median of the same method and other parameters on the hand-written store of the
/// same engine (<see cref="BenchmarkStores.HandWritten"/>): how much the EF Core store costs beyond it, from one run.
/// Empty for the other stores' rows.
/// </summary>
internal sealed class HandWrittenColumn : IColumn
{
    private const string Store = "Store";

    public string Id => nameof(HandWrittenColumn);

    public string ColumnName => "÷ hand-written";

    public bool AlwaysShow => true;

    public ColumnCategory Category => ColumnCategory.Custom;

    public int PriorityInCategory => 1;

    public bool IsNumeric => true;

    public UnitType UnitType => UnitType.Dimensionless;

    public string Legend => "EF Core rows: median over the median of the same method and parameters on the hand-written store of the same engine";

    public string GetValue(Summary summary, BenchmarkCase benchmarkCase) => GetValue(summary, benchmarkCase, summary.Style);

    public string GetValue(Summary summary, BenchmarkCase benchmarkCase, SummaryStyle style)
    {
        if (benchmarkCase.Parameters[Store] is not StoreKind kind || BenchmarkStores.HandWritten(kind) is not { } handWritten)
        {
            return "-";
        }

        var reference = summary.BenchmarksCases.FirstOrDefault(c =>
            c.Descriptor == benchmarkCase.Descriptor && c.Parameters[Store] is StoreKind other && other == handWritten && Others(c) == Others(benchmarkCase));
        var measured = summary[benchmarkCase]?.ResultStatistics;
        var baseline = reference is null ? null : summary[reference]?.ResultStatistics;
        return measured is null || baseline is null
            ? "?"
            : (measured.Median / baseline.Median).ToString("0.00", CultureInfo.InvariantCulture);
    }

    public bool IsAvailable(Summary summary) => true;

    public bool IsDefault(Summary summary, BenchmarkCase benchmarkCase) => false;

    public override string ToString() => ColumnName;

    private static string Others(BenchmarkCase benchmarkCase) =>
        string.Join(";", benchmarkCase.Parameters.Items.Where(p => p.Name != Store).Select(p => $"{p.Name}={p.Value}"));
}
