using Uonet.Access.Records;
using Xunit;

namespace Uonet.Access.Specification.Tests;

// Resolution of what an account sees (R5, R8) reads only this index, so a stale entry shows a child to the
// wrong person and a missing one hides a child from its guardian.
public abstract partial class StoreSpecification
{
    [Fact]
    public async Task FindStudentsByEmailAsync_PupilsOwnEmail_ReturnsRecord_R1()
    {
        var store = await CreateStoreAsync();
        await SeedSchoolsAsync(store);
        var record = await InsertAsync(store, Student(email: "jan.kowalski@example.pl", guardians: [Guardian("anna.kowalska@example.pl")]));
        await InsertAsync(store, Student("Anna", "Nowak", pesel: OtherPupilPesel, email: "anna.nowak@example.pl"));

        var found = await store.Records.FindStudentsByEmailAsync(Symbol, "jan.kowalski@example.pl", CancellationToken.None);

        AssertSameRecord(record, Assert.Single(found));
    }

    [Fact]
    public async Task FindStudentsByEmailAsync_AnyGuardiansEmail_ReturnsRecord_R2()
    {
        var store = await CreateStoreAsync();
        await SeedSchoolsAsync(store);
        var record = await InsertAsync(store, Student(guardians:
        [
            Guardian("anna.kowalska@example.pl"),
            Guardian(null, "Halina", "Kowalska", relation: GuardianRelation.LegalGuardian),
            Guardian("piotr.kowalski@example.pl", "Piotr", "Kowalski", relation: GuardianRelation.Father),
        ]));

        var byFirst = await store.Records.FindStudentsByEmailAsync(Symbol, "anna.kowalska@example.pl", CancellationToken.None);
        var byLast = await store.Records.FindStudentsByEmailAsync(Symbol, "piotr.kowalski@example.pl", CancellationToken.None);

        AssertSameRecord(record, Assert.Single(byFirst));
        AssertSameRecord(record, Assert.Single(byLast));
    }

    [Fact]
    public async Task FindStudentsByEmailAsync_GuardianOfChildrenInSeveralUnits_ReturnsEveryChild_R5()
    {
        var store = await CreateStoreAsync();
        await SeedSchoolsAsync(store);
        var jan = await InsertAsync(store, Student("Jan", "Kowalski", "4A", guardians: [Guardian("anna.kowalska@example.pl")]));
        var ola = await InsertAsync(store, Student("Aleksandra", "Kowalska", "1A", Sp2, pesel: ThirdPupilPesel, guardians: [Guardian("anna.kowalska@example.pl", pesel: GuardianPesel)]));
        await InsertAsync(store, Student("Anna", "Nowak", pesel: OtherPupilPesel, guardians: [Guardian("ewa.nowak@example.pl", "Ewa", "Nowak")]));

        var found = await store.Records.FindStudentsByEmailAsync(Symbol, "anna.kowalska@example.pl", CancellationToken.None);

        Assert.Equal(IdsOf([jan, ola]), IdsOf(found));
    }

    [Fact]
    public async Task FindStudentsByEmailAsync_EmailTwiceInOneRecord_ReturnsRecordOnce()
    {
        // R2 makes such a guardian ineligible, but the diagnosis must still find the record to say so.
        var store = await CreateStoreAsync();
        await SeedSchoolsAsync(store);
        var record = await InsertAsync(store, Student(email: "kowalscy@example.pl", guardians:
        [
            Guardian("kowalscy@example.pl"),
            Guardian("kowalscy@example.pl", "Piotr", "Kowalski", relation: GuardianRelation.Father),
        ]));

        var found = await store.Records.FindStudentsByEmailAsync(Symbol, "kowalscy@example.pl", CancellationToken.None);

        AssertSameRecord(record, Assert.Single(found));
    }

