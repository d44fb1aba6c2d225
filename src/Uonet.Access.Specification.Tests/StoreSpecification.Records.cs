using Uonet.Access.Records;
using Uonet.Access.Storage;
using Xunit;

namespace Uonet.Access.Specification.Tests;

public abstract partial class StoreSpecification
{
    [Fact]
    public async Task InsertStudentAsync_NewRecord_CanBeFoundWithEveryField()
    {
        var store = await CreateStoreAsync();
        await SeedSchoolsAsync(store);
        var record = Student(
            unitCode: Sp2,
            email: "jan.kowalski@uczen.sp2.edu.pl",
            guardians:
            [
                Guardian("anna.kowalska@example.pl", pesel: GuardianPesel),
                Guardian("piotr.kowalski@example.pl", "Piotr", "Kowalski", relation: GuardianRelation.Father),
                Guardian(null, "Halina", null, relation: GuardianRelation.LegalGuardian),
            ]) with
        {
            Version = 7,
            CreatedAt = Entered.AddDays(-30),
        };

        var result = await store.Records.InsertStudentAsync(record, AddedAudit(record, Entered), CancellationToken.None);

        Assert.Equal(StoreWriteResult.Success, result);
        AssertSameRecord(record, await store.Records.FindStudentAsync(Symbol, record.Id, CancellationToken.None));
    }

    [Fact]
    public async Task InsertStudentAsync_RecordWithoutPeselEmailOrGuardians_CanBeFound_R1()
    {
        // A record may be entered before R1 holds; the missing fields come back as missing, not as empty text.
        var store = await CreateStoreAsync();
        await SeedSchoolsAsync(store);
        var record = Student(pesel: null, email: null);

        await InsertAsync(store, record);

        var found = await store.Records.FindStudentAsync(Symbol, record.Id, CancellationToken.None);
        AssertSameRecord(record, found);
        Assert.Null(found!.Pesel);
        Assert.Null(found.Email);
    }

    [Fact]
    public async Task FindStudentAsync_WrongInstanceOrUnknownId_ReturnsNull_R6()
    {
        var store = await CreateStoreAsync();
        await SeedSchoolsAsync(store);
        var record = await InsertAsync(store, Student());

        Assert.Null(await store.Records.FindStudentAsync(OtherSymbol, record.Id, CancellationToken.None));
        Assert.Null(await store.Records.FindStudentAsync(Symbol, Guid.NewGuid(), CancellationToken.None));
    }

    [Fact]
    public async Task InsertStudentAsync_IdTaken_DuplicateAndNothingWritten()
    {
        var store = await CreateStoreAsync();
        await SeedSchoolsAsync(store);
        var original = await InsertAsync(store, Student(email: "jan.kowalski@example.pl"));
        var impostor = Student("Adam", "Nowak", email: "adam.nowak@example.pl") with { Id = original.Id };

        var result = await store.Records.InsertStudentAsync(impostor, AddedAudit(impostor, Entered.AddMinutes(1)), CancellationToken.None);

        Assert.Equal(StoreWriteResult.Duplicate, result);
        AssertSameRecord(original, await store.Records.FindStudentAsync(Symbol, original.Id, CancellationToken.None));
        Assert.Empty(await store.Records.FindStudentsByEmailAsync(Symbol, "adam.nowak@example.pl", CancellationToken.None));
        Assert.Single(await store.Records.ListAuditAsync(Symbol, original.Id, 100, CancellationToken.None));
    }

    [Fact]
    public async Task InsertStudentAsync_MissingUnit_NotFoundAndNothingWritten()
    {
        var store = await CreateStoreAsync();
        await SeedSchoolsAsync(store);
        var record = Student(unitCode: "SP9", email: "jan.kowalski@example.pl", guardians: [Guardian("anna.kowalska@example.pl")]);

        var result = await store.Records.InsertStudentAsync(record, AddedAudit(record, Entered), CancellationToken.None);

        Assert.Equal(StoreWriteResult.NotFound, result);
        Assert.Null(await store.Records.FindStudentAsync(Symbol, record.Id, CancellationToken.None));
        Assert.Empty(await store.Records.ListStudentsAsync(Symbol, "SP9", null, CancellationToken.None));
        Assert.Empty(await store.Records.FindStudentsByEmailAsync(Symbol, "anna.kowalska@example.pl", CancellationToken.None));
        Assert.Empty(await store.Records.FindInstancesByEmailAsync("jan.kowalski@example.pl", CancellationToken.None));
        Assert.Empty(await store.Records.ListAuditAsync(Symbol, null, 100, CancellationToken.None));
    }

