using Microsoft.Data.Sqlite;

namespace Uonet.Access.Sample.EntityFrameworkCore.Tests.Infrastructure;

/// <summary>
/// The EF Core host on its own temporary SQLite file, migrated and seeded at start (see
/// <see cref="SampleHostFactory{TEntryPoint}"/>).
/// </summary>
public sealed class SchoolPortalFactory() : SampleHostFactory<Program>("uonet-access-efsample-tests", "school-portal.db")
{
    /// <summary>A connection of its own to the host's database file, outside EF Core.</summary>
    public SqliteConnection Connection() => new(new SqliteConnectionStringBuilder { DataSource = DatabasePath }.ToString());
}
