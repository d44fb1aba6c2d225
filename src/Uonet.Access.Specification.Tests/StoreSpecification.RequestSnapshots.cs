using Uonet.Access.Credentials;
using Uonet.Access.Records;
using Uonet.Access.Storage;
using Xunit;

namespace Uonet.Access.Specification.Tests;

/// <summary>
/// <see cref="IRequestSnapshotStore"/>, the one-round-trip read of every page view and phone request: it must answer
/// exactly what the separate reads answer (R5, R8: what an account sees comes from the records on every request), and
/// never anything of another instance (R6).
/// </summary>
public abstract partial class StoreSpecification
{
    [Fact]
    public async Task ReadSessionSnapshotAsync_GuardianOfTwoPupilsAndStaff_EqualsTheSeparateReads_R5_R6_R8()
    {
        var store = await CreateStoreAsync();
        await SeedSchoolsAsync(store);
        var account = await SeedSeenAccountAsync(store);
        var session = NewSession(account);
        await store.Credentials.CreateSessionAsync(session, CancellationToken.None);

        var snapshot = await SnapshotsOf(store).ReadSessionSnapshotAsync(session.Id, CancellationToken.None);

        Assert.NotNull(snapshot);
        Assert.Equal(await store.Credentials.FindSessionAsync(session.Id, CancellationToken.None), snapshot!.Session);
        AssertSameAccount(account, snapshot.Account);
        await AssertSameSourcesAsync(store, account, snapshot.Standing, withStaff: true);
        Assert.Equal(2, snapshot.Standing.Records.Count);
        Assert.NotNull(snapshot.Standing.Staff);
    }

    [Fact]
    public async Task ReadDeviceSnapshotAsync_PairedPhone_EqualsTheSeparateReadsWithoutStaff_R5_R6_R8()
    {
        var store = await CreateStoreAsync();
        await SeedSchoolsAsync(store);
        var account = await SeedSeenAccountAsync(store);
        var device = await PairAsync(store, account);

        var snapshot = await SnapshotsOf(store).ReadDeviceSnapshotAsync(device.Id, CancellationToken.None);

        Assert.NotNull(snapshot);
        AssertSameDevice(device, snapshot!.Device);
        AssertSameAccount(account, snapshot.Account);
        await AssertSameSourcesAsync(store, account, snapshot.Standing, withStaff: false);
        Assert.Equal(2, snapshot.Standing.Records.Count);
        Assert.Null(snapshot.Standing.Staff);
    }

    [Fact]
    public async Task ReadSessionSnapshotAsync_AccountNoRecordMentions_ReadsTheUnitsAnyway()
    {
        var store = await CreateStoreAsync();
        await SeedSchoolsAsync(store);
        var account = await CreateAccountAsync(store, OtherParentEmail);
        var session = NewSession(account);
        await store.Credentials.CreateSessionAsync(session, CancellationToken.None);

        var snapshot = await SnapshotsOf(store).ReadSessionSnapshotAsync(session.Id, CancellationToken.None);

        Assert.NotNull(snapshot);
        Assert.Empty(snapshot!.Standing.Records);
        Assert.Equal([Sp1, Sp2], snapshot.Standing.Units.Select(u => u.Code));
        Assert.Null(snapshot.Standing.Staff);
    }

    [Fact]
    public async Task ReadSnapshotAsync_UnknownIds_AnswerNull()
    {
        var store = await CreateStoreAsync();
        await SeedSchoolsAsync(store);
        await SeedSeenAccountAsync(store);

        Assert.Null(await SnapshotsOf(store).ReadSessionSnapshotAsync(Guid.NewGuid(), CancellationToken.None));
        Assert.Null(await SnapshotsOf(store).ReadDeviceSnapshotAsync(Guid.NewGuid(), CancellationToken.None));
    }