    [Fact]
    public async Task InsertStudentAsync_UnitCodeOfAnotherInstance_NotFound_R6()
    {
        var store = await CreateStoreAsync();
        await SeedSchoolsAsync(store);
        var record = Student(unitCode: Lo1);

        var result = await store.Records.InsertStudentAsync(record, AddedAudit(record, Entered), CancellationToken.None);

        Assert.Equal(StoreWriteResult.NotFound, result);
        Assert.Null(await store.Records.FindStudentAsync(Symbol, record.Id, CancellationToken.None));
        Assert.Empty(await store.Records.ListAuditAsync(Symbol, null, 100, CancellationToken.None));
    }

    [Fact]
    public async Task ListStudentsAsync_WholeUnit_OrderedByClassLastNameFirstName()
    {
        var store = await CreateStoreAsync();
        await SeedSchoolsAsync(store);
        await InsertAsync(store, Student("Ewa", "Adamska", "4B", pesel: ThirdPupilPesel));
        await InsertAsync(store, Student("Jan", "Nowak", "4A"));
        await InsertAsync(store, Student("Maria", "Wiśniewska", "5A", pesel: null));
        await InsertAsync(store, Student("Anna", "Nowak", "4A", pesel: OtherPupilPesel));
        await InsertAsync(store, Student("Piotr", "Kowalski", "4A", pesel: null));

        var list = await store.Records.ListStudentsAsync(Symbol, Sp1, null, CancellationToken.None);

        Assert.Equal(
            ["4A Piotr Kowalski", "4A Anna Nowak", "4A Jan Nowak", "4B Ewa Adamska", "5A Maria Wiśniewska"],
            list.Select(r => $"{r.ClassName} {r.FullName}"));
    }

    [Fact]
    public async Task ListStudentsAsync_OneClass_OnlyThatClassInOrder()
    {
        var store = await CreateStoreAsync();
        await SeedSchoolsAsync(store);
        await InsertAsync(store, Student("Jan", "Nowak", "4A"));
        await InsertAsync(store, Student("Ewa", "Adamska", "4B", pesel: ThirdPupilPesel));
        var anna = await InsertAsync(store, Student("Anna", "Nowak", "4A", pesel: OtherPupilPesel, email: "anna.nowak@example.pl", guardians: [Guardian("ojciec.nowak@example.pl", "Tomasz", "Nowak", relation: GuardianRelation.Father)]));

        var list = await store.Records.ListStudentsAsync(Symbol, Sp1, "4A", CancellationToken.None);

        Assert.Equal(["Anna Nowak", "Jan Nowak"], list.Select(r => r.FullName));
        AssertSameRecord(anna, list[0]);
    }

    [Fact]
    public async Task ListStudentsAsync_SameUnitCodeInAnotherInstance_ListsOnlyThatUnit_R6()
    {
        var store = await CreateStoreAsync();
        await SeedSchoolsAsync(store);
        await store.Directory.AddUnitAsync(Unit(OtherSymbol, Sp1), CancellationToken.None);
        var own = await InsertAsync(store, Student("Jan", "Kowalski"));
        await InsertAsync(store, Student("Ewa", "Adamska", unitCode: Sp2, pesel: OtherPupilPesel));
        await InsertAsync(store, Student("Adam", "Zieliński", symbol: OtherSymbol, pesel: ThirdPupilPesel));
        await InsertAsync(store, Student("Olga", "Lis", unitCode: Lo1, symbol: OtherSymbol, pesel: null));

        var list = await store.Records.ListStudentsAsync(Symbol, Sp1, null, CancellationToken.None);

        Assert.Equal([own.Id], list.Select(r => r.Id));
        Assert.Empty(await store.Records.ListStudentsAsync(Symbol, "SP9", null, CancellationToken.None));
    }

    [Fact]
    public async Task ListStudentsAsync_AfterClassChanged_ListedUnderNewClassOnly()
    {
        var store = await CreateStoreAsync();
        await SeedSchoolsAsync(store);
        var record = await InsertAsync(store, Student());

        var moved = await UpdateAsync(store, record, r => r with { ClassName = "4B" });

        Assert.Empty(await store.Records.ListStudentsAsync(Symbol, Sp1, "4A", CancellationToken.None));
        var list = await store.Records.ListStudentsAsync(Symbol, Sp1, "4B", CancellationToken.None);
        AssertSameRecord(moved, Assert.Single(list));
    }

