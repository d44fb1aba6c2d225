using Uonet.Access.SecurityEvents;
using Uonet.Access.Storage;

namespace Uonet.Access.Sqlite;

// Running one statement, with or without a security event, and reading what it returns.
public sealed partial class SqliteAccessStore
{
    /// <summary>Runs one statement on its own (a single statement is atomic) and returns the rows it changed.</summary>
    private async Task<int> ExecuteAsync(string sql, CancellationToken cancellationToken, params (string Name, object? Value)[] parameters)
    {
        await using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = Sql.Command(connection, null, sql);
        foreach (var (name, value) in parameters)
        {
            command.With(name, value);
        }

        return await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Runs one statement and appends <paramref name="securityEvent"/> (if any) in one transaction: always, or only when
    /// the statement changed a row. Returns the rows it changed.
    /// </summary>
    private async Task<int> ExecuteWithEventAsync(string sql, SecurityEvent? securityEvent, bool onlyWhenChanged, CancellationToken cancellationToken, params (string Name, object? Value)[] parameters)
    {
        StoreValues.Check(securityEvent);
        await using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var transaction = BeginWrite(connection);
        int changed;
        await using (var command = Sql.Command(connection, transaction, sql))
        {
            foreach (var (name, value) in parameters)
            {
                command.With(name, value);
            }

            changed = await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }

        if (changed > 0 || !onlyWhenChanged)
        {
            await InsertEventAsync(connection, transaction, securityEvent, cancellationToken).ConfigureAwait(false);
        }

        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        return changed;
    }
}