    [Fact]
    public async Task ReadSessionSnapshotAsync_RecordChangedAfterSignIn_SeesTheChangeOnTheNextRead_R8()
    {
        var store = await CreateStoreAsync();
        await SeedSchoolsAsync(store);
        var account = await SeedSeenAccountAsync(store);
        var session = NewSession(account);
        await store.Credentials.CreateSessionAsync(session, CancellationToken.None);
        var before = await SnapshotsOf(store).ReadSessionSnapshotAsync(session.Id, CancellationToken.None);
        var first = before!.Standing.Records[0];

        await UpdateAsync(store, first, r => r with { Guardians = [] });
        var after = await SnapshotsOf(store).ReadSessionSnapshotAsync(session.Id, CancellationToken.None);

        Assert.Equal(2, before.Standing.Records.Count);
        Assert.DoesNotContain(after!.Standing.Records, r => r.Id == first.Id);
    }

    [Fact]
    public async Task ReadStandingSourcesAsync_AddressInTwoInstances_EqualsTheSeparateReadsOfOne_R6()
    {
        var store = await CreateStoreAsync();
        await SeedSchoolsAsync(store);
        var account = await SeedSeenAccountAsync(store);
        var snapshots = Assert.IsAssignableFrom<IRequestSnapshotStore>(store.Records);

        var withStaff = await snapshots.ReadStandingSourcesAsync(Symbol, ParentEmail, withStaff: true, CancellationToken.None);
        var withoutStaff = await snapshots.ReadStandingSourcesAsync(Symbol, ParentEmail, withStaff: false, CancellationToken.None);
        var unknown = await snapshots.ReadStandingSourcesAsync(Symbol, "nikt@example.pl", withStaff: true, CancellationToken.None);

        await AssertSameSourcesAsync(store, account, withStaff, withStaff: true);
        await AssertSameSourcesAsync(store, account, withoutStaff, withStaff: false);
        Assert.All(withStaff.Records, r => Assert.Equal(Symbol, r.InstanceSymbol));
        Assert.Null(withoutStaff.Staff);
        Assert.Empty(unknown.Records);
        Assert.Equal(withStaff.Units, unknown.Units);
        Assert.Null(unknown.Staff);
    }

    /// <summary>The store's snapshot capability; every store of this repository has it.</summary>
    private static IRequestSnapshotStore SnapshotsOf(StoreUnderTest store) =>
        Assert.IsAssignableFrom<IRequestSnapshotStore>(store.Credentials);

    /// <summary>
    /// The account of <see cref="ParentEmail"/> in <see cref="Symbol"/>, a guardian of a pupil in SP1 and one in SP2 and
    /// a staff member there; the same address also stands in a record of <see cref="OtherSymbol"/>, which must not show.
    /// </summary>
    private static async Task<Account> SeedSeenAccountAsync(StoreUnderTest store)
    {
        await InsertAsync(store, Student("Jan", guardians: [Guardian(ParentEmail)]));
        await InsertAsync(store, Student("Ola", unitCode: Sp2, pesel: OtherPupilPesel, guardians: [Guardian(ParentEmail, pesel: GuardianPesel)]));
        await InsertAsync(store, Student("Adam", symbol: OtherSymbol, unitCode: Lo1, pesel: ThirdPupilPesel, guardians: [Guardian(ParentEmail)]));
        await InsertAsync(store, Student("Ewa", pesel: ThirdPupilPesel, guardians: [Guardian(OtherParentEmail)]));
        await store.Directory.SaveStaffAsync(new StaffMember(Symbol, ParentEmail, "Anna Kowalska", [new StaffAssignment(StaffRole.ClassTeacher, Sp1, "4A")]), CancellationToken.None);
        return await CreateAccountAsync(store);
    }

    private static async Task AssertSameSourcesAsync(StoreUnderTest store, Account account, StandingSources actual, bool withStaff)
    {
        var records = await store.Records.FindStudentsByEmailAsync(account.InstanceSymbol, account.Email, CancellationToken.None);
        Assert.Equal(IdsOf(records), IdsOf(actual.Records));
        foreach (var record in records)
        {
            AssertSameRecord(record, actual.Records.Single(r => r.Id == record.Id));
        }

        Assert.Equal(await store.Directory.ListUnitsAsync(account.InstanceSymbol, CancellationToken.None), actual.Units);
        if (withStaff)
        {
            AssertSameStaff((await store.Directory.FindStaffAsync(account.InstanceSymbol, account.Email, CancellationToken.None))!, actual.Staff);
        }
    }
}
