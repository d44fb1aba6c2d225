namespace Uonet.Access.Mail;

/// <summary>Delivers one mail (SMTP, a pickup folder, a provider's API). Called only by the <see cref="OutboxDispatcher"/>.</summary>
public interface IMailSender
{
    /// <summary>Delivers <paramref name="message"/> with its <see cref="OutboxMessage.MessageId"/>.</summary>
    /// <returns>Delivered, or a failure that is <see cref="MailDeliveryStatus.TransientFailure"/> (retry later) or <see cref="MailDeliveryStatus.PermanentFailure"/> (retry much later; never dropped).</returns>
    Task<MailDeliveryResult> SendAsync(OutboxMessage message, CancellationToken cancellationToken);
}

/// <summary>The outcome of one delivery attempt.</summary>
/// <param name="Status">Delivered or which kind of failure.</param>
/// <param name="Error">What went wrong (no secrets), for the outbox and the logs.</param>
public sealed record MailDeliveryResult(MailDeliveryStatus Status, string? Error = null)
{
    /// <summary>A successful delivery.</summary>
    public static MailDeliveryResult Delivered { get; } = new(MailDeliveryStatus.Delivered);
}

/// <summary>Delivered, or which kind of failure.</summary>
public enum MailDeliveryStatus
{
    /// <summary>The message was accepted for delivery.</summary>
    Delivered = 0,

    /// <summary>A failure that may pass (server down, timeout, 4xx): retry soon.</summary>
    TransientFailure = 1,

    /// <summary>A failure that will not pass by itself (5xx, bad address): retry rarely, alert an operator.</summary>
    PermanentFailure = 2,
}
