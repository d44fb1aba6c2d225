using Microsoft.Data.Sqlite;

namespace Uonet.Access.Sqlite.Tests;

/// <summary>A database file of its own for one test, deleted (with its WAL files) when the test ends.</summary>
internal sealed class SqliteDatabase : IDisposable
{
    private static readonly string Folder = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "uonet-access-sqlite-tests");

    public SqliteDatabase()
    {
        Directory.CreateDirectory(Folder);
        Path = System.IO.Path.Combine(Folder, $"{Guid.NewGuid():N}.db");
        ConnectionString = new SqliteConnectionStringBuilder { DataSource = Path, Pooling = true }.ToString();
    }

    public string Path { get; }

    public string ConnectionString { get; }

    /// <summary>A store over the file, migrated to the current schema.</summary>
    public async Task<SqliteAccessStore> CreateStoreAsync(TimeProvider? time = null)
    {
        var store = new SqliteAccessStore(ConnectionString, time);
        await store.MigrateAsync(CancellationToken.None);
        return store;
    }

    /// <summary>A raw connection to the file, for looking at what the store wrote.</summary>
    public SqliteConnection Open()
    {
        var connection = new SqliteConnection(ConnectionString);
        connection.Open();
        return connection;
    }

    public void Dispose()
    {
        // Pooled connections keep the file open; closing them lets the files go.
        using (var connection = new SqliteConnection(ConnectionString))
        {
            SqliteConnection.ClearPool(connection);
        }

        foreach (var suffix in new[] { "", "-wal", "-shm", ".mail-keys" })
        {
            File.Delete(Path + suffix);
        }
    }
}
