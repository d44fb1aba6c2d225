using System.Globalization;
using Npgsql;

namespace Uonet.Access.PostgreSql.Sharding;

/// <summary>
/// One database of the router: its connection pool, the store over it, and what it keeps. Every call to it goes through
/// <see cref="RunAsync{T}(Func{PostgreSqlAccessStore, Task{T}})"/>, which turns "the database did not answer" into a
/// <see cref="PostgreSqlShardUnavailableException"/> naming it; errors the database itself raised stay as they are.
/// </summary>
internal sealed class PostgreSqlShard : IAsyncDisposable
{
    public PostgreSqlShard(NpgsqlDataSource dataSource, string schema, TimeProvider? timeProvider, IReadOnlyList<string> instances, bool isDefault)
    {
        DataSource = dataSource;
        Store = new PostgreSqlAccessStore(dataSource, schema, timeProvider);
        QuotedSchema = PostgreSqlSchema.Quote(schema);
        Instances = instances;
        IsDefault = isDefault;
        var settings = new NpgsqlConnectionStringBuilder(dataSource.ConnectionString);
        Where = string.Create(CultureInfo.InvariantCulture, $"host {settings.Host}, port {settings.Port}, database {settings.Database ?? settings.Username}");
    }

    public NpgsqlDataSource DataSource { get; }

    public PostgreSqlAccessStore Store { get; }

    public string QuotedSchema { get; }

    /// <summary>The instances mapped here by name (sorted).</summary>
    public IReadOnlyList<string> Instances { get; }

    /// <summary>Whether this is the default database (every instance not mapped, and what belongs to no instance).</summary>
    public bool IsDefault { get; }

    /// <summary>Host, port and database, never credentials.</summary>
    public string Where { get; }

    public async Task<T> RunAsync<T>(Func<PostgreSqlAccessStore, Task<T>> operation)
    {
        try
        {
            return await operation(Store).ConfigureAwait(false);
        }
        catch (Exception error) when (IsUnanswered(error))
        {
            throw Unavailable(error);
        }
    }

    public async Task RunAsync(Func<PostgreSqlAccessStore, Task> operation)
    {
        try
        {
            await operation(Store).ConfigureAwait(false);
        }
        catch (Exception error) when (IsUnanswered(error))
        {
            throw Unavailable(error);
        }
    }

    /// <summary>Runs one statement of the router's own (the links between databases) and returns the rows it changed.</summary>
    public Task<int> ExecuteAsync(string sql, Action<NpgsqlCommand> bind, CancellationToken cancellationToken) =>
        RunAsync(async _ =>
        {
            await using var command = DataSource.CreateCommand(Named(sql));
            bind(command);
            return await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        });

    /// <summary>Reads the rows of one statement of the router's own.</summary>
    public Task<List<T>> ReadAsync<T>(string sql, Action<NpgsqlCommand> bind, Func<NpgsqlDataReader, T> read, CancellationToken cancellationToken) =>
        RunAsync(async _ =>
        {
            await using var command = DataSource.CreateCommand(Named(sql));
            bind(command);
            await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            var list = new List<T>();
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                list.Add(read(reader));
            }

            return list;
        });

    public PostgreSqlShardUnavailableException Unavailable(Exception error) => new(Where, Instances, IsDefault, error);

    public ValueTask DisposeAsync() => DataSource.DisposeAsync();

    // The database answered with an error of its own (a constraint, a bad value): that is the operation's answer. Refused,
    // reset or timed-out connections and a server shutting down (SQLSTATE classes 08 and 57P) mean it did not answer.
    private static bool IsUnanswered(Exception error) => error switch
    {
        PostgresException server => server.SqlState.StartsWith("08", StringComparison.Ordinal) || server.SqlState.StartsWith("57P", StringComparison.Ordinal),
        NpgsqlException => true,
        TimeoutException => true,
        _ => false,
    };

    private string Named(string sql) => sql.Replace(PostgreSqlSchema.Placeholder, QuotedSchema, StringComparison.Ordinal);
}
