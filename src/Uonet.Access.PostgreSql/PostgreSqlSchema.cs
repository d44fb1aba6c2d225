using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;
using Uonet.Access.Storage;

namespace Uonet.Access.PostgreSql;

/// <summary>
/// The versioned migrations of the store's schema, embedded as SQL scripts and applied in order, and the rules for the
/// name of the PostgreSQL schema that holds the tables.
/// </summary>
internal static class PostgreSqlSchema
{
    /// <summary>Where scripts and statements name the store's schema; replaced by the quoted schema name.</summary>
    public const string Placeholder = "{schema}";

    /// <summary>Every migration, oldest first; a version is never edited once released, only followed by a new one.</summary>
    public static readonly IReadOnlyList<Migration> Migrations =
    [
        new(1, "records and credentials", "0001_records_and_credentials"),
        new(2, "devices, maintenance and account links", "0002_devices_maintenance_links"),
        new(3, "second-factor tickets", "0003_second_factor_tickets"),
        new(4, "import runs", "0004_import_runs"),
        new(5, "security events", "0005_security_events"),
        new(6, "session clients", "0006_session_clients"),
        new(7, "passkeys", "0007_passkeys"),
        new(8, "links between databases", "0008_links_between_databases"),
    ];

    /// <summary>The version this library reads and writes.</summary>
    public static int Latest => Migrations[^1].Version;

    public const string CreateVersionTable = """
        CREATE SCHEMA IF NOT EXISTS {schema};
        CREATE TABLE IF NOT EXISTS {schema}.schema_version (
            version     integer     NOT NULL PRIMARY KEY,
            description text        NOT NULL,
            applied_at  timestamptz NOT NULL
        );
        """;

    // PostgreSQL truncates identifiers longer than NAMEDATALEN - 1 bytes without an error; two long names could then
    // silently share a schema, so they are refused instead.
    private const int MaxNameBytes = 63;

    /// <summary>Checks a schema name and returns it as a quoted identifier, safe to put into SQL text.</summary>
    /// <exception cref="ArgumentException">The name is empty, too long, reserved by PostgreSQL, or not valid text.</exception>
    public static string Quote(string? schema)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(schema);
        StoreValues.Key(schema, nameof(schema));
        if (Encoding.UTF8.GetByteCount(schema) > MaxNameBytes)
        {
            throw new ArgumentException($"The schema name '{schema}' is longer than PostgreSQL's {MaxNameBytes}-byte limit for names.", nameof(schema));
        }

        if (schema.StartsWith("pg_", StringComparison.OrdinalIgnoreCase))
        {
            throw new ArgumentException($"The schema name '{schema}' is reserved: PostgreSQL keeps names starting with 'pg_' for itself.", nameof(schema));
        }

        return "\"" + schema.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";
    }

    /// <summary>
    /// A 64-bit key for <c>pg_advisory_xact_lock</c>, derived from the schema and what is locked, so that stores in
    /// different schemas of one database never wait for each other.
    /// </summary>
    public static long LockKey(string schema, string purpose, string key)
    {
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes($"Uonet.Access.PostgreSql\n{schema}\n{purpose}\n{key}"));
        return BinaryPrimitives.ReadInt64BigEndian(hash);
    }

    /// <summary>One migration.</summary>
    /// <param name="Version">The schema version it produces.</param>
    /// <param name="Description">What it adds, recorded in <c>schema_version</c>.</param>
    /// <param name="ScriptName">The embedded script's file name without extension.</param>
    internal sealed record Migration(int Version, string Description, string ScriptName)
    {
        public string ReadScript()
        {
            var name = $"Uonet.Access.PostgreSql.Migrations.{ScriptName}.sql";
            using var stream = typeof(PostgreSqlSchema).Assembly.GetManifestResourceStream(name)
                ?? throw new InvalidOperationException($"The migration script '{name}' is missing from {typeof(PostgreSqlSchema).Assembly.GetName().Name}.");
            using var reader = new StreamReader(stream);
            return reader.ReadToEnd();
        }
    }
}