    [Fact]
    public async Task FindStudentsByEmailAsync_RecordOfAnotherInstance_NotReturned_R6()
    {
        var store = await CreateStoreAsync();
        await SeedSchoolsAsync(store);
        var own = await InsertAsync(store, Student(guardians: [Guardian("anna.kowalska@example.pl")]));
        var other = await InsertAsync(store, Student("Ola", "Kowalska", "2A", Lo1, OtherSymbol, ThirdPupilPesel, guardians: [Guardian("anna.kowalska@example.pl")]));

        var found = await store.Records.FindStudentsByEmailAsync(Symbol, "anna.kowalska@example.pl", CancellationToken.None);

        Assert.Equal([own.Id], IdsOf(found));
        Assert.Equal([other.Id], IdsOf(await store.Records.FindStudentsByEmailAsync(OtherSymbol, "anna.kowalska@example.pl", CancellationToken.None)));
        Assert.Empty(await store.Records.FindStudentsByEmailAsync(Symbol, "nikt@example.pl", CancellationToken.None));
    }

    [Fact]
    public async Task FindStudentsByEmailAsync_AfterGuardianEmailChanged_OldMissesAndNewFinds_R9()
    {
        var store = await CreateStoreAsync();
        await SeedSchoolsAsync(store);
        var record = await InsertAsync(store, Student(guardians: [Guardian("anna.kowalska@example.pl")]));

        var changed = await UpdateAsync(store, record, r => r with { Guardians = [r.Guardians[0] with { Email = "anna.nowa@example.pl" }] });

        Assert.Empty(await store.Records.FindStudentsByEmailAsync(Symbol, "anna.kowalska@example.pl", CancellationToken.None));
        AssertSameRecord(changed, Assert.Single(await store.Records.FindStudentsByEmailAsync(Symbol, "anna.nowa@example.pl", CancellationToken.None)));
    }

    [Fact]
    public async Task FindStudentsByEmailAsync_AfterPupilEmailChanged_OldMissesAndNewFinds_R9()
    {
        var store = await CreateStoreAsync();
        await SeedSchoolsAsync(store);
        var record = await InsertAsync(store, Student(email: "jan.kowalski@example.pl"));

        var changed = await UpdateAsync(store, record, r => r with { Email = "jan.kowalski@uczen.sp1.edu.pl" });

        Assert.Empty(await store.Records.FindStudentsByEmailAsync(Symbol, "jan.kowalski@example.pl", CancellationToken.None));
        AssertSameRecord(changed, Assert.Single(await store.Records.FindStudentsByEmailAsync(Symbol, "jan.kowalski@uczen.sp1.edu.pl", CancellationToken.None)));
    }

    [Fact]
    public async Task FindStudentsByEmailAsync_AfterEmailRemoved_NoLongerFindsRecord()
    {
        var store = await CreateStoreAsync();
        await SeedSchoolsAsync(store);
        var record = await InsertAsync(store, Student(email: "jan.kowalski@example.pl", guardians:
        [
            Guardian("anna.kowalska@example.pl"),
            Guardian("piotr.kowalski@example.pl", "Piotr", "Kowalski", relation: GuardianRelation.Father),
        ]));

        var changed = await UpdateAsync(store, record, r => r with { Email = null, Guardians = [r.Guardians[1]] });

        Assert.Empty(await store.Records.FindStudentsByEmailAsync(Symbol, "jan.kowalski@example.pl", CancellationToken.None));
        Assert.Empty(await store.Records.FindStudentsByEmailAsync(Symbol, "anna.kowalska@example.pl", CancellationToken.None));
        AssertSameRecord(changed, Assert.Single(await store.Records.FindStudentsByEmailAsync(Symbol, "piotr.kowalski@example.pl", CancellationToken.None)));
    }

    [Fact]
    public async Task FindStudentsByEmailAsync_AfterOtherFieldChanged_ReturnsCurrentVersion()
    {
        var store = await CreateStoreAsync();
        await SeedSchoolsAsync(store);
        var record = await InsertAsync(store, Student(guardians: [Guardian("anna.kowalska@example.pl")]));

        var changed = await UpdateAsync(store, record, r => r with { ClassName = "5A", LastName = "Kowalski-Nowak" });

        AssertSameRecord(changed, Assert.Single(await store.Records.FindStudentsByEmailAsync(Symbol, "anna.kowalska@example.pl", CancellationToken.None)));
    }

