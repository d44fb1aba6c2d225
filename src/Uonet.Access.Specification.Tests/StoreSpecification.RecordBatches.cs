using Uonet.Access.Records;
using Uonet.Access.Storage;
using Xunit;

namespace Uonet.Access.Specification.Tests;

// A guardian's new address is written to every record that lists them in one step (R9): all records with their audit
// entries, or none, so a guardian is never half moved (seeing one child under the new address, another under the old).
public abstract partial class StoreSpecification
{
    private const string NewParentEmail = "anna.nowa@example.pl";

    [Fact]
    public async Task UpdateStudentsAsync_EveryVersionMatches_EveryRecordAuditAndIndexWritten_R5_R9()
    {
        var store = await CreateStoreAsync();
        await SeedSchoolsAsync(store);
        var jan = await InsertAsync(store, Student(guardians: [Guardian(ParentEmail)]));
        var ola = await InsertAsync(store, Student("Ola", unitCode: Sp2, pesel: OtherPupilPesel, guardians: [Guardian(ParentEmail, pesel: GuardianPesel)]));
        var updates = new[] { GuardianMoved(jan), GuardianMoved(ola) };

        var result = await store.Records.UpdateStudentsAsync(updates, CancellationToken.None);

        Assert.Equal(StoreWriteResult.Success, result);
        AssertSameRecord(updates[0].Record, await store.Records.FindStudentAsync(Symbol, jan.Id, CancellationToken.None));
        AssertSameRecord(updates[1].Record, await store.Records.FindStudentAsync(Symbol, ola.Id, CancellationToken.None));
        Assert.Empty(await store.Records.FindStudentsByEmailAsync(Symbol, ParentEmail, CancellationToken.None));
        Assert.Equal(IdsOf([jan, ola]), IdsOf(await store.Records.FindStudentsByEmailAsync(Symbol, NewParentEmail, CancellationToken.None)));
        Assert.Empty(await store.Records.FindInstancesByEmailAsync(ParentEmail, CancellationToken.None));
        Assert.Equal([Symbol], await store.Records.FindInstancesByEmailAsync(NewParentEmail, CancellationToken.None));
        AssertSameAudit(updates[0].Audit, Assert.Single(await store.Records.ListAuditAsync(Symbol, jan.Id, 1, CancellationToken.None)));
        AssertSameAudit(updates[1].Audit, Assert.Single(await store.Records.ListAuditAsync(Symbol, ola.Id, 1, CancellationToken.None)));
    }

    [Fact]
    public async Task UpdateStudentsAsync_OneRecordChangedMeanwhile_ConflictAndNothingWritten_R9()
    {
        var store = await CreateStoreAsync();
        await SeedSchoolsAsync(store);
        var jan = await InsertAsync(store, Student(guardians: [Guardian(ParentEmail)]));
        var ola = await InsertAsync(store, Student("Ola", pesel: OtherPupilPesel, guardians: [Guardian(ParentEmail)]));
        var preview = new[] { GuardianMoved(jan), GuardianMoved(ola) };

        // The class teacher edits Ola's record between the secretary's preview and her confirmation.
        var olaNow = await UpdateAsync(store, ola, r => r with { ClassName = "4B" });
        var result = await store.Records.UpdateStudentsAsync(preview, CancellationToken.None);

        Assert.Equal(StoreWriteResult.Conflict, result);
        await AssertUnchangedAsync(store, [jan, olaNow], auditCount: 3);
    }

    [Fact]
    public async Task UpdateStudentsAsync_OneRecordMissing_NotFoundAndNothingWritten()
    {
        var store = await CreateStoreAsync();
        await SeedSchoolsAsync(store);
        var jan = await InsertAsync(store, Student(guardians: [Guardian(ParentEmail)]));
        var ghost = Student("Duch", pesel: OtherPupilPesel, guardians: [Guardian(ParentEmail)]);

        var result = await store.Records.UpdateStudentsAsync([GuardianMoved(jan), GuardianMoved(ghost)], CancellationToken.None);

        Assert.Equal(StoreWriteResult.NotFound, result);
        await AssertUnchangedAsync(store, [jan], auditCount: 1);
        Assert.Null(await store.Records.FindStudentAsync(Symbol, ghost.Id, CancellationToken.None));
    }

