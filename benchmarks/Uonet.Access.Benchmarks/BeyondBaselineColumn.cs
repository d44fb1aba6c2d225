using System.Globalization;
using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;

namespace Uonet.Access.Benchmarks;

/// <summary>
/// Median of a benchmark minus the median of its baseline, with the error margin of that difference: for a sign-in
/// whose baseline is the bare hash, "everything else" as the brief defines it. The margin is the square root of the sum
/// of the squared 99.9% margins of the two (BenchmarkDotNet's Error column), treating the runs as independent.
/// </summary>
internal sealed class BeyondBaselineColumn(params string[] methods) : IColumn
{
    private readonly HashSet<string> _methods = new(methods, StringComparer.Ordinal);

    public string Id => nameof(BeyondBaselineColumn);

    public string ColumnName => "Beyond hash";

    public bool AlwaysShow => true;

    public ColumnCategory Category => ColumnCategory.Custom;

    public int PriorityInCategory => 0;

    public bool IsNumeric => false;

    public UnitType UnitType => UnitType.Dimensionless;

    public string Legend => "Median minus the baseline's median (the hash alone), ± the combined 99.9% error margin";

    public string GetValue(Summary summary, BenchmarkCase benchmarkCase) => GetValue(summary, benchmarkCase, summary.Style);

    public string GetValue(Summary summary, BenchmarkCase benchmarkCase, SummaryStyle style)
    {
        if (!_methods.Contains(benchmarkCase.Descriptor.WorkloadMethod.Name))
        {
            return "-";
        }

        var baseline = summary.BenchmarksCases.FirstOrDefault(c =>
            c.Descriptor.Baseline && c.Descriptor.Type == benchmarkCase.Descriptor.Type && c.Parameters.DisplayInfo == benchmarkCase.Parameters.DisplayInfo);
        var measured = summary[benchmarkCase]?.ResultStatistics;
        var reference = baseline is null ? null : summary[baseline]?.ResultStatistics;
        if (measured is null || reference is null)
        {
            return "?";
        }

        var difference = measured.Median - reference.Median;
        var margin = Math.Sqrt(Math.Pow(measured.ConfidenceInterval.Margin, 2) + Math.Pow(reference.ConfidenceInterval.Margin, 2));
        // A single measurement (e.g. the dry job) has no confidence interval.
        return double.IsNaN(margin) ? Milliseconds(difference) : $"{Milliseconds(difference)} ± {Milliseconds(margin)}";
    }

    public bool IsAvailable(Summary summary) => true;

    public bool IsDefault(Summary summary, BenchmarkCase benchmarkCase) => false;

    public override string ToString() => ColumnName;

    private static string Milliseconds(double nanoseconds) =>
        (nanoseconds / 1_000_000).ToString("0.000", CultureInfo.InvariantCulture) + " ms";
}
