using Microsoft.Data.Sqlite;
using Uonet.Access.Records;
using static Uonet.Access.Specification.Tests.Fixtures;

namespace Uonet.Access.Sqlite.Tests;

// The statements of every request run on connections the store keeps open with them prepared: what is read there must
// be as fresh as on a connection of its own, and a failed or cancelled call must not leave the next one a broken one.
public sealed class SqliteKeptConnectionTests : IDisposable
{
    private readonly SqliteDatabase _database = new();

    public void Dispose() => _database.Dispose();

    [Fact]
    public async Task ReadStandingSourcesAsync_AfterAnotherStoreChangedRecordsAndUnits_SeesBothAtOnce_R2_R8()
    {
        using var reader = await _database.CreateStoreAsync();
        await SeedAsync(reader);
        var before = await reader.ReadStandingSourcesAsync(Symbol, ParentEmail, withStaff: false, CancellationToken.None);

        // Another process on the same file (here a second store, with connections of its own).
        using var writer = new SqliteAccessStore(_database.ConnectionString);
        var record = Student(guardians: Guardian(ParentEmail));
        await writer.InsertStudentAsync(record, Audit(record), CancellationToken.None);
        await writer.UpdateUnitAsync(new SchoolUnit(Symbol, Sp1, "Szkoła Podstawowa nr 1", RequireGuardianPesel: true), CancellationToken.None);
        var after = await reader.ReadStandingSourcesAsync(Symbol, ParentEmail, withStaff: false, CancellationToken.None);

        Assert.Empty(before.Records);
        Assert.False(Assert.Single(before.Units).RequireGuardianPesel);
        Assert.Equal(record.Id, Assert.Single(after.Records).Id);
        Assert.True(Assert.Single(after.Units).RequireGuardianPesel);
    }

    [Fact]
    public async Task ReadDeviceSnapshotAsync_Cancelled_ThrowsAndTheNextCallAnswers_R7()
    {
        using var store = await _database.CreateStoreAsync();
        await SeedAsync(store);
        var device = await PairAsync(store, await CreateAccountAsync(store));
        Assert.NotNull(await store.ReadDeviceSnapshotAsync(device.Id, CancellationToken.None));
        using var cancelled = new CancellationTokenSource();
        await cancelled.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => store.ReadDeviceSnapshotAsync(device.Id, cancelled.Token));
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => store.TryRecordSignatureAsync(device.Id, HashOf("sig"), Now, Now.AddMinutes(5), cancelled.Token));
        var snapshot = await store.ReadDeviceSnapshotAsync(device.Id, CancellationToken.None);
        var recorded = await store.TryRecordSignatureAsync(device.Id, HashOf("sig"), Now, Now.AddMinutes(5), CancellationToken.None);

        Assert.Equal(device.Id, snapshot!.Device.Id);
        Assert.Equal(ParentEmail, snapshot.Account!.Email);
        Assert.True(recorded);
    }

    [Fact]
    public async Task TryRecordSignatureAsync_SameSignatureOnManyThreads_RecordedOnceAndReadsAnswerAlongside_R7()
    {
        using var store = await _database.CreateStoreAsync();
        await SeedAsync(store);
        var device = await PairAsync(store, await CreateAccountAsync(store));

        // More calls at once than the store keeps connections: the rest run on connections of their own.
        var results = await RunTogetherAsync(Enumerable.Range(0, 48).Select<int, Func<Task<bool>>>(i => i % 2 == 0
            ? () => store.TryRecordSignatureAsync(device.Id, HashOf("the one signature"), Now, Now.AddMinutes(5), CancellationToken.None)
            : async () => (await store.ReadDeviceSnapshotAsync(device.Id, CancellationToken.None))?.Device.Id == device.Id));

        Assert.Equal(1, results.Where((_, i) => i % 2 == 0).Count(recorded => recorded));
        Assert.All(results.Where((_, i) => i % 2 == 1), Assert.True);
    }

    [Fact]
    public async Task Dispose_ClosesTheKeptConnections_AndTheStoreStillAnswers()
    {
        var store = await _database.CreateStoreAsync();
        await SeedAsync(store);
        var device = await PairAsync(store, await CreateAccountAsync(store));
        Assert.NotNull(await store.ReadDeviceSnapshotAsync(device.Id, CancellationToken.None));
        var whileKept = LeaveWal();

        store.Dispose();
        var afterDispose = LeaveWal();
        var snapshot = await store.ReadDeviceSnapshotAsync(device.Id, CancellationToken.None);

        // Leaving WAL mode needs the only connection to the file: refused while the store keeps one open.
        Assert.Equal("wal", whileKept);
        Assert.Equal("delete", afterDispose);
        Assert.Equal(device.Id, snapshot!.Device.Id);
    }

    /// <summary>Tries to switch the file out of WAL mode (and back) with the pool emptied; answers the mode it got.</summary>
    private string LeaveWal()
    {
        using (var pooled = new SqliteConnection(_database.ConnectionString))
        {
            SqliteConnection.ClearPool(pooled);
        }

        using var connection = _database.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA journal_mode = DELETE;";
        string mode;
        try
        {
            mode = (string)command.ExecuteScalar()!;
        }
        catch (SqliteException exception) when (exception.SqliteErrorCode == 5)
        {
            mode = "wal";
        }

        command.CommandText = "PRAGMA journal_mode = WAL;";
        command.ExecuteScalar();
        return mode;
    }
}
