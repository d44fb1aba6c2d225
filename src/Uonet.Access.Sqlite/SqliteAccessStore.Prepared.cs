namespace Uonet.Access.Sqlite;

// The statements of every request, on connections the store keeps open with those statements prepared.
public sealed partial class SqliteAccessStore : IDisposable
{
    // Enough for the requests a machine runs at once; a burst past it opens connections of its own, as before.
    private readonly PreparedConnections _prepared = new(Math.Clamp(Environment.ProcessorCount * 2, 4, 32));

    /// <summary>
    /// Closes the connections the store keeps open for the statements of every request (see the remarks of the
    /// class). Optional, and the store still works afterwards, opening a connection per operation.
    /// </summary>
    public void Dispose() => _prepared.Dispose();

    /// <summary>
    /// Runs <paramref name="operation"/> on a kept connection, or on a newly opened one that is kept afterwards while
    /// there is room. Statements run there must come from <see cref="PreparedConnection.Command"/>.
    /// </summary>
    private async Task<TResult> OnPreparedAsync<TState, TResult>(TState state, Func<PreparedConnection, TState, CancellationToken, Task<TResult>> operation, CancellationToken cancellationToken)
    {
        var prepared = _prepared.TryRent() ?? new PreparedConnection(await OpenAsync(cancellationToken).ConfigureAwait(false));
        TResult result;
        try
        {
            result = await operation(prepared, state, cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            // Failed or cancelled, possibly in the middle of a statement: the connection is not trusted with another request.
            prepared.Dispose();
            throw;
        }

        _prepared.Return(prepared);
        return result;
    }
}
