using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Uonet.Access.Diagnostics;
using Uonet.Access.Storage;

namespace Uonet.Access.Mail;

/// <summary>
/// Delivers queued mail through the <see cref="IMailSender"/>: claims due messages (a lease, so two dispatchers never
/// send one message at once), sends each, marks it delivered or schedules a retry with exponential backoff. A message
/// is never dropped. Bodies and link are unprotected (<see cref="IMailProtector"/>) just before sending; a message
/// whose key is not configured any more is not sent (never as an empty mail) and is reported with its error. Hosts call <see cref="DispatchPendingAsync"/> on a timer or a background service.
/// </summary>
public sealed class OutboxDispatcher
{
    private static readonly TimeSpan MinimumDelay = TimeSpan.FromSeconds(1);

    private readonly IOutboxStore _outbox;
    private readonly IMailSender _sender;
    private readonly IMailProtector _protector;
    private readonly TimeProvider _time;
    private readonly MailOptions _options;
    private readonly ILogger _logger;

    /// <summary>Creates the dispatcher (normally resolved from DI).</summary>
    public OutboxDispatcher(IOutboxStore outbox, IMailSender sender, IMailProtector protector, TimeProvider time, IOptions<UonetAccessOptions> options, ILogger<OutboxDispatcher>? logger = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        _outbox = outbox ?? throw new ArgumentNullException(nameof(outbox));
        _sender = sender ?? throw new ArgumentNullException(nameof(sender));
        _protector = protector ?? throw new ArgumentNullException(nameof(protector));
        _time = time ?? throw new ArgumentNullException(nameof(time));
        _options = options.Value.Mail;
        _logger = logger ?? (ILogger)NullLogger.Instance;
    }

    /// <summary>Delivers every message due now, batch by batch, until none is left.</summary>
    /// <param name="cancellationToken">Stops between messages; a claimed but unsent message is retried after its claim expires.</param>
    public async Task<OutboxDispatchReport> DispatchPendingAsync(CancellationToken cancellationToken = default)
    {
        var sent = 0;
        var failed = 0;
        var unreadable = new List<string>();

        // "Due" is judged against the moment the run began: a message that fails is due again only after a positive
        // delay, so a run ends instead of retrying the same message, and never holds a claim it will not use.
        var runStartedAt = _time.GetUtcNow();
        while (true)
        {
            var batch = await _outbox.ClaimDueAsync(runStartedAt, _options.DispatchBatchSize, _time.GetUtcNow() + _options.ClaimDuration, cancellationToken).ConfigureAwait(false);
            foreach (var message in batch)
            {
                cancellationToken.ThrowIfCancellationRequested();
                if (await DeliverAsync(message, unreadable, cancellationToken).ConfigureAwait(false))
                {
                    sent++;
                }
                else
                {
                    failed++;
                }
            }

            if (batch.Count < _options.DispatchBatchSize)
            {
                break;
            }
        }

        return new OutboxDispatchReport(sent, failed) { Unreadable = unreadable.Count, UnreadableError = unreadable.FirstOrDefault() };
    }

    private async Task<bool> DeliverAsync(OutboxMessage message, List<string> unreadable, CancellationToken cancellationToken)
    {
        MailDeliveryResult result;
        var clear = OutboxProtection.Reveal(_protector, message, out var unreadableBecause);
        try
        {
            result = clear is null
                ? new MailDeliveryResult(MailDeliveryStatus.PermanentFailure, unreadableBecause)
                : await _sender.SendAsync(clear, cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            throw;
        }
        catch (ArgumentException exception)
        {
            // The sender refused the message itself (an address or header it cannot write): retrying soon cannot help.
            result = new MailDeliveryResult(MailDeliveryStatus.PermanentFailure, exception.GetType().Name + ": " + exception.Message);
        }
#pragma warning disable CA1031 // A sender's unexpected exception must not stop delivery of the other messages.
        catch (Exception exception)
#pragma warning restore CA1031
        {
            result = new MailDeliveryResult(MailDeliveryStatus.TransientFailure, exception.GetType().Name + ": " + exception.Message);
        }

        var now = _time.GetUtcNow();
        if (result.Status == MailDeliveryStatus.Delivered)
        {
            await _outbox.MarkSentAsync(message.Id, now, CancellationToken.None).ConfigureAwait(false);
            AccessTelemetry.MailsSent.Add(1, new KeyValuePair<string, object?>("kind", message.Kind.ToString()));
            LogEvents.MailSent(_logger, message.Id, message.Kind);
            return true;
        }

        var error = Truncate(result.Error ?? result.Status.ToString());
        if (clear is null)
        {
            unreadable.Add($"{message.Id}: {error}");
            LogEvents.MailUnreadable(_logger, message.Id, message.Kind, error);
        }

        var delay = result.Status == MailDeliveryStatus.PermanentFailure ? Max(_options.PermanentFailureDelay, MinimumDelay) : Backoff(message.Attempts);
        await _outbox.MarkFailedAsync(message.Id, now + delay, error, CancellationToken.None).ConfigureAwait(false);
        AccessTelemetry.MailsFailed.Add(1, new KeyValuePair<string, object?>("status", result.Status.ToString()));
        LogEvents.MailFailed(_logger, message.Id, message.Kind, result.Status, message.Attempts + 1, delay);
        return false;
    }

    private TimeSpan Backoff(int previousAttempts)
    {
        var factor = Math.Pow(2, Math.Min(previousAttempts, 20));
        var delay = TimeSpan.FromTicks((long)Math.Min(_options.RetryBaseDelay.Ticks * factor, _options.RetryMaxDelay.Ticks));
        return delay < MinimumDelay ? MinimumDelay : delay;
    }

    private static TimeSpan Max(TimeSpan a, TimeSpan b) => a > b ? a : b;

    private static string Truncate(string error) => error.Length <= 500 ? error : error[..500];
}

/// <summary>What one dispatch run did.</summary>
/// <param name="Sent">Messages delivered.</param>
/// <param name="Failed">Delivery attempts that failed (the messages stay queued for retry).</param>
public sealed record OutboxDispatchReport(int Sent, int Failed)
{
    /// <summary>
    /// Messages whose bodies or link could not be read (e.g. their protection key is not configured any more): never
    /// sent as an empty mail, kept queued and counted in <see cref="Failed"/> too.
    /// </summary>
    public int Unreadable { get; init; }

    /// <summary>Why the first of the <see cref="Unreadable"/> messages could not be read, with its id; else <see langword="null"/>.</summary>
    public string? UnreadableError { get; init; }
}
