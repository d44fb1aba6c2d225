using System.Globalization;
using Microsoft.Extensions.Options;
using Uonet.Access.Diagnostics;
using Uonet.Access.Records;

namespace Uonet.Access.Mail;

/// <summary>
/// Renders a mail through the templates into an outbox entry with its stable Message-Id, its bodies and link already
/// protected: the store never sees them in clear.
/// </summary>
internal sealed class MailComposer(IMailTemplates templates, IMailProtector protector, TimeProvider time, IOptions<UonetAccessOptions> options)
{
    private readonly MailOptions _options = options.Value.Mail;

    public CultureInfo CultureOrDefault(CultureInfo? culture) => culture ?? CultureInfo.GetCultureInfo(_options.DefaultCulture);

    public OutboxMessage Compose(MailKind kind, SchoolInstance instance, string recipient, CultureInfo? culture, Uri? link = null, DateTimeOffset? expiresAt = null, string? deviceName = null, string? passkeyName = null)
    {
        var now = time.GetUtcNow();
        var content = templates.Render(kind, new MailTemplateModel
        {
            Recipient = recipient,
            InstanceName = instance.Name,
            InstanceUrl = instance.BaseUrl,
            Link = link,
            ExpiresAt = expiresAt,
            DeviceName = deviceName,
            PasskeyName = passkeyName,
            OccurredAt = now,
        }, CultureOrDefault(culture));
        var id = Guid.CreateVersion7(now);
        AccessTelemetry.MailsQueued.Add(1, new KeyValuePair<string, object?>("kind", kind.ToString()));
        return OutboxProtection.Protect(protector, new OutboxMessage
        {
            Id = id,
            MessageId = $"<{id:N}@{_options.MessageIdDomain}>",
            InstanceSymbol = instance.Symbol,
            Kind = kind,
            To = recipient,
            Subject = content.Subject,
            TextBody = content.TextBody,
            HtmlBody = content.HtmlBody,
            Link = link?.ToString(),
            CreatedAt = now,
            NextAttemptAt = now,
        });
    }
}
