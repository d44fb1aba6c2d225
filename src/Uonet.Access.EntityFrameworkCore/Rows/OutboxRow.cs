using Uonet.Access.Mail;

namespace Uonet.Access.EntityFrameworkCore.Rows;

internal sealed class OutboxRow
{
    public Guid Id { get; set; }

    public required string MessageId { get; set; }

    public string? InstanceSymbol { get; set; }

    public int Kind { get; set; }

    public required string ToAddress { get; set; }

    public required string Subject { get; set; }

    public required string TextBody { get; set; }

    public required string HtmlBody { get; set; }

    public string? Link { get; set; }

    public long CreatedAt { get; set; }

    public int Attempts { get; set; }

    public long NextAttemptAt { get; set; }

    public long? ClaimedUntil { get; set; }

    /// <summary>Which claim holds the message: a dispatcher reads back exactly the rows its own conditional write took.</summary>
    public Guid? ClaimId { get; set; }

    public long? SentAt { get; set; }

    public string? LastError { get; set; }

    public static OutboxRow From(OutboxMessage mail) => new()
    {
        Id = mail.Id,
        MessageId = mail.MessageId,
        InstanceSymbol = mail.InstanceSymbol,
        Kind = (int)mail.Kind,
        ToAddress = mail.To,
        Subject = mail.Subject,
        TextBody = mail.TextBody,
        HtmlBody = mail.HtmlBody,
        Link = mail.Link,
        CreatedAt = StoredTime.From(mail.CreatedAt),
        Attempts = mail.Attempts,
        NextAttemptAt = StoredTime.From(mail.NextAttemptAt),
        ClaimedUntil = StoredTime.From(mail.ClaimedUntil),
        SentAt = StoredTime.From(mail.SentAt),
        LastError = mail.LastError,
    };

    public OutboxMessage ToMessage() => new()
    {
        Id = Id,
        MessageId = MessageId,
        InstanceSymbol = InstanceSymbol,
        Kind = (MailKind)Kind,
        To = ToAddress,
        Subject = Subject,
        TextBody = TextBody,
        HtmlBody = HtmlBody,
        Link = Link,
        CreatedAt = StoredTime.To(CreatedAt),
        Attempts = Attempts,
        NextAttemptAt = StoredTime.To(NextAttemptAt),
        ClaimedUntil = StoredTime.To(ClaimedUntil),
        SentAt = StoredTime.To(SentAt),
        LastError = LastError,
    };
}