    [Fact]
    public async Task ListStudentsAsync_AfterUnitChanged_ListedInNewUnitOnly()
    {
        var store = await CreateStoreAsync();
        await SeedSchoolsAsync(store);
        var record = await InsertAsync(store, Student());

        var moved = await UpdateAsync(store, record, r => r with { UnitCode = Sp2, ClassName = "1A" });

        Assert.Empty(await store.Records.ListStudentsAsync(Symbol, Sp1, null, CancellationToken.None));
        AssertSameRecord(moved, Assert.Single(await store.Records.ListStudentsAsync(Symbol, Sp2, null, CancellationToken.None)));
        Assert.Empty(await store.Records.FindStudentsByPeselAsync(Symbol, Sp1, PupilPesel, CancellationToken.None));
        Assert.Equal([record.Id], IdsOf(await store.Records.FindStudentsByPeselAsync(Symbol, Sp2, PupilPesel, CancellationToken.None)));
    }

    [Fact]
    public async Task FindStudentsByPeselAsync_SamePeselInTwoUnits_ReturnsOnlyTheAskedUnit()
    {
        var store = await CreateStoreAsync();
        await SeedSchoolsAsync(store);
        var inSp1 = await InsertAsync(store, Student(pesel: PupilPesel));
        var inSp2 = await InsertAsync(store, Student(unitCode: Sp2, pesel: PupilPesel));
        await InsertAsync(store, Student("Anna", "Nowak", pesel: OtherPupilPesel));

        var found = await store.Records.FindStudentsByPeselAsync(Symbol, Sp1, PupilPesel, CancellationToken.None);

        AssertSameRecord(inSp1, Assert.Single(found));
        Assert.Equal([inSp2.Id], IdsOf(await store.Records.FindStudentsByPeselAsync(Symbol, Sp2, PupilPesel, CancellationToken.None)));
    }

    [Fact]
    public async Task FindStudentsByPeselAsync_TwoRecordsOfUnitShareIt_ReturnsBoth()
    {
        // The store finds duplicates so the workflows can refuse them; it does not refuse them itself.
        var store = await CreateStoreAsync();
        await SeedSchoolsAsync(store);
        var first = await InsertAsync(store, Student("Jan", "Kowalski", "4A"));
        var second = await InsertAsync(store, Student("Jan", "Kowalski", "5B"));

        var found = await store.Records.FindStudentsByPeselAsync(Symbol, Sp1, PupilPesel, CancellationToken.None);

        Assert.Equal(IdsOf([first, second]), IdsOf(found));
    }

    [Fact]
    public async Task FindStudentsByPeselAsync_OnlyGuardianOrOtherInstanceHoldsIt_ReturnsEmpty()
    {
        var store = await CreateStoreAsync();
        await SeedSchoolsAsync(store);
        await store.Directory.AddUnitAsync(Unit(OtherSymbol, Sp1), CancellationToken.None);
        await InsertAsync(store, Student(pesel: OtherPupilPesel, guardians: [Guardian("anna.kowalska@example.pl", pesel: GuardianPesel)]));
        await InsertAsync(store, Student(symbol: OtherSymbol, pesel: ThirdPupilPesel));

        Assert.Empty(await store.Records.FindStudentsByPeselAsync(Symbol, Sp1, GuardianPesel, CancellationToken.None));
        Assert.Empty(await store.Records.FindStudentsByPeselAsync(Symbol, Sp1, ThirdPupilPesel, CancellationToken.None));
    }

    [Fact]
    public async Task FindStudentsByPeselAsync_AfterPeselCorrected_FindsByNewPeselOnly()
    {
        var store = await CreateStoreAsync();
        await SeedSchoolsAsync(store);
        var record = await InsertAsync(store, Student(pesel: PupilPesel));

        var corrected = await UpdateAsync(store, record, r => r with { Pesel = OtherPupilPesel });

        Assert.Empty(await store.Records.FindStudentsByPeselAsync(Symbol, Sp1, PupilPesel, CancellationToken.None));
        AssertSameRecord(corrected, Assert.Single(await store.Records.FindStudentsByPeselAsync(Symbol, Sp1, OtherPupilPesel, CancellationToken.None)));
    }

