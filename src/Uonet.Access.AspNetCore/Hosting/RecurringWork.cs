using Microsoft.Extensions.Hosting;

namespace Uonet.Access.AspNetCore.Hosting;

/// <summary>
/// Background work that runs once at start and then every interval on the host's <see cref="TimeProvider"/> (so tests
/// drive it with a fake clock). A round's failure is the round's own business: <see cref="RunRoundAsync"/> logs it and
/// the next tick tries again, because the outbox and retention keep everything they have not finished.
/// </summary>
internal abstract class RecurringWork(TimeProvider time) : BackgroundService
{
    /// <summary>How often to run; <see langword="null"/> switches the work off.</summary>
    protected abstract TimeSpan? Interval { get; }

    /// <summary>One round. Must not throw except when cancelled.</summary>
    internal abstract Task RunRoundAsync(CancellationToken cancellationToken);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (Interval is not { } interval)
        {
            return;
        }

        using var timer = new PeriodicTimer(interval, time);
        do
        {
            await RunRoundAsync(stoppingToken).ConfigureAwait(false);
        }
        while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false));
    }
}
