using Microsoft.Data.Sqlite;
using Uonet.Access;
using Uonet.Access.DependencyInjection;
using Uonet.Access.Sqlite;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers the SQLite store with <c>services.AddUonetAccess(...).UseSqlite(...)</c>.</summary>
public static class SqliteUonetAccessBuilderExtensions
{
    /// <summary>
    /// Uses one <see cref="SqliteAccessStore"/> over <paramref name="connectionString"/> as every store contract.
    /// </summary>
    /// <remarks>
    /// The store is created when a store contract is first resolved. With <paramref name="migrateOnStart"/> (the
    /// default) that first resolution also brings the database to the current schema version, synchronously and once
    /// per process (<see cref="SqliteAccessStore.MigrateAsync"/>; a database that is already current costs one query),
    /// so no hosted service is needed; resolve a store at start-up to fail early on a bad file. Pass
    /// <see langword="false"/> to run the migration yourself (a deployment step); the store then refuses to work on a
    /// database at another version.
    /// <para>
    /// Unless the host configured mail keys or a key file, <c>options.Mail.Protection.KeyFile</c> becomes
    /// <c>&lt;database file&gt;.mail-keys</c>: in the Development environment it is created on first use (0600), so every
    /// host of one database file (the portal and the console tool) protects and reads the outbox with the same key;
    /// elsewhere it must exist (or configure keys).
    /// </para>
    /// </remarks>
    /// <param name="builder">The builder from <c>AddUonetAccess</c>.</param>
    /// <param name="connectionString">A Microsoft.Data.Sqlite connection string naming a file, e.g. <c>Data Source=uonet-access.db</c>.</param>
    /// <param name="migrateOnStart">Whether to apply pending migrations when the store is created.</param>
    /// <exception cref="ArgumentException">The connection string is empty, malformed, or names no file.</exception>
    public static UonetAccessBuilder UseSqlite(this UonetAccessBuilder builder, string connectionString, bool migrateOnStart = true)
    {
        ArgumentNullException.ThrowIfNull(builder);

        // Checked now, so a bad connection string fails at registration rather than at the first request.
        _ = new SqliteAccessStore(connectionString);
        var database = new SqliteConnectionStringBuilder(connectionString);
        if (database.Mode != SqliteOpenMode.Memory && database.DataSource is { Length: > 0 } file && file != ":memory:")
        {
            var keyFile = Path.GetFullPath(file) + ".mail-keys";
            builder.Services.PostConfigure<UonetAccessOptions>(options =>
            {
                if (options.Mail.Protection.Keys.Count == 0)
                {
                    options.Mail.Protection.KeyFile ??= keyFile;
                }
            });
        }

        return builder.UseStore(sp =>
        {
            var store = new SqliteAccessStore(connectionString, sp.GetService<TimeProvider>());
            if (migrateOnStart)
            {
                // A singleton factory runs once; Microsoft.Data.Sqlite completes synchronously, so blocking here is safe.
                store.MigrateAsync(CancellationToken.None).GetAwaiter().GetResult();
            }

            return store;
        });
    }
}
