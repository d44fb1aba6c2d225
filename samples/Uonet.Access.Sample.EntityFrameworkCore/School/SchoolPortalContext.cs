using Microsoft.EntityFrameworkCore;
using Uonet.Access.EntityFrameworkCore;

namespace Uonet.Access.Sample.EntityFrameworkCore.School;

/// <summary>
/// The application's one context: its announcements and Uonet.Access's tables (prefix <c>uonet_access_</c>) in one
/// database, under one set of migrations (<c>Migrations/</c>).
/// </summary>
public sealed class SchoolPortalContext(DbContextOptions<SchoolPortalContext> options) : DbContext(options)
{
    public DbSet<Announcement> Announcements => Set<Announcement>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        var announcement = modelBuilder.Entity<Announcement>();
        announcement.ToTable("announcements");
        announcement.Property(a => a.InstanceSymbol).HasMaxLength(64);
        announcement.Property(a => a.Title).HasMaxLength(200);
        announcement.Property(a => a.Body).HasMaxLength(4000);

        // SQLite cannot order by a DateTimeOffset column: the time is stored as UTC ticks.
        announcement.Property(a => a.PublishedAt).HasConversion(v => v.UtcTicks, v => new DateTimeOffset(v, TimeSpan.Zero));
        announcement.HasIndex(a => new { a.InstanceSymbol, a.PublishedAt });
        modelBuilder.AddUonetAccess(new UonetAccessModelOptions { TablePrefix = "uonet_access_" });
    }
}
