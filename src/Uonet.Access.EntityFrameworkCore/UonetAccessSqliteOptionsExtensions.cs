using Uonet.Access.EntityFrameworkCore;

namespace Microsoft.EntityFrameworkCore;

/// <summary>Configures an application's context on SQLite for the Uonet.Access store: <c>UseSqlite(...).UseUonetAccessSqlite()</c>.</summary>
public static class UonetAccessSqliteOptionsExtensions
{
    /// <summary>
    /// Gives every SQLite connection the context opens the settings the Uonet.Access store relies on, as the hand-written
    /// SQLite store does: <c>busy_timeout=5000</c> (a writer waits for the lock inside SQLite instead of failing and
    /// sleeping), <c>foreign_keys=ON</c>, <c>synchronous=NORMAL</c>, and <c>journal_mode=WAL</c> on the file's first
    /// connection (readers never wait for the writer). Required on SQLite: the store refuses a SQLite context without
    /// it. Does nothing on other providers.
    /// </summary>
    /// <remarks>A connection the application opened itself before handing it to <c>UseSqlite</c> is not changed: open it through the context.</remarks>
    /// <param name="optionsBuilder">The context's options, after <c>UseSqlite(...)</c>.</param>
    /// <returns>The same builder.</returns>
    public static DbContextOptionsBuilder UseUonetAccessSqlite(this DbContextOptionsBuilder optionsBuilder)
    {
        ArgumentNullException.ThrowIfNull(optionsBuilder);
        return optionsBuilder.AddInterceptors(SqliteConnectionSettings.Instance);
    }

    /// <inheritdoc cref="UseUonetAccessSqlite(DbContextOptionsBuilder)"/>
    /// <typeparam name="TContext">The context type.</typeparam>
    public static DbContextOptionsBuilder<TContext> UseUonetAccessSqlite<TContext>(this DbContextOptionsBuilder<TContext> optionsBuilder)
        where TContext : DbContext
    {
        ArgumentNullException.ThrowIfNull(optionsBuilder);
        return optionsBuilder.AddInterceptors(SqliteConnectionSettings.Instance);
    }
}
