using Npgsql;

namespace Uonet.Access.PostgreSql;

// Links between the accounts one person holds in different instances.
public sealed partial class PostgreSqlAccessStore
{
    /// <inheritdoc />
    /// <exception cref="PostgresException">One of the accounts does not exist.</exception>
    public Task LinkAccountsAsync(Guid accountId, Guid otherAccountId, DateTimeOffset now, CancellationToken cancellationToken)
    {
        // The two rows always in the same order, whichever side asks: two links of one pair made at once, one from each
        // side, then queue on the first row instead of each holding the row the other needs.
        var (first, second) = accountId.CompareTo(otherAccountId) <= 0 ? (accountId, otherAccountId) : (otherAccountId, accountId);
        return ExecuteAsync(
            """
            INSERT INTO {schema}.account_links (account_id, linked_account_id, created_at) VALUES (@first, @second, @now), (@second, @first, @now)
            ON CONFLICT DO NOTHING;
            """,
            c => c.Id("first", first).Id("second", second).Time("now", now),
            cancellationToken);
    }

    /// <inheritdoc />
    public async Task<bool> UnlinkAccountsAsync(Guid accountId, Guid otherAccountId, CancellationToken cancellationToken) =>
        await ExecuteAsync(
            "DELETE FROM {schema}.account_links WHERE (account_id = @a AND linked_account_id = @b) OR (account_id = @b AND linked_account_id = @a);",
            c => c.Id("a", accountId).Id("b", otherAccountId),
            cancellationToken).ConfigureAwait(false) > 0;

    /// <inheritdoc />
    public async Task<IReadOnlyList<Guid>> ListLinkedAccountsAsync(Guid accountId, CancellationToken cancellationToken) =>
        await ReadListAsync(
            "SELECT linked_account_id FROM {schema}.account_links WHERE account_id = @id ORDER BY linked_account_id;",
            c => c.Id("id", accountId),
            Rows.Id,
            cancellationToken).ConfigureAwait(false);
}