    [Fact]
    public async Task UpdateStudentAsync_MatchingVersion_RecordReplacedAndAuditAppended()
    {
        var store = await CreateStoreAsync();
        await SeedSchoolsAsync(store);
        var record = await InsertAsync(store, Student(guardians: [Guardian("anna.kowalska@example.pl")]));
        var updated = NextVersion(record) with
        {
            LastName = "Kowalski-Nowak",
            Guardians = [record.Guardians[0] with { Pesel = GuardianPesel }, Guardian("piotr.kowalski@example.pl", "Piotr", "Kowalski", relation: GuardianRelation.Father)],
        };
        var audit = ChangedAudit(updated, updated.UpdatedAt, "lastName", "Kowalski", "Kowalski-Nowak");

        var result = await store.Records.UpdateStudentAsync(updated, record.Version, audit, CancellationToken.None);

        Assert.Equal(StoreWriteResult.Success, result);
        AssertSameRecord(updated, await store.Records.FindStudentAsync(Symbol, record.Id, CancellationToken.None));
        var trail = await store.Records.ListAuditAsync(Symbol, record.Id, 100, CancellationToken.None);
        Assert.Equal(2, trail.Count);
        AssertSameAudit(audit, trail[0]);
    }

    [Fact]
    public async Task UpdateStudentAsync_SuccessiveVersions_EachAccepted()
    {
        var store = await CreateStoreAsync();
        await SeedSchoolsAsync(store);
        var record = await InsertAsync(store, Student());

        var second = await UpdateAsync(store, record, r => r with { ClassName = "4B" });
        var third = await UpdateAsync(store, second, r => r with { Email = "jan.kowalski@example.pl" });

        Assert.Equal(3, third.Version);
        AssertSameRecord(third, await store.Records.FindStudentAsync(Symbol, record.Id, CancellationToken.None));
        Assert.Equal(3, (await store.Records.ListAuditAsync(Symbol, record.Id, 100, CancellationToken.None)).Count);
    }

    [Fact]
    public async Task UpdateStudentAsync_StaleExpectedVersion_ConflictAndNothingWritten()
    {
        var store = await CreateStoreAsync();
        await SeedSchoolsAsync(store);
        var original = await InsertAsync(store, Student(email: "jan.kowalski@example.pl"));
        var current = await UpdateAsync(store, original, r => r with { ClassName = "4B" });
        var auditBefore = await store.Records.ListAuditAsync(Symbol, null, 100, CancellationToken.None);
        var lost = NextVersion(original) with { Email = "jan.nowy@example.pl", LastName = "Nowak" };

        var result = await store.Records.UpdateStudentAsync(lost, original.Version, ChangedAudit(lost, lost.UpdatedAt, "email", "jan.kowalski@example.pl", "jan.nowy@example.pl"), CancellationToken.None);

        Assert.Equal(StoreWriteResult.Conflict, result);
        AssertSameRecord(current, await store.Records.FindStudentAsync(Symbol, original.Id, CancellationToken.None));
        Assert.Equal(auditBefore.Select(a => a.Id), (await store.Records.ListAuditAsync(Symbol, null, 100, CancellationToken.None)).Select(a => a.Id));
        Assert.Empty(await store.Records.FindStudentsByEmailAsync(Symbol, "jan.nowy@example.pl", CancellationToken.None));
        Assert.Equal([original.Id], IdsOf(await store.Records.FindStudentsByEmailAsync(Symbol, "jan.kowalski@example.pl", CancellationToken.None)));
    }

    [Fact]
    public async Task UpdateStudentAsync_ExpectedVersionAhead_ConflictAndNothingWritten()
    {
        var store = await CreateStoreAsync();
        await SeedSchoolsAsync(store);
        var record = await InsertAsync(store, Student());
        var updated = NextVersion(record) with { ClassName = "4B" };

        var result = await store.Records.UpdateStudentAsync(updated, record.Version + 1, ChangedAudit(updated, updated.UpdatedAt), CancellationToken.None);

        Assert.Equal(StoreWriteResult.Conflict, result);
        AssertSameRecord(record, await store.Records.FindStudentAsync(Symbol, record.Id, CancellationToken.None));
        Assert.Single(await store.Records.ListAuditAsync(Symbol, record.Id, 100, CancellationToken.None));
    }

    [Fact]
    public async Task UpdateStudentAsync_MissingRecord_NotFoundAndNothingWritten()
    {
        var store = await CreateStoreAsync();
        await SeedSchoolsAsync(store);
        var ghost = NextVersion(Student(email: "jan.kowalski@example.pl"));

        var result = await store.Records.UpdateStudentAsync(ghost, 1, ChangedAudit(ghost, ghost.UpdatedAt), CancellationToken.None);

        Assert.Equal(StoreWriteResult.NotFound, result);
        Assert.Null(await store.Records.FindStudentAsync(Symbol, ghost.Id, CancellationToken.None));
        Assert.Empty(await store.Records.FindStudentsByEmailAsync(Symbol, "jan.kowalski@example.pl", CancellationToken.None));
        Assert.Empty(await store.Records.ListAuditAsync(Symbol, null, 100, CancellationToken.None));
    }
}
