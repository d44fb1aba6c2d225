using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace Uonet.Access.Sample.EntityFrameworkCore.School;

/// <summary>The context <c>dotnet ef migrations add</c> builds, without starting the host.</summary>
public sealed class SchoolPortalDesignTimeContext : IDesignTimeDbContextFactory<SchoolPortalContext>
{
    public SchoolPortalContext CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<SchoolPortalContext>().UseSqlite("Data Source=design-time.db").Options);
}
