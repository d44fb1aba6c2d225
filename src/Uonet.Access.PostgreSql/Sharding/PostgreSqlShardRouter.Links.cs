using Uonet.Access.Devices;
using Uonet.Access.Mail;
using Uonet.Access.SecurityEvents;
using Uonet.Access.Storage;

namespace Uonet.Access.PostgreSql.Sharding;

// Links between accounts of different instances (R6) and closing accounts (R9). Two accounts in one database are linked
// by the store itself; two in different databases by one row on each side (remote_account_links), written one after
// the other. A link counts only while both sides exist, so whatever a failure leaves half done links nothing.
public sealed partial class PostgreSqlShardRouter
{
    /// <exception cref="Npgsql.PostgresException">One of the accounts does not exist.</exception>
    async Task IAccountLinkStore.LinkAccountsAsync(Guid accountId, Guid otherAccountId, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var here = await FindPlacedAccountAsync(accountId, cancellationToken).ConfigureAwait(false);
        var there = await FindPlacedAccountAsync(otherAccountId, cancellationToken).ConfigureAwait(false);
        if (here is null || there is null || here.Value.Shard == there.Value.Shard)
        {
            // One database (or an account that exists nowhere: the store's foreign keys refuse it there).
            var shard = here?.Shard ?? there?.Shard ?? _default;
            await shard.RunAsync(s => s.LinkAccountsAsync(accountId, otherAccountId, now, cancellationToken)).ConfigureAwait(false);
            return;
        }

        var (a, b) = (here.Value, there.Value);
        await WriteSideAsync(a.Shard, accountId, otherAccountId, b.Symbol, now, cancellationToken).ConfigureAwait(false);
        try
        {
            await WriteSideAsync(b.Shard, otherAccountId, accountId, a.Symbol, now, cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            // Best effort: a side left alone is not a link (see ListLinkedAccountsAsync), this only keeps the table tidy.
            try
            {
                await DeleteSideAsync(a.Shard, accountId, otherAccountId, CancellationToken.None).ConfigureAwait(false);
            }
            catch (PostgreSqlShardUnavailableException)
            {
            }

            throw;
        }
    }

    async Task<bool> IAccountLinkStore.UnlinkAccountsAsync(Guid accountId, Guid otherAccountId, CancellationToken cancellationToken)
    {
        var here = await AccountShardAsync(accountId, cancellationToken).ConfigureAwait(false);
        var there = await AccountShardAsync(otherAccountId, cancellationToken).ConfigureAwait(false);
        if (here is null && there is null)
        {
            return false;
        }

        if (here == there || here is null || there is null)
        {
            var shard = (here ?? there)!;
            var local = await shard.RunAsync(s => s.UnlinkAccountsAsync(accountId, otherAccountId, cancellationToken)).ConfigureAwait(false);
            var sides = await DeleteSideAsync(shard, accountId, otherAccountId, cancellationToken).ConfigureAwait(false)
                + await DeleteSideAsync(shard, otherAccountId, accountId, cancellationToken).ConfigureAwait(false);
            return local || sides > 0;
        }

        // Both sides go; removing either one alone already ends the link.
        var first = DeleteSideAsync(here, accountId, otherAccountId, cancellationToken);
        var second = DeleteSideAsync(there, otherAccountId, accountId, cancellationToken);
        await Task.WhenAll(first.ContinueWith(static _ => { }, TaskScheduler.Default), second.ContinueWith(static _ => { }, TaskScheduler.Default)).ConfigureAwait(false);
        var removed = (first.IsCompletedSuccessfully && first.Result > 0) || (second.IsCompletedSuccessfully && second.Result > 0);
        if (first.IsFaulted || second.IsFaulted)
        {
            throw (first.IsFaulted ? first : second).Exception!.InnerException!;
        }

        return removed;
    }

    async Task<IReadOnlyList<Guid>> IAccountLinkStore.ListLinkedAccountsAsync(Guid accountId, CancellationToken cancellationToken)
    {
        if (await AccountShardAsync(accountId, cancellationToken).ConfigureAwait(false) is not { } shard)
        {
            return [];
        }

        var local = await shard.RunAsync(s => s.ListLinkedAccountsAsync(accountId, cancellationToken)).ConfigureAwait(false);
        var sides = await shard.ReadAsync(
            "SELECT linked_account_id, linked_instance_symbol FROM {schema}.remote_account_links WHERE account_id = @id;",
            c => c.Id("id", accountId),
            r => (Id: r.GetGuid(0), Symbol: r.GetString(1)),
            cancellationToken).ConfigureAwait(false);

        // Each other side is asked whether it still holds its half: one query per database, all at once.
        var confirmed = await Task.WhenAll(sides.GroupBy(side => ShardOf(side.Symbol)).Select(group => group.Key.ReadAsync(
            "SELECT account_id FROM {schema}.remote_account_links WHERE linked_account_id = @id AND account_id = ANY (@others);",
            c => c.Id("id", accountId).IdArray("others", [.. group.Select(side => side.Id)]),
            r => r.GetGuid(0),
            cancellationToken))).ConfigureAwait(false);
        return [.. local.Concat(confirmed.SelectMany(ids => ids)).Distinct().OrderBy(id => id.ToByteArray(bigEndian: true), ByteOrder.Instance)];
    }

    /// <summary>
    /// Closes the account in its database (one transaction there, as in one database), then removes its sides of links
    /// to other databases: its own side first, which alone ends those links, then the other sides, best effort (a side
    /// left in a silent database points at a closed account and links nothing).
    /// </summary>
    async Task<bool> IAccountClosureStore.CloseAccountAsync(Guid accountId, DateTimeOffset now, DeviceRevocationReason deviceReason, OutboxMessage? notice, SecurityEvent? securityEvent, CancellationToken cancellationToken)
    {
        var shard = await AccountShardAsync(accountId, cancellationToken).ConfigureAwait(false) ?? ShardOfFirst(notice?.InstanceSymbol, securityEvent?.InstanceSymbol);
        if (!await shard.RunAsync(s => s.CloseAccountAsync(accountId, now, deviceReason, notice, securityEvent, cancellationToken)).ConfigureAwait(false))
        {
            return false;
        }

        await shard.ExecuteAsync(
            "DELETE FROM {schema}.remote_account_links WHERE account_id = @id;",
            c => c.Id("id", accountId),
            cancellationToken).ConfigureAwait(false);
        foreach (var other in _shards.Where(s => s != shard))
        {
            try
            {
                await other.ExecuteAsync(
                    "DELETE FROM {schema}.remote_account_links WHERE linked_account_id = @id;",
                    c => c.Id("id", accountId),
                    cancellationToken).ConfigureAwait(false);
            }
            catch (PostgreSqlShardUnavailableException)
            {
            }
        }

        return true;
    }

    private async Task<(PostgreSqlShard Shard, string Symbol)?> FindPlacedAccountAsync(Guid accountId, CancellationToken cancellationToken)
    {
        if (_placements.TryGetValue(accountId, out var known))
        {
            var account = await known.RunAsync(s => s.FindAccountByIdAsync(accountId, cancellationToken)).ConfigureAwait(false);
            return account is null ? null : (known, account.InstanceSymbol);
        }

        var found = await FirstFoundAsync(s => s.FindAccountByIdAsync(accountId, cancellationToken), a => a.Id).ConfigureAwait(false);
        return found is { } placed ? (placed.Shard, placed.Value.InstanceSymbol) : null;
    }

    private static Task WriteSideAsync(PostgreSqlShard shard, Guid accountId, Guid linkedId, string linkedSymbol, DateTimeOffset now, CancellationToken cancellationToken) =>
        shard.ExecuteAsync(
            """
            INSERT INTO {schema}.remote_account_links (account_id, linked_account_id, linked_instance_symbol, created_at)
            VALUES (@account, @linked, @symbol, @now)
            ON CONFLICT (account_id, linked_account_id) DO UPDATE SET linked_instance_symbol = EXCLUDED.linked_instance_symbol;
            """,
            c => c.Id("account", accountId).Id("linked", linkedId).Text("symbol", linkedSymbol).Time("now", now),
            cancellationToken);

    private static Task<int> DeleteSideAsync(PostgreSqlShard shard, Guid accountId, Guid linkedId, CancellationToken cancellationToken) =>
        shard.ExecuteAsync(
            "DELETE FROM {schema}.remote_account_links WHERE account_id = @account AND linked_account_id = @linked;",
            c => c.Id("account", accountId).Id("linked", linkedId),
            cancellationToken);
}
