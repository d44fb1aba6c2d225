using Microsoft.EntityFrameworkCore;

namespace Uonet.Access.EntityFrameworkCore;

/// <summary>
/// A ready context holding only Uonet.Access's tables (default prefix, default schema), for an application that keeps
/// them in a database of their own or does not use EF Core for its own data. An application with a context of its own
/// calls <see cref="UonetAccessModelBuilderExtensions.AddUonetAccess"/> from its <c>OnModelCreating</c> instead.
/// </summary>
/// <remarks>
/// The package ships EF Core migrations of this context for SQLite and PostgreSQL; apply them with
/// <see cref="UonetAccessDatabase.MigrateAsync"/> (which picks the set of the configured provider).
/// </remarks>
public class UonetAccessDbContext : DbContext
{
    /// <summary>Creates the context with the options of its registration (<c>AddDbContextFactory&lt;UonetAccessDbContext&gt;(...)</c>).</summary>
    /// <param name="options">The options, naming the provider and the connection.</param>
    public UonetAccessDbContext(DbContextOptions<UonetAccessDbContext> options)
        : base(options)
    {
    }

    /// <summary>For contexts derived from this one, which pass options of their own type.</summary>
    /// <param name="options">The options, naming the provider and the connection.</param>
    protected UonetAccessDbContext(DbContextOptions options)
        : base(options)
    {
    }

    /// <inheritdoc />
    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        ArgumentNullException.ThrowIfNull(modelBuilder);
        modelBuilder.AddUonetAccess();
    }
}
