using Uonet.Access.PostgreSql.Tests.Infrastructure;

namespace Uonet.Access.PostgreSql.Tests.AcrossInstances;

/// <summary>
/// Two application instances (web nodes) behind one load balancer, sharing one PostgreSQL schema and nothing else; their
/// clocks are kept in step, as NTP keeps real nodes'.
/// </summary>
internal sealed class TwoInstances : IAsyncDisposable
{
    private TwoInstances(AppInstance first, AppInstance second)
    {
        First = first;
        Second = second;
    }

    public AppInstance First { get; }

    public AppInstance Second { get; }

    /// <summary>Both instances, the first one first.</summary>
    public AppInstance[] Both => [First, Second];

    public static TwoInstances Start(ScratchSchema schema, Action<UonetAccessOptions>? configure = null) =>
        new(AppInstance.Start(schema, "node-a", configure), AppInstance.Start(schema, "node-b", configure));

    /// <summary>The instance that serves request number <paramref name="index"/> when requests alternate between them.</summary>
    public AppInstance Serving(int index) => index % 2 == 0 ? First : Second;

    public void Advance(TimeSpan by)
    {
        First.Time.Advance(by);
        Second.Time.Advance(by);
    }

    public async ValueTask DisposeAsync()
    {
        await First.DisposeAsync();
        await Second.DisposeAsync();
    }
}