    [Fact]
    public async Task FindStudentsByEmailAsync_EmailRemovedFromOneOfTwoChildren_StillFindsTheOther()
    {
        var store = await CreateStoreAsync();
        await SeedSchoolsAsync(store);
        var jan = await InsertAsync(store, Student("Jan", "Kowalski", guardians: [Guardian("anna.kowalska@example.pl")]));
        var ola = await InsertAsync(store, Student("Aleksandra", "Kowalska", "2B", pesel: ThirdPupilPesel, guardians: [Guardian("anna.kowalska@example.pl")]));

        await UpdateAsync(store, jan, r => r with { Guardians = [] });

        Assert.Equal([ola.Id], IdsOf(await store.Records.FindStudentsByEmailAsync(Symbol, "anna.kowalska@example.pl", CancellationToken.None)));
    }

    [Fact]
    public async Task FindInstancesByEmailAsync_EmailInSeveralInstances_ReturnsSymbolsOrdered()
    {
        var store = await CreateStoreAsync();
        await SeedSchoolsAsync(store);
        await store.Directory.AddInstanceAsync(Instance("miastowulkanowo"), CancellationToken.None);
        await store.Directory.AddUnitAsync(Unit("miastowulkanowo", Sp1), CancellationToken.None);
        await InsertAsync(store, Student("Ola", "Kowalska", "2A", Lo1, OtherSymbol, ThirdPupilPesel, guardians: [Guardian("anna.kowalska@example.pl")]));
        await InsertAsync(store, Student(symbol: "miastowulkanowo", email: "anna.kowalska@example.pl"));
        await InsertAsync(store, Student(guardians: [Guardian("anna.kowalska@example.pl")]));
        await InsertAsync(store, Student("Anna", "Nowak", unitCode: Sp2, pesel: OtherPupilPesel, guardians: [Guardian("anna.kowalska@example.pl", pesel: GuardianPesel)]));

        var symbols = await store.Records.FindInstancesByEmailAsync("anna.kowalska@example.pl", CancellationToken.None);

        Assert.Equal(["gminawulkanowo", "miastowulkanowo", "powiatwulkanowy"], symbols);
        Assert.Empty(await store.Records.FindInstancesByEmailAsync("nikt@example.pl", CancellationToken.None));
    }

    [Fact]
    public async Task FindInstancesByEmailAsync_LastMentionInInstanceRemoved_InstanceDropsOut()
    {
        var store = await CreateStoreAsync();
        await SeedSchoolsAsync(store);
        var own = await InsertAsync(store, Student(guardians: [Guardian("anna.kowalska@example.pl")]));
        await InsertAsync(store, Student("Ola", "Kowalska", "2A", Lo1, OtherSymbol, ThirdPupilPesel, email: "anna.kowalska@example.pl"));

        await UpdateAsync(store, own, r => r with { Guardians = [r.Guardians[0] with { Email = "anna.nowa@example.pl" }] });

        Assert.Equal([OtherSymbol], await store.Records.FindInstancesByEmailAsync("anna.kowalska@example.pl", CancellationToken.None));
        Assert.Equal([Symbol], await store.Records.FindInstancesByEmailAsync("anna.nowa@example.pl", CancellationToken.None));
    }

    [Fact]
    public async Task FindInstancesByEmailAsync_OneOfTwoMentionsRemoved_InstanceStays()
    {
        var store = await CreateStoreAsync();
        await SeedSchoolsAsync(store);
        var jan = await InsertAsync(store, Student("Jan", "Kowalski", guardians: [Guardian("anna.kowalska@example.pl")]));
        await InsertAsync(store, Student("Aleksandra", "Kowalska", "1A", Sp2, pesel: ThirdPupilPesel, guardians: [Guardian("anna.kowalska@example.pl", pesel: GuardianPesel)]));

        await UpdateAsync(store, jan, r => r with { Guardians = [] });

        Assert.Equal([Symbol], await store.Records.FindInstancesByEmailAsync("anna.kowalska@example.pl", CancellationToken.None));
    }
}
