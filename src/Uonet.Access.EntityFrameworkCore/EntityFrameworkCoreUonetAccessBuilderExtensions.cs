using Microsoft.EntityFrameworkCore;
using Uonet.Access.DependencyInjection;
using Uonet.Access.EntityFrameworkCore;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers the Entity Framework Core store with <c>services.AddUonetAccess(...).UseEntityFrameworkCore&lt;TContext&gt;()</c>.</summary>
public static class EntityFrameworkCoreUonetAccessBuilderExtensions
{
    /// <summary>
    /// Uses one <see cref="EntityFrameworkCoreAccessStore{TContext}"/> over the application's context as every store
    /// contract. The context must be registered with a factory (<c>services.AddDbContextFactory&lt;TContext&gt;(...)</c>,
    /// or <c>AddPooledDbContextFactory</c>) and its model must hold Uonet.Access's tables
    /// (<see cref="UonetAccessModelBuilderExtensions.AddUonetAccess"/> in <c>OnModelCreating</c>, or
    /// <see cref="UonetAccessDbContext"/> itself).
    /// </summary>
    /// <remarks>
    /// Nothing is migrated here: the application owns its database and applies its migrations (with
    /// <see cref="UonetAccessDbContext"/>, <see cref="UonetAccessDatabase.MigrateAsync"/> applies the shipped ones).
    /// </remarks>
    /// <typeparam name="TContext">The application's context type.</typeparam>
    /// <param name="builder">The builder from <c>AddUonetAccess</c>.</param>
    /// <returns>The same builder.</returns>
    public static UonetAccessBuilder UseEntityFrameworkCore<TContext>(this UonetAccessBuilder builder)
        where TContext : DbContext
    {
        ArgumentNullException.ThrowIfNull(builder);
        return builder.UseStore(sp => new EntityFrameworkCoreAccessStore<TContext>(
            sp.GetService<IDbContextFactory<TContext>>()
            ?? throw new InvalidOperationException(
                $"UseEntityFrameworkCore<{typeof(TContext).Name}>() needs a factory of the context: add services.AddDbContextFactory<{typeof(TContext).Name}>(options => ...) (or AddPooledDbContextFactory).")));
    }
}
