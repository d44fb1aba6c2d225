using System.Globalization;

namespace Uonet.Access.PostgreSql.Tests.Infrastructure;

/// <summary>Starts the PostgreSQL store's RaceWorker program on a scratch schema.</summary>
internal static class RaceWorkers
{
    /// <summary>Starts the worker and waits until it is connected and ready to race.</summary>
    /// <param name="connection">The test server's connection string unless given (the worker also takes a shard map).</param>
    public static Task<RaceWorkerProcess> StartAsync(string mode, string schema, DateTimeOffset now, int callers, string target = "", string? connection = null) =>
        RaceWorkerProcess.StartAsync(
            "Uonet.Access.PostgreSql.RaceWorker",
            mode, connection ?? ScratchSchema.ConnectionString, schema, now.ToString("O"), callers.ToString(CultureInfo.InvariantCulture), target);
}
