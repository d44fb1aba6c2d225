using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Uonet.Access.Retention;

namespace Uonet.Access.AspNetCore.Retention;

/// <summary>
/// Runs <see cref="RetentionRun"/> on a timer when <see cref="UonetAccessAspNetCoreOptions.RetentionInterval"/> is set.
/// A failed run is logged and the next tick tries again; several web nodes may run it together (each batch is its own
/// short unit, so they only share the work).
/// </summary>
internal sealed partial class RetentionService(RetentionRun retention, TimeProvider time, IOptions<UonetAccessAspNetCoreOptions> options, ILogger<RetentionService> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (options.Value.RetentionInterval is not { } interval)
        {
            return;
        }

        using var timer = new PeriodicTimer(interval, time);
        do
        {
            await RunOnceAsync(stoppingToken).ConfigureAwait(false);
        }
        while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false));
    }

    internal async Task RunOnceAsync(CancellationToken cancellationToken)
    {
        try
        {
            var report = await retention.RunAsync(cancellationToken).ConfigureAwait(false);
            if (report.Total > 0)
            {
                Cleaned(logger, report.Total, report);
            }
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            RunFailed(logger, exception);
        }
    }

    [LoggerMessage(EventId = 9321, Level = LogLevel.Information, Message = "Retention: {Total} rows removed ({Report})")]
    private static partial void Cleaned(ILogger logger, int total, RetentionReport report);

    [LoggerMessage(EventId = 9322, Level = LogLevel.Error, Message = "Retention run failed")]
    private static partial void RunFailed(ILogger logger, Exception exception);
}
