using Npgsql;

namespace Uonet.Access.PostgreSql.Tests.Infrastructure;

/// <summary>Row locks held on purpose, and waits for other backends to queue behind them, asked of the server (never slept).</summary>
internal static class ServerLocks
{
    /// <summary>
    /// Runs <paramref name="sql"/> (in which <c>{schema}</c> names the schema) in a transaction left open on the returned
    /// connection, holding the locks it took. Closing the connection rolls it back and releases them.
    /// </summary>
    public static async Task<NpgsqlConnection> HoldAsync(ScratchSchema schema, string sql, params (string Name, object Value)[] parameters)
    {
        var connection = await PostgresServer.DataSource.OpenConnectionAsync();
        var transaction = await connection.BeginTransactionAsync();
        await using var command = new NpgsqlCommand(schema.Named(sql), connection, transaction);
        foreach (var (name, value) in parameters)
        {
            command.Parameters.AddWithValue(name, value);
        }

        await command.ExecuteNonQueryAsync();
        return connection;
    }

    /// <summary>Waits until some backend waits for a lock held by the backend <paramref name="holder"/>; returns that backend's pid.</summary>
    public static async Task<int> WaitForWaiterAsync(int holder)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(1));
        while (true)
        {
            await using var command = PostgresServer.DataSource.CreateCommand("SELECT pid FROM pg_stat_activity WHERE @holder = ANY (pg_blocking_pids(pid));");
            command.Parameters.AddWithValue("holder", holder);
            if (await command.ExecuteScalarAsync(timeout.Token) is int pid)
            {
                return pid;
            }
        }
    }
}
