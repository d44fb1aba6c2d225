using System.Data.Common;
using Npgsql;
using Uonet.Access.SecurityEvents;
using Uonet.Access.Storage;
using Uonet.Access.Storage.Relational;

namespace Uonet.Access.PostgreSql;

// Running one statement, with or without a security event, and reading what it returns.
public sealed partial class PostgreSqlAccessStore
{
    /// <summary>Runs one statement on its own (a single statement is atomic) and returns the rows it changed.</summary>
    private async Task<int> ExecuteAsync(string sql, Action<NpgsqlCommand> bind, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = Command(connection, sql);
        bind(command);
        return await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Runs one statement and appends <paramref name="securityEvent"/> (if any) in one transaction: always, or only when
    /// the statement changed a row. Returns the rows it changed.
    /// </summary>
    private async Task<int> ExecuteWithEventAsync(string sql, Action<NpgsqlCommand> bind, SecurityEvent? securityEvent, bool onlyWhenChanged, CancellationToken cancellationToken)
    {
        StoreValues.Check(securityEvent);
        if (securityEvent is null)
        {
            return await ExecuteAsync(sql, bind, cancellationToken).ConfigureAwait(false);
        }

        await using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        int changed;
        await using (var command = Command(connection, sql))
        {
            bind(command);
            changed = await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }

        if (changed > 0 || !onlyWhenChanged)
        {
            await InsertEventAsync(connection, securityEvent, cancellationToken).ConfigureAwait(false);
        }

        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        return changed;
    }

    /// <summary>Runs one query and reads every row it returns.</summary>
    private async Task<List<T>> ReadListAsync<T>(string sql, Action<NpgsqlCommand> bind, Func<DbDataReader, T> read, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = Command(connection, sql);
        bind(command);
        return await command.ReadAllAsync(read, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Runs an <c>INSERT … RETURNING</c> followed by a <c>SELECT</c> of one boolean that tells why nothing was inserted;
    /// answers whether a row was inserted and that boolean.
    /// </summary>
    private static async Task<(bool Inserted, bool Flag)> InsertedOrWhyAsync(NpgsqlCommand command, CancellationToken cancellationToken)
    {
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        var inserted = await reader.ReadAsync(cancellationToken).ConfigureAwait(false);
        await reader.NextResultAsync(cancellationToken).ConfigureAwait(false);
        await reader.ReadAsync(cancellationToken).ConfigureAwait(false);
        return (inserted, reader.GetBoolean(0));
    }
}
