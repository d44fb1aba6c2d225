using Uonet.Access.Mail;

namespace Uonet.Access.Storage;

/// <summary>
/// The outbox of mail. Claims are leases: a dispatcher that dies leaves its claim to expire, and the message is
/// claimed again, so nothing is lost; two dispatchers never hold the same message at once. Bodies and link arrive
/// protected (<see cref="IMailProtector"/>): a store keeps them as they come and never sees them in clear.
/// </summary>
public interface IOutboxStore
{
    /// <summary>Queues a mail on its own (workflows normally queue through the credential store's atomic writes).</summary>
    Task EnqueueAsync(OutboxMessage message, CancellationToken cancellationToken);

    /// <summary>
    /// Claims up to <paramref name="maxCount"/> unsent messages due at <paramref name="now"/> and not claimed by
    /// anyone (or whose claim expired), oldest first, marking them claimed until <paramref name="claimUntil"/>.
    /// </summary>
    Task<IReadOnlyList<OutboxMessage>> ClaimDueAsync(DateTimeOffset now, int maxCount, DateTimeOffset claimUntil, CancellationToken cancellationToken);

    /// <summary>
    /// Marks a message delivered and releases its claim, erasing its bodies (to empty text) and link (to
    /// <see langword="null"/>) in the same write: a delivered message keeps only what operators need.
    /// </summary>
    Task MarkSentAsync(Guid id, DateTimeOffset sentAt, CancellationToken cancellationToken);

    /// <summary>Records a failed attempt, releases the claim, and schedules the next attempt.</summary>
    Task MarkFailedAsync(Guid id, DateTimeOffset nextAttemptAt, string error, CancellationToken cancellationToken);

    /// <summary>Lists messages, newest first, optionally only to one normalized address (for development pages and tools).</summary>
    Task<IReadOnlyList<OutboxMessage>> ListAsync(string? to, int limit, CancellationToken cancellationToken);
}
