namespace Uonet.Access.Mail;

/// <summary>Options of the mail the library queues and of the outbox dispatcher.</summary>
public sealed class MailOptions
{
    /// <summary>The sender address of every mail. Default <c>no-reply@uonet-access.local</c>; set it in production.</summary>
    public string FromAddress { get; set; } = "no-reply@uonet-access.local";

    /// <summary>The sender name. Default "Dziennik elektroniczny".</summary>
    public string FromName { get; set; } = "Dziennik elektroniczny";

    /// <summary>The domain part of Message-Ids (<c>&lt;id@domain&gt;</c>). Default <c>uonet-access.local</c>; use your mail domain.</summary>
    public string MessageIdDomain { get; set; } = "uonet-access.local";

    /// <summary>The language of mail when the caller names none: <c>pl-PL</c> (default) or an English culture.</summary>
    public string DefaultCulture { get; set; } = "pl-PL";

    /// <summary>
    /// Whether a first-login / restore request for an address that may not sign in gets a mail saying so and whom to
    /// ask (OWASP Forgot Password). Default <see langword="true"/>: the requester learns nothing on screen, and the
    /// owner of the address learns why no link came.
    /// </summary>
    public bool SendNotRegisteredNotice { get; set; } = true;

    /// <summary>The keys that protect queued mail's bodies and link at rest (AES-256-GCM). Required outside Development.</summary>
    public MailProtectionOptions Protection { get; } = new();

    /// <summary>Messages claimed per round of the dispatcher. Default 50.</summary>
    public int DispatchBatchSize { get; set; } = 50;

    /// <summary>How long a dispatcher holds claimed messages before another may take them. Default 5 minutes.</summary>
    public TimeSpan ClaimDuration { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>The delay after the first transient failure; it doubles per attempt up to <see cref="RetryMaxDelay"/>. Default 30 seconds; at least 1 second.</summary>
    public TimeSpan RetryBaseDelay { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>The longest delay between attempts after transient failures. Default 30 minutes.</summary>
    public TimeSpan RetryMaxDelay { get; set; } = TimeSpan.FromMinutes(30);

    /// <summary>The delay after a permanent failure: never dropped, retried rarely. Default 6 hours.</summary>
    public TimeSpan PermanentFailureDelay { get; set; } = TimeSpan.FromHours(6);
}
