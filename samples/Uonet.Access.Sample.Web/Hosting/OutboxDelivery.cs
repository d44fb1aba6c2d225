using Microsoft.Extensions.Options;
using Uonet.Access.Mail;

namespace Uonet.Access.Sample.Web.Hosting;

/// <summary>Delivers the library's outbox on a timer (SMTP, or the pickup folder in development).</summary>
internal sealed partial class OutboxDelivery(OutboxDispatcher dispatcher, TimeProvider time, IOptions<PortalOptions> options, ILogger<OutboxDelivery> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.MailDispatchInterval, time);
        do
        {
            try
            {
                var report = await dispatcher.DispatchPendingAsync(stoppingToken);
                if (report.Sent + report.Failed > 0)
                {
                    Delivered(logger, report.Sent, report.Failed);
                }
            }
            catch (Exception exception) when (exception is not OperationCanceledException)
            {
                // The outbox keeps every message; the next tick tries again.
                DeliveryFailed(logger, exception);
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }

    [LoggerMessage(EventId = 9101, Level = LogLevel.Information, Message = "Outbox: {Sent} sent, {Failed} failed")]
    private static partial void Delivered(ILogger logger, int sent, int failed);

    [LoggerMessage(EventId = 9102, Level = LogLevel.Error, Message = "Outbox delivery failed")]
    private static partial void DeliveryFailed(ILogger logger, Exception exception);
}
