using System.Collections.Concurrent;
using Microsoft.Data.Sqlite;

namespace Uonet.Access.Sqlite;

/// <summary>
/// The few open connections a store keeps for the statements every request runs (whom an address sees, the session
/// and device snapshots, the replay-cache entry), each with those statements prepared on it. Microsoft.Data.Sqlite
/// finalizes a connection's statements whenever it is closed, even into its own pool, so an operation that opens a
/// pooled connection parses and plans each of its statements again and runs the connection's PRAGMAs again; a kept
/// connection does both once. Thread-safe; a connection is used by one operation at a time.
/// </summary>
internal sealed class PreparedConnections : IDisposable
{
    private readonly ConcurrentQueue<PreparedConnection> _idle = new();
    private readonly int _capacity;
    private int _idleCount;
    private int _disposed;

    /// <summary>Keeps up to <paramref name="capacity"/> idle connections; a burst past it uses connections of its own.</summary>
    public PreparedConnections(int capacity) => _capacity = capacity;

    /// <summary>An idle kept connection, or <see langword="null"/> when there is none.</summary>
    public PreparedConnection? TryRent()
    {
        if (!_idle.TryDequeue(out var connection))
        {
            return null;
        }

        Interlocked.Decrement(ref _idleCount);
        return connection;
    }

    /// <summary>
    /// Takes back a connection whose operation ended well, keeping it while there is room; a connection whose operation
    /// failed or was cancelled must be disposed instead, since it may be in the middle of a statement.
    /// </summary>
    public void Return(PreparedConnection connection)
    {
        if (Volatile.Read(ref _disposed) == 0)
        {
            if (Interlocked.Increment(ref _idleCount) <= _capacity)
            {
                _idle.Enqueue(connection);

                // Disposed meanwhile: what was just queued must not outlive the store.
                if (Volatile.Read(ref _disposed) != 0)
                {
                    Drain();
                }

                return;
            }

            Interlocked.Decrement(ref _idleCount);
        }

        connection.Dispose();
    }

    /// <summary>Closes the idle connections; those in use close when they come back.</summary>
    public void Dispose()
    {
        // A full fence: Return's enqueue-then-read and this write-then-drain must not be reordered past each other.
        Interlocked.Exchange(ref _disposed, 1);
        Drain();
    }

    private void Drain()
    {
        while (TryRent() is { } connection)
        {
            connection.Dispose();
        }
    }
}

/// <summary>An open connection of <see cref="PreparedConnections"/> and the commands prepared on it, one per statement text.</summary>
internal sealed class PreparedConnection(SqliteConnection connection) : IDisposable
{
    private readonly Dictionary<string, SqliteCommand> _commands = new(StringComparer.Ordinal);

    public SqliteConnection Connection { get; } = connection;

    /// <summary>
    /// The command of <paramref name="sql"/> on this connection: created on first use and kept, so its statements are
    /// prepared on their first run and reused after; bind its parameters with <see cref="Sql.Bind"/>.
    /// </summary>
    public SqliteCommand Command(string sql)
    {
        if (!_commands.TryGetValue(sql, out var command))
        {
            command = Sql.Command(Connection, null, sql);
            command.Prepare();
            _commands.Add(sql, command);
        }

        return command;
    }

    public void Dispose()
    {
        foreach (var command in _commands.Values)
        {
            command.Dispose();
        }

        Connection.Dispose();
    }
}
