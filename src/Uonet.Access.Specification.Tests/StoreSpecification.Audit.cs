using Uonet.Access.Records;
using Uonet.Access.Storage;
using Xunit;

namespace Uonet.Access.Specification.Tests;

public abstract partial class StoreSpecification
{
    [Fact]
    public async Task InsertStudentAsync_NewRecord_StoresAuditEntryWithEveryField()
    {
        var store = await CreateStoreAsync();
        await SeedSchoolsAsync(store);
        var record = Student(email: "jan.kowalski@example.pl");
        var audit = new AuditEntry
        {
            Id = Guid.NewGuid(),
            InstanceSymbol = Symbol,
            OccurredAt = Entered,
            Actor = SecretaryEmail,
            Action = AuditAction.StudentImported,
            StudentId = record.Id,
            Changes =
            [
                new("firstName", null, "Jan"),
                new("pesel", null, "•••••••3459"),
                new("email", null, "jan.kowalski@example.pl"),
            ],
        };

        Assert.Equal(StoreWriteResult.Success, await store.Records.InsertStudentAsync(record, audit, CancellationToken.None));

        AssertSameAudit(audit, Assert.Single(await store.Records.ListAuditAsync(Symbol, record.Id, 100, CancellationToken.None)));
    }

    [Fact]
    public async Task ListAuditAsync_SeveralChanges_NewestFirst()
    {
        var store = await CreateStoreAsync();
        await SeedSchoolsAsync(store);
        var jan = await InsertAsync(store, Student("Jan", "Kowalski"));
        var anna = await InsertAsync(store, Student("Anna", "Nowak", pesel: OtherPupilPesel) with { CreatedAt = Entered.AddMinutes(1), UpdatedAt = Entered.AddMinutes(1) });
        await UpdateAsync(store, jan, r => r with { ClassName = "4B", UpdatedAt = Entered.AddMinutes(2) });
        await UpdateAsync(store, anna, r => r with { ClassName = "4B", UpdatedAt = Entered.AddMinutes(3) });

        var trail = await store.Records.ListAuditAsync(Symbol, null, 100, CancellationToken.None);

        Assert.Equal(
            [(anna.Id, AuditAction.StudentChanged), (jan.Id, AuditAction.StudentChanged), (anna.Id, AuditAction.StudentAdded), (jan.Id, AuditAction.StudentAdded)],
            trail.Select(a => (a.StudentId, a.Action)));
        Assert.Equal([Entered.AddMinutes(3), Entered.AddMinutes(2), Entered.AddMinutes(1), Entered], trail.Select(a => a.OccurredAt));
    }

    [Fact]
    public async Task ListAuditAsync_Limit_ReturnsOnlyTheNewest()
    {
        var store = await CreateStoreAsync();
        await SeedSchoolsAsync(store);
        var record = await InsertAsync(store, Student());
        var expected = new List<StudentRecord>();
        for (var i = 0; i < 4; i++)
        {
            record = await UpdateAsync(store, record, r => r with { ClassName = $"{i + 4}A" });
            expected.Insert(0, record);
        }

        var trail = await store.Records.ListAuditAsync(Symbol, record.Id, 2, CancellationToken.None);

        Assert.Equal(expected.Take(2).Select(r => r.UpdatedAt), trail.Select(a => a.OccurredAt));
        Assert.Single(await store.Records.ListAuditAsync(Symbol, null, 1, CancellationToken.None));
    }

    [Fact]
    public async Task ListAuditAsync_StudentId_OnlyThatRecordsEntries()
    {
        var store = await CreateStoreAsync();
        await SeedSchoolsAsync(store);
        var jan = await InsertAsync(store, Student("Jan", "Kowalski"));
        var anna = await InsertAsync(store, Student("Anna", "Nowak", pesel: OtherPupilPesel));
        await UpdateAsync(store, anna, r => r with { ClassName = "4B" });

        var trail = await store.Records.ListAuditAsync(Symbol, jan.Id, 100, CancellationToken.None);

        Assert.Equal(jan.Id, Assert.Single(trail).StudentId);
        Assert.Equal(2, (await store.Records.ListAuditAsync(Symbol, anna.Id, 100, CancellationToken.None)).Count);
        Assert.Empty(await store.Records.ListAuditAsync(Symbol, Guid.NewGuid(), 100, CancellationToken.None));
    }

    [Fact]
    public async Task ListAuditAsync_EntriesOfAnotherInstance_NotListed_R6()
    {
        var store = await CreateStoreAsync();
        await SeedSchoolsAsync(store);
        var own = await InsertAsync(store, Student());
        var other = await InsertAsync(store, Student("Ola", "Kowalska", "2A", Lo1, OtherSymbol, ThirdPupilPesel));

        var trail = await store.Records.ListAuditAsync(Symbol, null, 100, CancellationToken.None);

        Assert.Equal(own.Id, Assert.Single(trail).StudentId);
        Assert.Equal(other.Id, Assert.Single(await store.Records.ListAuditAsync(OtherSymbol, null, 100, CancellationToken.None)).StudentId);
        Assert.Empty(await store.Records.ListAuditAsync(OtherSymbol, own.Id, 100, CancellationToken.None));
    }
}
