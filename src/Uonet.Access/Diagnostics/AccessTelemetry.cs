using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace Uonet.Access.Diagnostics;

/// <summary>The names under which the library publishes traces and metrics.</summary>
public static class AccessTelemetry
{
    /// <summary>The name of the <see cref="Meter"/> and the <see cref="ActivitySource"/>: <c>Uonet.Access</c>.</summary>
    public const string Name = "Uonet.Access";

    internal static readonly ActivitySource ActivitySource = new(Name);

    internal static readonly Meter Meter = new(Name);

    internal static readonly Counter<long> RecordChanges = Meter.CreateCounter<long>(
        "uonet_access.record.changes", unit: "{change}", description: "Changes to pupils' records, by action.");

    internal static readonly Counter<long> Resolutions = Meter.CreateCounter<long>(
        "uonet_access.resolution.count", unit: "{resolution}", description: "Resolutions of the pupils an e-mail may see.");
}
