using Microsoft.Data.Sqlite;
using Uonet.Access.Mail;
using Uonet.Access.Storage;
using Uonet.Access.Storage.Relational;

namespace Uonet.Access.Sqlite;

public sealed partial class SqliteAccessStore
{
    private const string OutboxColumns = """
        id, message_id, instance_symbol, kind, to_address, subject, text_body, html_body, link, created_at, attempts,
        next_attempt_at, claimed_until, sent_at, last_error
        """;

    /// <inheritdoc />
    public async Task EnqueueAsync(OutboxMessage message, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(message);
        StoreValues.Check(message);
        await using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        await InsertMailAsync(connection, null, message, cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<OutboxMessage>> ClaimDueAsync(DateTimeOffset now, int maxCount, DateTimeOffset claimUntil, CancellationToken cancellationToken)
    {
        if (maxCount <= 0)
        {
            return [];
        }

        // One statement: the choice of messages and the claim on them are one atomic write, so two dispatchers never
        // hold the same message.
        await using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = Sql.Command(connection, null, $"""
            UPDATE outbox SET claimed_until = $until
            WHERE id IN (
                SELECT id FROM outbox
                WHERE sent_at IS NULL AND next_attempt_at <= $now AND (claimed_until IS NULL OR claimed_until <= $now)
                ORDER BY created_at, id
                LIMIT $max)
            RETURNING {OutboxColumns};
            """)
            .With("$until", Sql.Time(claimUntil))
            .With("$now", Sql.Time(now))
            .With("$max", maxCount);
        var claimed = await ReadMailAsync(command, cancellationToken).ConfigureAwait(false);
        return [.. claimed.OrderBy(m => m.CreatedAt).ThenBy(m => m.Id)];
    }

    /// <inheritdoc />
    public Task MarkSentAsync(Guid id, DateTimeOffset sentAt, CancellationToken cancellationToken) =>
        ExecuteAsync(
            "UPDATE outbox SET sent_at = $at, claimed_until = NULL, attempts = attempts + 1, last_error = NULL, text_body = '', html_body = '', link = NULL WHERE id = $id;",
            cancellationToken,
            ("$id", Sql.Id(id)),
            ("$at", Sql.Time(sentAt)));

    /// <inheritdoc />
    public Task MarkFailedAsync(Guid id, DateTimeOffset nextAttemptAt, string error, CancellationToken cancellationToken)
    {
        StoreValues.Text(error, nameof(error), StoreLimits.MailError);
        return ExecuteAsync(
            "UPDATE outbox SET next_attempt_at = $next, claimed_until = NULL, attempts = attempts + 1, last_error = $error WHERE id = $id AND sent_at IS NULL;",
            cancellationToken,
            ("$id", Sql.Id(id)),
            ("$next", Sql.Time(nextAttemptAt)),
            ("$error", error));
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<OutboxMessage>> ListAsync(string? to, int limit, CancellationToken cancellationToken)
    {
        if (to is not null)
        {
            StoreValues.Key(to, nameof(to));
        }

        if (limit <= 0)
        {
            return [];
        }

        await using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = Sql.Command(connection, null, to is null
            ? $"SELECT {OutboxColumns} FROM outbox ORDER BY created_at DESC, id DESC LIMIT $limit;"
            : $"SELECT {OutboxColumns} FROM outbox WHERE to_address = $to ORDER BY created_at DESC, id DESC LIMIT $limit;")
            .With("$to", to)
            .With("$limit", limit);
        return await ReadMailAsync(command, cancellationToken).ConfigureAwait(false);
    }

    private static async Task InsertMailAsync(SqliteConnection connection, SqliteTransaction? transaction, OutboxMessage mail, CancellationToken cancellationToken)
    {
        await using var command = Sql.Command(connection, transaction, $"""
            INSERT INTO outbox ({OutboxColumns})
            VALUES ($id, $messageId, $symbol, $kind, $to, $subject, $text, $html, $link, $created, $attempts, $next, $claimed, $sent, $error);
            """)
            .With("$id", Sql.Id(mail.Id))
            .With("$messageId", mail.MessageId)
            .With("$symbol", mail.InstanceSymbol)
            .With("$kind", (int)mail.Kind)
            .With("$to", mail.To)
            .With("$subject", mail.Subject)
            .With("$text", mail.TextBody)
            .With("$html", mail.HtmlBody)
            .With("$link", mail.Link)
            .With("$created", Sql.Time(mail.CreatedAt))
            .With("$attempts", mail.Attempts)
            .With("$next", Sql.Time(mail.NextAttemptAt))
            .With("$claimed", Sql.Time(mail.ClaimedUntil))
            .With("$sent", Sql.Time(mail.SentAt))
            .With("$error", mail.LastError);
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    private static Task<List<OutboxMessage>> ReadMailAsync(SqliteCommand command, CancellationToken cancellationToken) =>
        command.ReadAllAsync(Rows.Mail, cancellationToken);
}
