using Npgsql;
using Uonet.Access.DependencyInjection;
using Uonet.Access.PostgreSql.Sharding;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers the sharded PostgreSQL store with <c>services.AddUonetAccess(...).UsePostgreSqlShards(...)</c>.</summary>
public static class PostgreSqlShardsUonetAccessBuilderExtensions
{
    /// <summary>
    /// Uses one <see cref="PostgreSqlShardRouter"/> as every store contract: each instance in the database the options
    /// map it to, every other instance in the default database, one connection pool per database. The container disposes
    /// it (and its pools).
    /// </summary>
    /// <remarks>
    /// <paramref name="configure"/> runs now and the options are validated now, every problem reported together (a
    /// missing default, a symbol listed twice, a connection string that does not parse, an unusable schema name). The
    /// router is created when a store contract is first resolved; with <see cref="PostgreSqlShardOptions.MigrateOnStart"/>
    /// (the default) that first resolution also migrates every database and checks that no stored instance sits in
    /// another database than the map names. Resolve a store at start-up to fail early.
    /// </remarks>
    /// <param name="builder">The builder from <c>AddUonetAccess</c>.</param>
    /// <param name="configure">Fills the map, e.g. <c>o => configuration.GetSection("UonetAccess:PostgreSqlShards").Bind(o)</c>.</param>
    /// <exception cref="Microsoft.Extensions.Options.OptionsValidationException">The options are not usable.</exception>
    public static UonetAccessBuilder UsePostgreSqlShards(this UonetAccessBuilder builder, Action<PostgreSqlShardOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(configure);
        var options = new PostgreSqlShardOptions();
        configure(options);

        // Checked now, so a bad map fails at registration rather than at the first request.
        PostgreSqlShardRouter.Create(options).Dispose();
        return builder.UseStore(sp => Started(PostgreSqlShardRouter.Create(options, sp.GetService<TimeProvider>()), options.MigrateOnStart));
    }

    private static PostgreSqlShardRouter Started(PostgreSqlShardRouter router, bool migrateOnStart)
    {
        if (!migrateOnStart)
        {
            return router;
        }

        try
        {
            // A singleton factory runs once and cannot await; Task.Run keeps a caller's synchronization context out of it.
            Task.Run(() => router.MigrateAsync(CancellationToken.None)).GetAwaiter().GetResult();
            return router;
        }
        catch (Exception error) when (error is PostgreSqlShardUnavailableException or NpgsqlException)
        {
            router.Dispose();
            throw new InvalidOperationException(
                $"Uonet.Access could not bring the schemas of its sharded PostgreSQL store up to date at start-up: {error.Message} " +
                "Check the connection strings given to UsePostgreSqlShards, or set MigrateOnStart to false and run PostgreSqlShardRouter.MigrateAsync as a deployment step.",
                error);
        }
        catch
        {
            router.Dispose();
            throw;
        }
    }
}
