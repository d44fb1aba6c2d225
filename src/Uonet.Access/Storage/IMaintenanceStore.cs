using Uonet.Access.Maintenance;

namespace Uonet.Access.Storage;

/// <summary>Stores maintenance windows (R10).</summary>
public interface IMaintenanceStore
{
    /// <summary>Adds a window.</summary>
    Task AddMaintenanceWindowAsync(MaintenanceWindow window, CancellationToken cancellationToken);

    /// <summary>
    /// Windows that concern <paramref name="symbol"/> (its own and the global ones; with <see langword="null"/> only the
    /// global ones) and are not ended at <paramref name="now"/>, whether started or scheduled, ordered by start.
    /// </summary>
    Task<IReadOnlyList<MaintenanceWindow>> ListMaintenanceWindowsAsync(string? symbol, DateTimeOffset now, CancellationToken cancellationToken);

    /// <summary>Ends a window at <paramref name="endedAt"/>; false when unknown or already ended.</summary>
    Task<bool> EndMaintenanceWindowAsync(Guid windowId, DateTimeOffset endedAt, CancellationToken cancellationToken);
}
