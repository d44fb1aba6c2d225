using System.Globalization;

namespace Uonet.Access.EntityFrameworkCore.Tests.Infrastructure;

/// <summary>Starts the EF Core store's RaceWorker program (an EF Core store and connection pool of its own) on a database.</summary>
internal static class RaceWorkers
{
    /// <summary>Starts the worker on <paramref name="connectionString"/> and waits until it is ready to race.</summary>
    public static Task<RaceWorkerProcess> StartAsync(string mode, string connectionString, DateTimeOffset now, int callers, string target) =>
        RaceWorkerProcess.StartAsync(
            "Uonet.Access.EntityFrameworkCore.RaceWorker",
            mode, connectionString, now.ToString("O"), callers.ToString(CultureInfo.InvariantCulture), target);
}
