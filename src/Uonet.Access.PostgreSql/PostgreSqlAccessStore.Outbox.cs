using Npgsql;
using Uonet.Access.Mail;
using Uonet.Access.Storage;

namespace Uonet.Access.PostgreSql;

public sealed partial class PostgreSqlAccessStore
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
        await InsertMailAsync(connection, message, cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    /// <remarks>
    /// One statement chooses and claims: the oldest due rows are locked with <c>FOR UPDATE SKIP LOCKED</c>, so a
    /// dispatcher of another process that is claiming at the same moment passes over them and takes the next ones, and a
    /// row claimed since the statement began is re-checked against the lease and left out.
    /// </remarks>
    public async Task<IReadOnlyList<OutboxMessage>> ClaimDueAsync(DateTimeOffset now, int maxCount, DateTimeOffset claimUntil, CancellationToken cancellationToken)
    {
        if (maxCount <= 0)
        {
            return [];
        }

        var claimed = await ReadListAsync(
            $"""
            UPDATE {PostgreSqlSchema.Placeholder}.outbox AS o SET claimed_until = @until
            FROM (
                SELECT id AS due_id FROM {PostgreSqlSchema.Placeholder}.outbox
                WHERE sent_at IS NULL AND next_attempt_at <= @now AND (claimed_until IS NULL OR claimed_until <= @now)
                ORDER BY created_at, id
                LIMIT @max
                FOR UPDATE SKIP LOCKED) AS due
            WHERE o.id = due.due_id
            RETURNING {OutboxColumns};
            """,
            c => c.Time("until", claimUntil).Time("now", now).Int("max", maxCount),
            Rows.Mail,
            cancellationToken).ConfigureAwait(false);
        return [.. claimed.OrderBy(m => m.CreatedAt).ThenBy(m => m.Id)];
    }

    /// <inheritdoc />
    public Task MarkSentAsync(Guid id, DateTimeOffset sentAt, CancellationToken cancellationToken) =>
        ExecuteAsync(
            "UPDATE {schema}.outbox SET sent_at = @at, claimed_until = NULL, attempts = attempts + 1, last_error = NULL, text_body = '', html_body = '', link = NULL WHERE id = @id;",
            c => c.Id("id", id).Time("at", sentAt),
            cancellationToken);

    /// <inheritdoc />
    public Task MarkFailedAsync(Guid id, DateTimeOffset nextAttemptAt, string error, CancellationToken cancellationToken)
    {
        StoreValues.Text(error, nameof(error), StoreLimits.MailError);
        return ExecuteAsync(
            "UPDATE {schema}.outbox SET next_attempt_at = @next, claimed_until = NULL, attempts = attempts + 1, last_error = @error WHERE id = @id AND sent_at IS NULL;",
            c => c.Id("id", id).Time("next", nextAttemptAt).Text("error", error),
            cancellationToken);
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

        return await ReadListAsync(
            to is null
                ? $"SELECT {OutboxColumns} FROM {PostgreSqlSchema.Placeholder}.outbox ORDER BY created_at DESC, id DESC LIMIT @limit;"
                : $"SELECT {OutboxColumns} FROM {PostgreSqlSchema.Placeholder}.outbox WHERE to_address = @to ORDER BY created_at DESC, id DESC LIMIT @limit;",
            c => c.Text("to", to).Int("limit", limit),
            Rows.Mail,
            cancellationToken).ConfigureAwait(false);
    }

    private async Task InsertMailAsync(NpgsqlConnection connection, OutboxMessage mail, CancellationToken cancellationToken)
    {
        await using var command = Command(connection, $"""
            INSERT INTO {PostgreSqlSchema.Placeholder}.outbox ({OutboxColumns})
            VALUES (@id, @message_id, @symbol, @kind, @to, @subject, @text, @html, @link, @created, @attempts, @next, @claimed, @sent, @error);
            """)
            .Id("id", mail.Id)
            .Text("message_id", mail.MessageId)
            .Text("symbol", mail.InstanceSymbol)
            .Int("kind", (int)mail.Kind)
            .Text("to", mail.To)
            .Text("subject", mail.Subject)
            .Text("text", mail.TextBody)
            .Text("html", mail.HtmlBody)
            .Text("link", mail.Link)
            .Time("created", mail.CreatedAt)
            .Int("attempts", mail.Attempts)
            .Time("next", mail.NextAttemptAt)
            .Time("claimed", mail.ClaimedUntil)
            .Time("sent", mail.SentAt)
            .Text("error", mail.LastError);
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }
}
