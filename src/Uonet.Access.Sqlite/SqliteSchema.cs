namespace Uonet.Access.Sqlite;

/// <summary>The versioned migrations of the store's schema, embedded as SQL scripts and applied in order.</summary>
internal static class SqliteSchema
{
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
    ];

    /// <summary>The version this library reads and writes.</summary>
    public static int Latest => Migrations[^1].Version;

    public const string CreateVersionTable =
        "CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL PRIMARY KEY, description TEXT NOT NULL, applied_at INTEGER NOT NULL) STRICT;";

    /// <summary>One migration.</summary>
    /// <param name="Version">The schema version it produces.</param>
    /// <param name="Description">What it adds, recorded in <c>schema_version</c>.</param>
    /// <param name="ScriptName">The embedded script's file name without extension.</param>
    internal sealed record Migration(int Version, string Description, string ScriptName)
    {
        public string ReadScript()
        {
            var name = $"Uonet.Access.Sqlite.Migrations.{ScriptName}.sql";
            using var stream = typeof(SqliteSchema).Assembly.GetManifestResourceStream(name)
                ?? throw new InvalidOperationException($"The migration script '{name}' is missing from {typeof(SqliteSchema).Assembly.GetName().Name}.");
            using var reader = new StreamReader(stream);
            return reader.ReadToEnd();
        }
    }
}
