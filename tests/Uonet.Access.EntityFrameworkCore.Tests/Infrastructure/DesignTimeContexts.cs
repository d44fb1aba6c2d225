using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace Uonet.Access.EntityFrameworkCore.Tests.Infrastructure;

/// <summary>
/// What <c>dotnet ef migrations add</c> builds the shipped migrations with (this project is their startup project:
/// it references both providers, the package does not): <c>-- sqlite</c> or <c>-- postgresql</c>. See the package README.
/// </summary>
public sealed class DesignTimeContexts : IDesignTimeDbContextFactory<UonetAccessDbContext>
{
    public UonetAccessDbContext CreateDbContext(string[] args)
    {
        var options = new DbContextOptionsBuilder<UonetAccessDbContext>();
        _ = args.FirstOrDefault() switch
        {
            "sqlite" => options.UseSqlite("Data Source=design-time.db"),
            "postgresql" => options.UseNpgsql("Host=localhost;Database=design_time"),
            var other => throw new ArgumentException($"Pass the provider after --: sqlite or postgresql (not '{other}')."),
        };
        return new UonetAccessDbContext(UonetAccessDatabase.WithShippedMigrations(options.Options));
    }
}
