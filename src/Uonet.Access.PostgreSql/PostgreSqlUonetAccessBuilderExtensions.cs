using System.Diagnostics.CodeAnalysis;
using Npgsql;
using Uonet.Access.DependencyInjection;
using Uonet.Access.PostgreSql;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers the PostgreSQL store with <c>services.AddUonetAccess(...).UsePostgreSql(...)</c>.</summary>
public static class PostgreSqlUonetAccessBuilderExtensions
{
    /// <summary>
    /// Uses one <see cref="PostgreSqlAccessStore"/> with a data source of its own over <paramref name="connectionString"/>
    /// as every store contract; the container disposes it (and its connection pool).
    /// </summary>
    /// <remarks>
    /// The store is created when a store contract is first resolved. With <paramref name="migrateOnStart"/> (the
    /// default) that first resolution also brings the schema to the current version, once per process
    /// (<see cref="PostgreSqlAccessStore.MigrateAsync"/>; a current schema costs a few queries, and several processes
    /// starting together take turns). Resolve a store at start-up to fail early: a server that cannot be reached is then
    /// reported with where the store looked. Pass <see langword="false"/> to run the migration yourself (a deployment
    /// step); the store then refuses to work on a schema at another version.
    /// </remarks>
    /// <param name="builder">The builder from <c>AddUonetAccess</c>.</param>
    /// <param name="connectionString">An Npgsql connection string, e.g. <c>Host=db;Database=school;Username=uonet;Password=…</c>.</param>
    /// <param name="migrateOnStart">Whether to apply pending migrations when the store is created.</param>
    /// <param name="schema">The PostgreSQL schema that holds the tables.</param>
    /// <exception cref="ArgumentException">The connection string is empty or malformed, or the schema name is not usable.</exception>
    [SuppressMessage("ApiDesign", "RS0026:Do not add multiple public overloads with optional parameters", Justification = "The overloads differ in the type of their first parameter (a connection string or a data source), so no call can match both.")]
    public static UonetAccessBuilder UsePostgreSql(this UonetAccessBuilder builder, string connectionString, bool migrateOnStart = true, string schema = PostgreSqlAccessStore.DefaultSchema)
    {
        ArgumentNullException.ThrowIfNull(builder);

        // Checked now, so a bad connection string fails at registration rather than at the first request.
        PostgreSqlAccessStore.Create(connectionString, schema).Dispose();
        return builder.UseStore(sp => Started(PostgreSqlAccessStore.Create(connectionString, schema, sp.GetService<TimeProvider>()), migrateOnStart));
    }

    /// <summary>
    /// Uses one <see cref="PostgreSqlAccessStore"/> over <paramref name="dataSource"/> as every store contract. The data
    /// source stays the caller's: register and dispose it as the application does its own.
    /// </summary>
    /// <remarks>Start-up migration works as in <see cref="UsePostgreSql(UonetAccessBuilder, string, bool, string)"/>.</remarks>
    /// <param name="builder">The builder from <c>AddUonetAccess</c>.</param>
    /// <param name="dataSource">The application's Npgsql data source.</param>
    /// <param name="migrateOnStart">Whether to apply pending migrations when the store is created.</param>
    /// <param name="schema">The PostgreSQL schema that holds the tables.</param>
    /// <exception cref="ArgumentException">The schema name is not usable.</exception>
    [SuppressMessage("ApiDesign", "RS0026:Do not add multiple public overloads with optional parameters", Justification = "The overloads differ in the type of their first parameter (a connection string or a data source), so no call can match both.")]
    public static UonetAccessBuilder UsePostgreSql(this UonetAccessBuilder builder, NpgsqlDataSource dataSource, bool migrateOnStart = true, string schema = PostgreSqlAccessStore.DefaultSchema)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(dataSource);
        _ = PostgreSqlSchema.Quote(schema);
        return builder.UseStore(sp => Started(new PostgreSqlAccessStore(dataSource, schema, sp.GetService<TimeProvider>()), migrateOnStart));
    }

    private static PostgreSqlAccessStore Started(PostgreSqlAccessStore store, bool migrateOnStart)
    {
        if (!migrateOnStart)
        {
            return store;
        }

        try
        {
            // A singleton factory runs once and cannot await; Task.Run keeps a caller's synchronization context out of it.
            Task.Run(() => store.MigrateAsync(CancellationToken.None)).GetAwaiter().GetResult();
            return store;
        }
        catch (NpgsqlException error)
        {
            store.Dispose();
            throw new InvalidOperationException(
                $"Uonet.Access could not bring its PostgreSQL schema '{store.Schema}' up to date at start-up ({store.Where}): {error.Message} " +
                "Check the connection given to UsePostgreSql, or pass migrateOnStart: false and run PostgreSqlAccessStore.MigrateAsync as a deployment step.",
                error);
        }
        catch
        {
            store.Dispose();
            throw;
        }
    }
}
