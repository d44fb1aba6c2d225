using System.Globalization;
using Npgsql;
using Uonet.Access.Records;

namespace Uonet.Access.PostgreSql.Sharding;

/// <summary>
/// Where <see cref="PostgreSqlShardRouter"/> keeps each instance: a database of its own for the instances listed in
/// <see cref="Instances"/>, the <see cref="DefaultConnectionString"/> database for every other one. Bindable from
/// configuration (e.g. a <c>UonetAccess:PostgreSqlShards</c> section with <c>DefaultConnectionString</c> and an
/// <c>Instances</c> array of <c>{ "Symbol": …, "ConnectionString": … }</c>).
/// </summary>
public sealed class PostgreSqlShardOptions
{
    /// <summary>
    /// The database of every instance not listed in <see cref="Instances"/>; it also keeps what belongs to no instance
    /// (per-client sign-in counters, maintenance windows of the whole deployment, mail without an instance). Required.
    /// </summary>
    public string? DefaultConnectionString { get; set; }

    /// <summary>The instances kept in a database of their own; several instances may name the same connection string.</summary>
    public IList<PostgreSqlInstanceDatabase> Instances { get; } = [];

    /// <summary>The PostgreSQL schema that holds the tables in every database (default <c>uonet_access</c>).</summary>
    public string Schema { get; set; } = PostgreSqlAccessStore.DefaultSchema;

    /// <summary>Whether the schema of every database is brought up to date when the router is first resolved (default <see langword="true"/>).</summary>
    public bool MigrateOnStart { get; set; } = true;

    /// <summary>Keeps the instance <paramref name="symbol"/> in the database of <paramref name="connectionString"/>.</summary>
    /// <param name="symbol">The instance symbol, e.g. <c>gminawulkanowo</c>.</param>
    /// <param name="connectionString">An Npgsql connection string.</param>
    /// <returns>These options, for chaining.</returns>
    public PostgreSqlShardOptions MapInstance(string symbol, string connectionString)
    {
        Instances.Add(new PostgreSqlInstanceDatabase { Symbol = symbol, ConnectionString = connectionString });
        return this;
    }

    /// <summary>Every problem of these options, each saying what to change; empty when they are usable.</summary>
    internal IReadOnlyList<string> Problems()
    {
        var problems = new List<string>();
        if (string.IsNullOrWhiteSpace(DefaultConnectionString))
        {
            problems.Add("PostgreSqlShardOptions.DefaultConnectionString is missing: set the connection string of the database that keeps every instance not listed in Instances.");
        }
        else if (ConnectionProblem(DefaultConnectionString) is { } problem)
        {
            problems.Add($"PostgreSqlShardOptions.DefaultConnectionString is not a valid Npgsql connection string: {problem}");
        }

        try
        {
            _ = PostgreSqlSchema.Quote(Schema);
        }
        catch (ArgumentException error)
        {
            problems.Add($"PostgreSqlShardOptions.Schema is not usable: {error.Message}");
        }

        var seen = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < Instances.Count; i++)
        {
            var entry = Instances[i];
            var where = string.Create(CultureInfo.InvariantCulture, $"PostgreSqlShardOptions.Instances[{i}]");
            if (entry is null)
            {
                problems.Add($"{where} is empty: give a Symbol and a ConnectionString.");
                continue;
            }

            if (InstanceSymbol.TryNormalize(entry.Symbol, out var symbol) is not null)
            {
                problems.Add($"{where}.Symbol '{entry.Symbol}' is not an instance symbol (2–64 lowercase ASCII letters, digits and inner hyphens).");
            }
            else if (seen.TryGetValue(symbol, out var first))
            {
                problems.Add(string.Create(CultureInfo.InvariantCulture, $"{where}.Symbol '{symbol}' is already mapped by Instances[{first}]: an instance lives in exactly one database, so list it once."));
            }
            else
            {
                seen.Add(symbol, i);
            }

            if (string.IsNullOrWhiteSpace(entry.ConnectionString))
            {
                problems.Add($"{where}.ConnectionString is missing: give the connection string of the database that keeps instance '{entry.Symbol}'.");
            }
            else if (ConnectionProblem(entry.ConnectionString) is { } problem)
            {
                problems.Add($"{where}.ConnectionString (instance '{entry.Symbol}') is not a valid Npgsql connection string: {problem}");
            }
        }

        return problems;
    }

    // The message never repeats the connection string: it may hold a password.
    private static string? ConnectionProblem(string connectionString)
    {
        try
        {
            var settings = new NpgsqlConnectionStringBuilder(connectionString);
            return string.IsNullOrWhiteSpace(settings.Host) ? "it names no Host." : null;
        }
        catch (ArgumentException error)
        {
            return error.Message;
        }
    }
}

/// <summary>One instance kept in a database of its own (see <see cref="PostgreSqlShardOptions.Instances"/>).</summary>
public sealed class PostgreSqlInstanceDatabase
{
    /// <summary>The instance symbol, e.g. <c>gminawulkanowo</c> (normalized as everywhere: trimmed, lower-cased).</summary>
    public string? Symbol { get; set; }

    /// <summary>The Npgsql connection string of the instance's database.</summary>
    public string? ConnectionString { get; set; }
}
