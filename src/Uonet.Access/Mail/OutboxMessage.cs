namespace Uonet.Access.Mail;

/// <summary>
/// A mail waiting in (or delivered from) the outbox. Workflows write it in the same atomic store write as the change
/// it reports, and the <see cref="OutboxDispatcher"/> delivers it later with retries, so no mail is lost or invented.
/// </summary>
public sealed record OutboxMessage
{
    /// <summary>The outbox entry's id.</summary>
    public required Guid Id { get; init; }

    /// <summary>The RFC 5322 Message-Id, stable across retries so a resend is recognisable: <c>&lt;id@domain&gt;</c>.</summary>
    public required string MessageId { get; init; }

    /// <summary>The instance the mail concerns, if any.</summary>
    public string? InstanceSymbol { get; init; }

    /// <summary>What the mail is.</summary>
    public required MailKind Kind { get; init; }

    /// <summary>The recipient's address.</summary>
    public required string To { get; init; }

    /// <summary>The subject.</summary>
    public required string Subject { get; init; }

    /// <summary>The plain-text body: protected in the store (<see cref="IMailProtector"/>), in clear for a sender; empty once delivered.</summary>
    public required string TextBody { get; init; }

    /// <summary>The HTML body: protected in the store, in clear for a sender; empty once delivered.</summary>
    public required string HtmlBody { get; init; }

    /// <summary>
    /// The link the mail carries (first-login / restore link), for development pages (<see cref="DevelopmentOutbox"/>);
    /// else <see langword="null"/>. Protected in the store; erased once delivered.
    /// </summary>
    public string? Link { get; init; }

    /// <summary>When it was queued.</summary>
    public required DateTimeOffset CreatedAt { get; init; }

    /// <summary>Delivery attempts made so far.</summary>
    public int Attempts { get; init; }

    /// <summary>When the next delivery attempt is due.</summary>
    public required DateTimeOffset NextAttemptAt { get; init; }

    /// <summary>Until when a dispatcher holds the message (so two dispatchers never send it at once).</summary>
    public DateTimeOffset? ClaimedUntil { get; init; }

    /// <summary>When it was delivered, if it was.</summary>
    public DateTimeOffset? SentAt { get; init; }

    /// <summary>The last delivery error (no secrets), if any.</summary>
    public string? LastError { get; init; }
}

/// <summary>The kinds of mail the library sends.</summary>
public enum MailKind
{
    /// <summary>The first-login / restore-access link (R3, R4).</summary>
    AccessLink = 1,

    /// <summary>The address is not registered at this school, and whom to ask (sent instead of a link).</summary>
    NotRegistered = 2,

    /// <summary>The password was set.</summary>
    PasswordSet = 3,

    /// <summary>The e-mail address changed; the old account was closed (R9).</summary>
    EmailChanged = 4,

    /// <summary>A new mobile device was registered (R7).</summary>
    NewDevice = 5,

    /// <summary>The account was closed because no pupil's record lists the address any more (R1, R2).</summary>
    AccountClosed = 6,

    /// <summary>The second factor (TOTP) was switched on, or its recovery codes were replaced.</summary>
    SecondFactorEnabled = 7,

    /// <summary>The second factor (TOTP) was switched off.</summary>
    SecondFactorDisabled = 8,

    /// <summary>A passkey was added to the account.</summary>
    PasskeyAdded = 9,

    /// <summary>A passkey was removed from the account.</summary>
    PasskeyRemoved = 10,
}
