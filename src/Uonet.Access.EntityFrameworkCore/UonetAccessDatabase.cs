using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace Uonet.Access.EntityFrameworkCore;

/// <summary>Brings a database of <see cref="UonetAccessDbContext"/> to the current schema.</summary>
public static class UonetAccessDatabase
{
    /// <summary>
    /// Applies every shipped migration the database has not seen yet (EF Core's <c>__EFMigrationsHistory</c>), the set of
    /// the context's provider (SQLite or PostgreSQL). Idempotent. On SQLite it first switches the file to WAL mode. An application with a context of its own includes
    /// Uonet.Access's tables in its own migrations instead.
    /// </summary>
    /// <param name="context">A context of the ready type (or one derived from it) on SQLite or PostgreSQL.</param>
    /// <param name="cancellationToken">Cancels the migration.</param>
    /// <returns>A task that completes when the database is current.</returns>
    /// <exception cref="NotSupportedException">The context's provider is neither SQLite nor PostgreSQL.</exception>
    public static async Task MigrateAsync(UonetAccessDbContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var provider = context.Database.ProviderName;
        _ = ShippedMigrations.For(provider);
        if (provider == ShippedMigrations.SqliteProvider)
        {
            // Readers then never wait for the writer (the one IMMEDIATE transaction at a time); the mode stays with the file.
            await context.Database.ExecuteSqlRawAsync("PRAGMA journal_mode = WAL;", cancellationToken).ConfigureAwait(false);
        }

        // A context of its own for the migration: the application's may come from a pool, whose options are fixed, and
        // EF Core would otherwise take the migrations of both providers shipped side by side in this assembly.
        await using var migrating = new UonetAccessDbContext(WithShippedMigrations(context.GetService<IDbContextOptions>()));
        await migrating.Database.MigrateAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The options of a context, with EF Core's choice of migrations narrowed to the provider's shipped set.</summary>
    internal static DbContextOptions<UonetAccessDbContext> WithShippedMigrations(IDbContextOptions options)
    {
        var builder = new DbContextOptionsBuilder<UonetAccessDbContext>();
        foreach (var extension in options.Extensions)
        {
            ((IDbContextOptionsBuilderInfrastructure)builder).AddOrUpdateExtension(extension);
        }

        return builder.ReplaceService<IMigrationsAssembly, ShippedMigrationsAssembly>().Options;
    }
}
