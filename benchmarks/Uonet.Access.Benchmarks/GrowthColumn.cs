using System.Globalization;
using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;

namespace Uonet.Access.Benchmarks;

/// <summary>
/// A row's median over the median of the same method and the same other parameters at the smallest value of
/// <paramref name="parameter"/>: how much slower the call gets as the data grows (1.00 for the smallest).
/// </summary>
internal sealed class GrowthColumn(string parameter) : IColumn
{
    public string Id => $"{nameof(GrowthColumn)}.{parameter}";

    public string ColumnName => $"÷ smallest {parameter}";

    public bool AlwaysShow => true;

    public ColumnCategory Category => ColumnCategory.Custom;

    public int PriorityInCategory => 0;

    public bool IsNumeric => true;

    public UnitType UnitType => UnitType.Dimensionless;

    public string Legend => $"Median over the median of the same method and parameters at the smallest {parameter}";

    public string GetValue(Summary summary, BenchmarkCase benchmarkCase) => GetValue(summary, benchmarkCase, summary.Style);

    public string GetValue(Summary summary, BenchmarkCase benchmarkCase, SummaryStyle style)
    {
        var smallest = summary.BenchmarksCases
            .Where(c => c.Descriptor == benchmarkCase.Descriptor && Others(c) == Others(benchmarkCase))
            .MinBy(c => Convert.ToInt64(c.Parameters[parameter], CultureInfo.InvariantCulture));
        var measured = summary[benchmarkCase]?.ResultStatistics;
        var reference = smallest is null ? null : summary[smallest]?.ResultStatistics;
        return measured is null || reference is null
            ? "?"
            : (measured.Median / reference.Median).ToString("0.00", CultureInfo.InvariantCulture);
    }

    public bool IsAvailable(Summary summary) => true;

    public bool IsDefault(Summary summary, BenchmarkCase benchmarkCase) => false;

    public override string ToString() => ColumnName;

    private string Others(BenchmarkCase benchmarkCase) =>
        string.Join(";", benchmarkCase.Parameters.Items.Where(p => p.Name != parameter).Select(p => $"{p.Name}={p.Value}"));
}
