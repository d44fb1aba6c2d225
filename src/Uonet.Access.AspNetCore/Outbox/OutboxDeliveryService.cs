using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Uonet.Access.AspNetCore.Hosting;
using Uonet.Access.Mail;

namespace Uonet.Access.AspNetCore.Outbox;

/// <summary>
/// Delivers the library's outbox every <see cref="UonetAccessAspNetCoreOptions.OutboxDeliveryInterval"/> (off when it
/// is <see langword="null"/>). A failed round is logged and the next tick tries again: the outbox keeps every message.
/// </summary>
internal sealed partial class OutboxDeliveryService(OutboxDispatcher dispatcher, TimeProvider time, IOptions<UonetAccessAspNetCoreOptions> options, ILogger<OutboxDeliveryService> logger) : RecurringWork(time)
{
    protected override TimeSpan? Interval => options.Value.OutboxDeliveryInterval;

    internal override async Task RunRoundAsync(CancellationToken cancellationToken)
    {
        try
        {
            var report = await dispatcher.DispatchPendingAsync(cancellationToken).ConfigureAwait(false);
            if (report.Sent + report.Failed > 0)
            {
                Delivered(logger, report.Sent, report.Failed);
            }
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            DeliveryFailed(logger, exception);
        }
    }

    [LoggerMessage(EventId = 9311, Level = LogLevel.Information, Message = "Outbox: {Sent} sent, {Failed} failed")]
    private static partial void Delivered(ILogger logger, int sent, int failed);

    [LoggerMessage(EventId = 9312, Level = LogLevel.Error, Message = "Outbox delivery failed")]
    private static partial void DeliveryFailed(ILogger logger, Exception exception);
}
