using System.Reflection;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Microsoft.EntityFrameworkCore.Migrations.Internal;

namespace Uonet.Access.EntityFrameworkCore;

/// <summary>
/// The package ships one set of migrations of <see cref="UonetAccessDbContext"/> per provider, each in a namespace of
/// its own; EF Core would take every migration of the context in the assembly, so this picks the set of the context's
/// provider (and its model snapshot).
/// </summary>
internal static class ShippedMigrations
{
    public const string SqliteProvider = "Microsoft.EntityFrameworkCore.Sqlite";

    public const string PostgreSqlProvider = "Npgsql.EntityFrameworkCore.PostgreSQL";

    public static string For(string? provider) => provider switch
    {
        SqliteProvider => typeof(ShippedMigrations).Namespace + ".Migrations.Sqlite",
        PostgreSqlProvider => typeof(ShippedMigrations).Namespace + ".Migrations.PostgreSql",
        _ => throw new NotSupportedException(
            $"Uonet.Access ships migrations for SQLite and PostgreSQL, not for '{provider}': add the tables to a context of your own (modelBuilder.AddUonetAccess()) and to its migrations."),
    };
}

#pragma warning disable EF1001 // MigrationsAssembly is EF Core's own implementation; only its choice of types is narrowed here.
internal sealed class ShippedMigrationsAssembly(
    ICurrentDbContext currentContext,
    IDbContextOptions options,
    IMigrationsIdGenerator idGenerator,
    IDiagnosticsLogger<DbLoggerCategory.Migrations> logger)
    : MigrationsAssembly(currentContext, options, idGenerator, logger)
{
    private readonly string? _namespace = Namespace(currentContext.Context.Database.ProviderName);

    public override IReadOnlyDictionary<string, TypeInfo> Migrations =>
        base.Migrations.Where(m => m.Value.Namespace == _namespace).ToDictionary(m => m.Key, m => m.Value);

    public override ModelSnapshot? ModelSnapshot =>
        Assembly.GetTypes()
            .Where(t => t.Namespace == _namespace && typeof(ModelSnapshot).IsAssignableFrom(t))
            .Select(t => (ModelSnapshot?)Activator.CreateInstance(t))
            .FirstOrDefault();

    private static string? Namespace(string? provider) =>
        provider is ShippedMigrations.SqliteProvider or ShippedMigrations.PostgreSqlProvider ? ShippedMigrations.For(provider) : null;
}
#pragma warning restore EF1001
