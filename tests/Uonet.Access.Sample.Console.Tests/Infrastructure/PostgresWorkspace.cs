using Npgsql;

namespace Uonet.Access.Sample.Console.Tests.Infrastructure;

/// <summary>
/// A workspace whose store is a fresh PostgreSQL database (<c>--postgres</c>) on the server named by
/// <c>UONET_ACCESS_POSTGRES</c> (eng/test.sh starts one); the database is dropped afterwards.
/// </summary>
public sealed class PostgresWorkspace : ToolWorkspace
{
    public const string Variable = "UONET_ACCESS_POSTGRES";

    private readonly string _server;
    private readonly string _name;

    private PostgresWorkspace(string server, string name, string connectionString)
        : base(["--postgres", connectionString])
    {
        _server = server;
        _name = name;
    }

    public static async Task<PostgresWorkspace> CreateAsync()
    {
        var server = Environment.GetEnvironmentVariable(Variable)!;
        var name = $"uonet_cli_{Guid.NewGuid():N}";
        await using (var connection = new NpgsqlConnection(server))
        {
            await connection.OpenAsync();
            await using var create = new NpgsqlCommand($"CREATE DATABASE {name}", connection);
            await create.ExecuteNonQueryAsync();
        }

        return new PostgresWorkspace(server, name, new NpgsqlConnectionStringBuilder(server) { Database = name }.ConnectionString);
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            NpgsqlConnection.ClearAllPools();
            using var connection = new NpgsqlConnection(_server);
            connection.Open();
            using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS {_name} WITH (FORCE)", connection);
            drop.ExecuteNonQuery();
        }

        base.Dispose(disposing);
    }
}

/// <summary>
/// A test that needs PostgreSQL: skipped with a reason when <c>UONET_ACCESS_POSTGRES</c> is not set, unless
/// <c>UONET_ACCESS_REQUIRE_POSTGRES=1</c> (CI), where it runs and fails instead of passing by being skipped.
/// </summary>
public sealed class PostgresFactAttribute : FactAttribute
{
    public PostgresFactAttribute()
    {
        if (string.IsNullOrWhiteSpace(Environment.GetEnvironmentVariable(PostgresWorkspace.Variable))
            && Environment.GetEnvironmentVariable("UONET_ACCESS_REQUIRE_POSTGRES") != "1")
        {
            Skip = $"{PostgresWorkspace.Variable} names no PostgreSQL server (eng/test.sh starts one).";
        }
    }
}
