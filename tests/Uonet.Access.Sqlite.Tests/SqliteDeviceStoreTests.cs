using Microsoft.Data.Sqlite;
using static Uonet.Access.Specification.Tests.Fixtures;

namespace Uonet.Access.Sqlite.Tests;

// The contracts of devices, pairing tickets, maintenance, closure and links are the shared specification's; what stays
// here is what only the SQLite store promises: the replay cache sweeps its own table, and links keep their foreign keys.
public sealed class SqliteDeviceStoreTests : IDisposable
{
    // The store sweeps expired replay entries on one recording in this many.
    private const int SweepInterval = 1024;

    private readonly SqliteDatabase _database = new();

    public void Dispose() => _database.Dispose();

    [Fact]
    public async Task TryRecordSignatureAsync_ExpiredEntries_SweptSoTheTableHoldsOnlyTheClockWindow()
    {
        var store = await _database.CreateStoreAsync();
        var deviceId = Guid.NewGuid();
        for (var i = 1; i < SweepInterval; i++)
        {
            Assert.True(await store.TryRecordSignatureAsync(deviceId, HashOf($"sig{i}"), Now, Now.AddMinutes(5), CancellationToken.None));
        }

        Assert.Equal(SweepInterval - 1, CountReplayEntries());

        // Ten minutes on, every entry so far has expired; the next recording sweeps them before it is written.
        Assert.True(await store.TryRecordSignatureAsync(deviceId, HashOf("sig-late"), Now.AddMinutes(10), Now.AddMinutes(15), CancellationToken.None));

        Assert.Equal(1, CountReplayEntries());
        Assert.False(await store.TryRecordSignatureAsync(deviceId, HashOf("sig-late"), Now.AddMinutes(11), Now.AddMinutes(16), CancellationToken.None));
    }

    [Fact]
    public async Task LinkAccountsAsync_UnknownAccount_ThrowsAndNothingLinked()
    {
        var store = await _database.CreateStoreAsync();
        await SeedAsync(store);
        var account = await CreateAccountAsync(store);

        var error = await Assert.ThrowsAsync<SqliteException>(() => store.LinkAccountsAsync(account.Id, Guid.NewGuid(), Now, CancellationToken.None));

        Assert.Contains("FOREIGN KEY", error.Message, StringComparison.Ordinal);
        Assert.Empty(await store.ListLinkedAccountsAsync(account.Id, CancellationToken.None));
    }

    private long CountReplayEntries()
    {
        using var connection = _database.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT COUNT(*) FROM signature_replay;";
        return (long)command.ExecuteScalar()!;
    }
}
