namespace Uonet.Access.PostgreSql.Sharding;

/// <summary>
/// A database of <see cref="PostgreSqlShardRouter"/> did not answer (refused or timed out the connection, or was shut
/// down under the operation). Only the operations that need that database fail: instances kept elsewhere keep working.
/// </summary>
public sealed class PostgreSqlShardUnavailableException : Exception
{
    /// <summary>Creates the exception with a message only.</summary>
    public PostgreSqlShardUnavailableException()
        : this("A PostgreSQL database of the sharded store did not answer.")
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    /// <param name="message">What failed.</param>
    public PostgreSqlShardUnavailableException(string message)
        : this(message, null)
    {
    }

    /// <summary>Creates the exception with a message and the error of the database driver.</summary>
    /// <param name="message">What failed.</param>
    /// <param name="innerException">The driver's error.</param>
    public PostgreSqlShardUnavailableException(string message, Exception? innerException)
        : base(message, innerException)
    {
        Database = string.Empty;
        Instances = [];
    }

    internal PostgreSqlShardUnavailableException(string database, IReadOnlyList<string> instances, bool isDefault, Exception innerException)
        : base(Describe(database, instances, isDefault, innerException), innerException)
    {
        Database = database;
        Instances = instances;
    }

    /// <summary>Where the database is (host, port, database; never credentials).</summary>
    public string Database { get; }

    /// <summary>The instances mapped to that database by name; the default database also keeps every instance not mapped.</summary>
    public IReadOnlyList<string> Instances { get; }

    private static string Describe(string database, IReadOnlyList<string> instances, bool isDefault, Exception error)
    {
        var holds = (isDefault, instances.Count) switch
        {
            (true, 0) => "the default database (every instance not mapped elsewhere)",
            (true, _) => $"the default database (instance(s) {string.Join(", ", instances)} and every instance not mapped elsewhere)",
            _ => $"the database of instance(s) {string.Join(", ", instances)}",
        };
        return $"The PostgreSQL database of the sharded store that keeps {holds} ({database}) did not answer: {error.Message} Instances kept in other databases keep working.";
    }
}
