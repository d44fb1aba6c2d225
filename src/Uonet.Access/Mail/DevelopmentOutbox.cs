using Uonet.Access.Storage;

namespace Uonet.Access.Mail;

/// <summary>
/// The outbox as a development page or an operator's tool shows it: messages with their bodies and link in clear
/// (the store keeps them protected, see <see cref="IMailProtector"/>). Never expose it to the public: it shows the
/// first-login links waiting to be delivered.
/// </summary>
public sealed class DevelopmentOutbox
{
    private readonly IOutboxStore _outbox;
    private readonly IMailProtector _protector;

    /// <summary>Creates the view (normally resolved from DI).</summary>
    public DevelopmentOutbox(IOutboxStore outbox, IMailProtector protector)
    {
        _outbox = outbox ?? throw new ArgumentNullException(nameof(outbox));
        _protector = protector ?? throw new ArgumentNullException(nameof(protector));
    }

    /// <summary>
    /// Lists messages, newest first, optionally only to one normalized address, unprotected. A delivered message has
    /// no bodies or link any more (erased when it was sent).
    /// </summary>
    /// <param name="to">A normalized address, or <see langword="null"/> for all.</param>
    /// <param name="limit">At most this many.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    public async Task<IReadOnlyList<DevelopmentOutboxEntry>> ListAsync(string? to, int limit, CancellationToken cancellationToken = default)
    {
        var stored = await _outbox.ListAsync(to, limit, cancellationToken).ConfigureAwait(false);
        return [.. stored.Select(message => OutboxProtection.Reveal(_protector, message, out var error) is { } clear
            ? new DevelopmentOutboxEntry(clear, null)
            : new DevelopmentOutboxEntry(message with { TextBody = string.Empty, HtmlBody = string.Empty, Link = null }, error))];
    }
}

/// <summary>One message of <see cref="DevelopmentOutbox"/>.</summary>
/// <param name="Message">The message with its bodies and link in clear (empty when they could not be read).</param>
/// <param name="UnreadableReason">Why the bodies and link could not be read (e.g. their key is not configured), or <see langword="null"/>.</param>
public sealed record DevelopmentOutboxEntry(OutboxMessage Message, string? UnreadableReason);
