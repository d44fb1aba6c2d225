namespace Uonet.Access.Mail;

/// <summary>Protects a composed message's bodies and link for the store, and reveals them for delivery or a development view.</summary>
internal static class OutboxProtection
{
    public static OutboxMessage Protect(IMailProtector protector, OutboxMessage message) => message with
    {
        TextBody = protector.Protect(message.TextBody),
        HtmlBody = protector.Protect(message.HtmlBody),
        Link = message.Link is null ? null : protector.Protect(message.Link),
    };

    /// <summary>
    /// The message with its bodies and link in clear, or the reason they cannot be read. A delivered message, whose
    /// bodies and link were erased, comes back as it is.
    /// </summary>
    public static OutboxMessage? Reveal(IMailProtector protector, OutboxMessage message, out string? error)
    {
        error = null;
        if (!TryReveal(protector, message.TextBody, out var text, ref error)
            || !TryReveal(protector, message.HtmlBody, out var html, ref error)
            || !TryReveal(protector, message.Link, out var link, ref error))
        {
            return null;
        }

        return message with { TextBody = text!, HtmlBody = html!, Link = link };
    }

    private static bool TryReveal(IMailProtector protector, string? stored, out string? value, ref string? error)
    {
        if (string.IsNullOrEmpty(stored))
        {
            value = stored;
            return true;
        }

        if (protector.TryUnprotect(stored, out value, out var problem))
        {
            return true;
        }

        error = problem;
        return false;
    }
}
