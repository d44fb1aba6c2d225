using Npgsql;
using Uonet.Access.PostgreSql.Tests.Infrastructure;

namespace Uonet.Access.PostgreSql.Tests.Sharding;

/// <summary>
/// The second PostgreSQL cluster of the sharding tests: the one named by <c>UONET_ACCESS_POSTGRES_2</c> (eng/test.sh
/// starts it beside the first), otherwise a throwaway cluster started like the first one's. Its port must differ from
/// the first server's: two clusters, not two databases of one.
/// </summary>
internal static class SecondPostgresServer
{
    public const string Variable = "UONET_ACCESS_POSTGRES_2";

    private static readonly Lazy<string> Started = new(Start, LazyThreadSafetyMode.ExecutionAndPublication);
    private static readonly Lazy<NpgsqlDataSource> Shared = new(() => NpgsqlDataSource.Create(ConnectionString), LazyThreadSafetyMode.ExecutionAndPublication);

    public static string ConnectionString => Started.Value;

    public static NpgsqlDataSource DataSource => Shared.Value;

    private static string Start()
    {
        var second = PostgresServer.NamedOrStarted(Variable);
        var (one, two) = (new NpgsqlConnectionStringBuilder(PostgresServer.ConnectionString), new NpgsqlConnectionStringBuilder(second));
        if (one.Host == two.Host && one.Port == two.Port)
        {
            throw new InvalidOperationException($"{Variable} names the same server as {PostgresServer.Variable} ({one.Host}:{one.Port}); the sharding tests need a second cluster (bash eng/postgres.sh start <another folder>).");
        }

        return second;
    }
}
