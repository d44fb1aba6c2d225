using System.Diagnostics;
using Uonet.Access.PostgreSql.Tests.Infrastructure;

namespace Uonet.Access.PostgreSql.Tests.Sharding;

/// <summary>
/// A PostgreSQL cluster of one test's own (eng/postgres.sh), so that the test may stop it — a real server that stops
/// answering — without disturbing the clusters other tests share; deleted when disposed.
/// </summary>
internal sealed class ThrowawayCluster : IDisposable
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), $"uonet-access-pg-stopped-{Guid.NewGuid():N}");

    private ThrowawayCluster()
    {
    }

    /// <summary>The connection string of the running cluster (its port changes with each start).</summary>
    public string ConnectionString { get; private set; } = string.Empty;

    public static async Task<ThrowawayCluster> StartAsync()
    {
        var cluster = new ThrowawayCluster();
        await cluster.RestartAsync();
        return cluster;
    }

    /// <summary>Starts the cluster again on its data (a fresh port).</summary>
    public async Task RestartAsync() => ConnectionString = await RunAsync("start");

    /// <summary>Stops the server: connections to it are refused from now on.</summary>
    public Task StopAsync() => RunAsync("stop");

    public void Dispose()
    {
        RunAsync("stop").GetAwaiter().GetResult();
        Directory.Delete(_folder, recursive: true);
    }

    private async Task<string> RunAsync(string command)
    {
        using var process = Process.Start(new ProcessStartInfo("bash", [PostgresServer.Script, command, _folder])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        }) ?? throw new InvalidOperationException("bash could not be started to run eng/postgres.sh.");
        var errors = process.StandardError.ReadToEndAsync();
        var output = await process.StandardOutput.ReadToEndAsync();
        await process.WaitForExitAsync();
        return process.ExitCode == 0
            ? output.Trim()
            : throw new InvalidOperationException($"eng/postgres.sh {command} failed: {await errors}");
    }
}
