using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Uonet.Access.Records;
using Uonet.Access.Sample.EntityFrameworkCore.School;
using Uonet.Access.Sample.EntityFrameworkCore.Tests.Infrastructure;

namespace Uonet.Access.Sample.EntityFrameworkCore.Tests;

/// <summary>The app's announcements and Uonet.Access's tables: one context, one migration history, one database file.</summary>
public sealed class OneDatabaseTests : IDisposable
{
    private readonly SchoolPortalFactory _factory = new();

    public void Dispose() => _factory.Dispose();

    [Fact]
    public async Task Start_AppTableAndAccessTables_AreInOneFileMigratedByTheAppsOwnMigrations()
    {
        _ = _factory.Services;

        await using var connection = _factory.Connection();
        await connection.OpenAsync();
        var tables = await ColumnAsync(connection, "SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name;");
        var migrations = await ColumnAsync(connection, "SELECT MigrationId FROM __EFMigrationsHistory;");

        Assert.Contains("announcements", tables);
        Assert.Contains("uonet_access_accounts", tables);
        Assert.Contains("uonet_access_instances", tables);
        Assert.Contains("uonet_access_outbox", tables);
        Assert.EndsWith("_Initial", Assert.Single(migrations), StringComparison.Ordinal);
        await using var context = await ContextAsync();
        Assert.Empty(await context.Database.GetPendingMigrationsAsync());
        Assert.False(context.Database.HasPendingModelChanges(), "the app's model differs from its migrations: run dotnet ef migrations add");
    }

    [Fact]
    public async Task Start_TheAppsContext_OpensConnectionsWithTheStoresSqliteSettings()
    {
        // UseUonetAccessSqlite() in Program.cs: writers under contention wait inside SQLite, and the file is in WAL mode.
        await using var context = await ContextAsync();
        await context.Database.OpenConnectionAsync();
        var connection = (SqliteConnection)context.Database.GetDbConnection();

        var settings = new[]
        {
            (await ColumnAsync(connection, "PRAGMA busy_timeout;")).Single(),
            (await ColumnAsync(connection, "PRAGMA journal_mode;")).Single(),
        };

        Assert.Equal(["5000", "wal"], settings);
    }

    [Fact]
    public async Task SaveChanges_AppRowAndAccessRowInOneTransactionThatFails_NeitherIsStored()
    {
        var directory = _factory.Services.GetRequiredService<SchoolDirectory>();
        await using var context = await ContextAsync();
        var before = await context.Announcements.CountAsync();

        await using (var transaction = await context.Database.BeginTransactionAsync())
        {
            context.Announcements.Add(new Announcement { InstanceSymbol = "gminanowa", Title = "Nowa gmina", Body = "Witamy.", PublishedAt = _factory.Time.GetUtcNow() });
            await context.SaveChangesAsync();
            await context.Database.ExecuteSqlRawAsync("INSERT INTO uonet_access_instances (symbol, name, base_url) VALUES ('gminanowa', 'Gmina Nowa', 'https://uonetplus.example.pl/gminanowa/');");

            // The demo instance exists already: its key refuses the row, and the app rolls the whole unit back.
            await Assert.ThrowsAsync<SqliteException>(() => context.Database.ExecuteSqlRawAsync(
                "INSERT INTO uonet_access_instances (symbol, name, base_url) VALUES ('gminawulkanowo', 'Druga', 'https://uonetplus.example.pl/x/');"));
            await transaction.RollbackAsync();
        }

        await using var after = await ContextAsync();
        Assert.Equal(before, await after.Announcements.CountAsync());
        Assert.Null(await directory.FindInstanceAsync("gminanowa"));
        Assert.NotNull(await directory.FindInstanceAsync(SchoolPortalFactory.Symbol));
    }

    [Fact]
    public async Task SaveChanges_AppRowAndAccessRowInOneTransactionThatCommits_TheLibrarySeesTheAccessRow()
    {
        var directory = _factory.Services.GetRequiredService<SchoolDirectory>();
        await using var context = await ContextAsync();

        await using (var transaction = await context.Database.BeginTransactionAsync())
        {
            context.Announcements.Add(new Announcement { InstanceSymbol = "gminanowa", Title = "Nowa gmina", Body = "Witamy.", PublishedAt = _factory.Time.GetUtcNow() });
            await context.SaveChangesAsync();
            await context.Database.ExecuteSqlRawAsync("INSERT INTO uonet_access_instances (symbol, name, base_url) VALUES ('gminanowa', 'Gmina Nowa', 'https://uonetplus.example.pl/gminanowa/');");
            await transaction.CommitAsync();
        }

        Assert.Equal("Gmina Nowa", (await directory.FindInstanceAsync("gminanowa"))?.Name);
        await using var after = await ContextAsync();
        Assert.Single(await after.Announcements.Where(a => a.InstanceSymbol == "gminanowa").ToListAsync());
    }

    private Task<SchoolPortalContext> ContextAsync() =>
        _factory.Services.GetRequiredService<IDbContextFactory<SchoolPortalContext>>().CreateDbContextAsync();

    private static async Task<List<string>> ColumnAsync(SqliteConnection connection, string sql)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        var values = new List<string>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            values.Add(reader.GetString(0));
        }

        return values;
    }
}
