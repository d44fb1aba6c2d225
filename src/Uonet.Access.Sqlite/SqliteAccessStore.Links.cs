using Microsoft.Data.Sqlite;
using Uonet.Access.Storage.Relational;

namespace Uonet.Access.Sqlite;

// Links between the accounts one person holds in different instances.
public sealed partial class SqliteAccessStore
{
    /// <inheritdoc />
    /// <exception cref="SqliteException">One of the accounts does not exist.</exception>
    public Task LinkAccountsAsync(Guid accountId, Guid otherAccountId, DateTimeOffset now, CancellationToken cancellationToken) =>
        ExecuteAsync(
            """
            INSERT INTO account_links (account_id, linked_account_id, created_at) VALUES ($a, $b, $now), ($b, $a, $now)
            ON CONFLICT DO NOTHING;
            """,
            cancellationToken,
            ("$a", Sql.Id(accountId)),
            ("$b", Sql.Id(otherAccountId)),
            ("$now", Sql.Time(now)));

    /// <inheritdoc />
    public async Task<bool> UnlinkAccountsAsync(Guid accountId, Guid otherAccountId, CancellationToken cancellationToken) =>
        await ExecuteAsync(
            "DELETE FROM account_links WHERE (account_id = $a AND linked_account_id = $b) OR (account_id = $b AND linked_account_id = $a);",
            cancellationToken,
            ("$a", Sql.Id(accountId)),
            ("$b", Sql.Id(otherAccountId))).ConfigureAwait(false) > 0;

    /// <inheritdoc />
    public async Task<IReadOnlyList<Guid>> ListLinkedAccountsAsync(Guid accountId, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = Sql.Command(connection, null, "SELECT linked_account_id FROM account_links WHERE account_id = $id ORDER BY linked_account_id;")
            .With("$id", Sql.Id(accountId));
        return await command.ReadAllAsync(Rows.Id, cancellationToken).ConfigureAwait(false);
    }
}
