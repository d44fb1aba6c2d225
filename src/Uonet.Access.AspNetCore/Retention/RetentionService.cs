using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Uonet.Access.AspNetCore.Hosting;
using Uonet.Access.Retention;

namespace Uonet.Access.AspNetCore.Retention;

/// <summary>
/// Runs <see cref="RetentionRun"/> on a timer when <see cref="UonetAccessAspNetCoreOptions.RetentionInterval"/> is set.
/// A failed run is logged and the next tick tries again; several web nodes may run it together (each batch is its own
/// short unit, so they only share the work).
/// </summary>
internal sealed partial class RetentionService(RetentionRun retention, TimeProvider time, IOptions<UonetAccessAspNetCoreOptions> options, ILogger<RetentionService> logger) : RecurringWork(time)
{
    protected override TimeSpan? Interval => options.Value.RetentionInterval;

    internal override async Task RunRoundAsync(CancellationToken cancellationToken)
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
