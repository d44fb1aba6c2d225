using System.Data.Common;
using Uonet.Access.Mail;

namespace Uonet.Access.Storage.Relational;

internal static partial class Rows<TColumns>
{
    /// <summary>
    /// <c>id, message_id, instance_symbol, kind, to_address, subject, text_body, html_body, link, created_at, attempts,
    /// next_attempt_at, claimed_until, sent_at, last_error</c> of <c>outbox</c>.
    /// </summary>
    public static OutboxMessage Mail(DbDataReader reader) => new()
    {
        Id = TColumns.GetId(reader, 0),
        MessageId = reader.GetString(1),
        InstanceSymbol = reader.GetOptionalString(2),
        Kind = (MailKind)reader.GetInt32(3),
        To = reader.GetString(4),
        Subject = reader.GetString(5),
        TextBody = reader.GetString(6),
        HtmlBody = reader.GetString(7),
        Link = reader.GetOptionalString(8),
        CreatedAt = TColumns.GetTime(reader, 9),
        Attempts = reader.GetInt32(10),
        NextAttemptAt = TColumns.GetTime(reader, 11),
        ClaimedUntil = GetOptionalTime(reader, 12),
        SentAt = GetOptionalTime(reader, 13),
        LastError = reader.GetOptionalString(14),
    };
}