    [Fact]
    public async Task UpdateStudentsAsync_RecordNamedInAnotherInstance_NotFoundAndNothingWritten_R6()
    {
        var store = await CreateStoreAsync();
        await SeedSchoolsAsync(store);
        var jan = await InsertAsync(store, Student(guardians: [Guardian(ParentEmail)]));
        var ola = await InsertAsync(store, Student("Ola", pesel: OtherPupilPesel, guardians: [Guardian(ParentEmail)]));
        var moved = GuardianMoved(ola);
        var smuggled = moved with { Record = moved.Record with { InstanceSymbol = OtherSymbol, UnitCode = Lo1 } };

        var result = await store.Records.UpdateStudentsAsync([GuardianMoved(jan), smuggled], CancellationToken.None);

        Assert.Equal(StoreWriteResult.NotFound, result);
        await AssertUnchangedAsync(store, [jan, ola], auditCount: 2);
        Assert.Empty(await store.Records.ListStudentsAsync(OtherSymbol, Lo1, null, CancellationToken.None));
    }

    [Fact]
    public async Task UpdateStudentsAsync_RecordMovedToMissingUnit_NotFoundAndNothingWritten()
    {
        var store = await CreateStoreAsync();
        await SeedSchoolsAsync(store);
        var jan = await InsertAsync(store, Student(guardians: [Guardian(ParentEmail)]));
        var ola = await InsertAsync(store, Student("Ola", pesel: OtherPupilPesel, guardians: [Guardian(ParentEmail)]));
        var moved = GuardianMoved(ola);

        var result = await store.Records.UpdateStudentsAsync([GuardianMoved(jan), moved with { Record = moved.Record with { UnitCode = "SP9" } }], CancellationToken.None);

        Assert.Equal(StoreWriteResult.NotFound, result);
        await AssertUnchangedAsync(store, [jan, ola], auditCount: 2);
    }

    [Fact]
    public async Task UpdateStudentsAsync_SameRecordTwiceFromOneVersion_ConflictAndNothingWritten()
    {
        var store = await CreateStoreAsync();
        await SeedSchoolsAsync(store);
        var jan = await InsertAsync(store, Student(guardians: [Guardian(ParentEmail)]));
        var toB = NextVersion(jan) with { ClassName = "4B" };
        var toC = NextVersion(jan) with { ClassName = "4C" };

        // Both were computed from version 1: writing both would lose one change without anyone noticing.
        var result = await store.Records.UpdateStudentsAsync(
            [new StudentRecordUpdate(toB, jan.Version, ChangedAudit(toB, toB.UpdatedAt)), new StudentRecordUpdate(toC, jan.Version, ChangedAudit(toC, toC.UpdatedAt, after: "4C"))],
            CancellationToken.None);

        Assert.Equal(StoreWriteResult.Conflict, result);
        await AssertUnchangedAsync(store, [jan], auditCount: 1);
    }

    [Fact]
    public async Task UpdateStudentsAsync_EmptyBatch_SuccessAndNothingWritten()
    {
        var store = await CreateStoreAsync();
        await SeedSchoolsAsync(store);
        var jan = await InsertAsync(store, Student(guardians: [Guardian(ParentEmail)]));

        var result = await store.Records.UpdateStudentsAsync([], CancellationToken.None);

        Assert.Equal(StoreWriteResult.Success, result);
        await AssertUnchangedAsync(store, [jan], auditCount: 1);
    }

    // The next version of a record with its first guardian's address changed, as the e-mail change plans it.
    private static StudentRecordUpdate GuardianMoved(StudentRecord record, string newEmail = NewParentEmail)
    {
        var guardian = record.Guardians[0];
        var moved = NextVersion(record) with { Guardians = [guardian with { Email = newEmail }, .. record.Guardians.Skip(1)] };
        var audit = ChangedAudit(moved, moved.UpdatedAt, $"guardian[{guardian.Id:N}].email", guardian.Email, newEmail) with { Action = AuditAction.GuardianChanged };
        return new StudentRecordUpdate(moved, record.Version, audit);
    }

    private static async Task AssertUnchangedAsync(StoreUnderTest store, StudentRecord[] records, int auditCount)
    {
        foreach (var record in records)
        {
            AssertSameRecord(record, await store.Records.FindStudentAsync(Symbol, record.Id, CancellationToken.None));
        }

        Assert.Equal(IdsOf(records), IdsOf(await store.Records.FindStudentsByEmailAsync(Symbol, ParentEmail, CancellationToken.None)));
        Assert.Empty(await store.Records.FindStudentsByEmailAsync(Symbol, NewParentEmail, CancellationToken.None));
        Assert.Empty(await store.Records.FindInstancesByEmailAsync(NewParentEmail, CancellationToken.None));
        Assert.Equal(auditCount, (await store.Records.ListAuditAsync(Symbol, null, 100, CancellationToken.None)).Count);
    }
}
