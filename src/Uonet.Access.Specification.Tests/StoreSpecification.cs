using Uonet.Access.Records;
using Uonet.Access.Storage;
using Xunit;

namespace Uonet.Access.Specification.Tests;

/// <summary>
/// The contract every Uonet.Access store keeps. A store proves itself by inheriting this class in its test project
/// and returning a fresh, empty store from <see cref="CreateStoreAsync"/>; every test here then runs against it.
/// </summary>
/// <remarks>
/// Records are compared field by field (lists element by element), never by reference, so a store that rebuilds
/// them from rows passes. Times are whole seconds in UTC, which every database keeps exactly.
/// </remarks>
public abstract partial class StoreSpecification
{
    /// <summary>The instance most tests work in.</summary>
    protected const string Symbol = "gminawulkanowo";

    /// <summary>A second instance, whose data must never leak into <see cref="Symbol"/> (R6).</summary>
    protected const string OtherSymbol = "powiatwulkanowy";

    /// <summary>A unit of <see cref="Symbol"/> that does not require guardian PESEL.</summary>
    protected const string Sp1 = "SP1";

    /// <summary>A unit of <see cref="Symbol"/> that requires guardian PESEL.</summary>
    protected const string Sp2 = "SP2";

    /// <summary>The unit of <see cref="OtherSymbol"/>.</summary>
    protected const string Lo1 = "LO1";

    /// <summary>The staff member named as the actor of audit entries.</summary>
    protected const string SecretaryEmail = "sekretariat@sp1.edu.pl";

    /// <summary>A valid PESEL of a pupil.</summary>
    protected const string PupilPesel = "15220123459";

    /// <summary>A second valid pupil PESEL.</summary>
    protected const string OtherPupilPesel = "15220123466";

    /// <summary>A third valid pupil PESEL.</summary>
    protected const string ThirdPupilPesel = "15230301012";

    /// <summary>A valid PESEL of an adult guardian.</summary>
    protected const string GuardianPesel = "80010112340";

    /// <summary>When the records of a test were entered.</summary>
    protected static readonly DateTimeOffset Entered = new(2026, 9, 1, 7, 30, 0, TimeSpan.Zero);

    private static readonly GuardianEntry[] NoGuardians = [];
    private static readonly AuditChange[] NoChanges = [];
    private static readonly StaffAssignment[] NoAssignments = [];

    /// <summary>Creates a new, empty store for one test.</summary>
    protected abstract Task<StoreUnderTest> CreateStoreAsync();

    /// <summary>Adds both instances and the units SP1, SP2 (of <see cref="Symbol"/>) and LO1 (of <see cref="OtherSymbol"/>).</summary>
    protected static async Task SeedSchoolsAsync(StoreUnderTest store)
    {
        ArgumentNullException.ThrowIfNull(store);
        Assert.Equal(StoreWriteResult.Success, await store.Directory.AddInstanceAsync(Instance(Symbol), CancellationToken.None));
        Assert.Equal(StoreWriteResult.Success, await store.Directory.AddInstanceAsync(Instance(OtherSymbol), CancellationToken.None));
        Assert.Equal(StoreWriteResult.Success, await store.Directory.AddUnitAsync(Unit(Symbol, Sp1), CancellationToken.None));
        Assert.Equal(StoreWriteResult.Success, await store.Directory.AddUnitAsync(Unit(Symbol, Sp2, requireGuardianPesel: true), CancellationToken.None));
        Assert.Equal(StoreWriteResult.Success, await store.Directory.AddUnitAsync(Unit(OtherSymbol, Lo1), CancellationToken.None));
    }

    /// <summary>An instance whose name and address follow from its symbol.</summary>
    protected static SchoolInstance Instance(string symbol) =>
        new(symbol, $"Wulkanowo ({symbol})", new Uri($"https://uonetplus.example.pl/{symbol}/"));

    /// <summary>A unit named after its code.</summary>
    protected static SchoolUnit Unit(string symbol, string code, bool requireGuardianPesel = false) =>
        new(symbol, code, $"Szkoła Podstawowa {code} w Wulkanowie", requireGuardianPesel);

    /// <summary>A new record (version 1, entered at <see cref="Entered"/>) with a fresh id.</summary>
    protected static StudentRecord Student(
        string firstName = "Jan",
        string lastName = "Kowalski",
        string className = "4A",
        string unitCode = Sp1,
        string symbol = Symbol,
        string? pesel = PupilPesel,
        string? email = null,
        IReadOnlyList<GuardianEntry>? guardians = null) => new()
        {
            Id = Guid.NewGuid(),
            InstanceSymbol = symbol,
            UnitCode = unitCode,
            ClassName = className,
            FirstName = firstName,
            LastName = lastName,
            Pesel = pesel,
            Email = email,
            Guardians = guardians ?? NoGuardians,
            Version = 1,
            CreatedAt = Entered,
            UpdatedAt = Entered,
        };

    /// <summary>A guardian entry with a fresh id.</summary>
    protected static GuardianEntry Guardian(
        string? email,
        string? firstName = "Anna",
        string? lastName = "Kowalska",
        string? pesel = null,
        GuardianRelation relation = GuardianRelation.Mother) => new()
        {
            Id = Guid.NewGuid(),
            FirstName = firstName,
            LastName = lastName,
            Email = email,
            Pesel = pesel,
            Relation = relation,
        };

    /// <summary>The next version of a record, one minute later; apply the change itself with <c>with</c>.</summary>
    protected static StudentRecord NextVersion(StudentRecord record)
    {
        ArgumentNullException.ThrowIfNull(record);
        return record with { Version = record.Version + 1, UpdatedAt = record.UpdatedAt.AddMinutes(1) };
    }

    /// <summary>The audit entry of entering a record.</summary>
    protected static AuditEntry AddedAudit(StudentRecord record, DateTimeOffset occurredAt)
    {
        ArgumentNullException.ThrowIfNull(record);
        return new AuditEntry
        {
            Id = Guid.NewGuid(),
            InstanceSymbol = record.InstanceSymbol,
            OccurredAt = occurredAt,
            Actor = SecretaryEmail,
            Action = AuditAction.StudentAdded,
            StudentId = record.Id,
            Changes = [new("firstName", null, record.FirstName), new("lastName", null, record.LastName), new("email", null, record.Email)],
        };
    }

    /// <summary>The audit entry of a change to one field of a record.</summary>
    protected static AuditEntry ChangedAudit(StudentRecord record, DateTimeOffset occurredAt, string field = "className", string? before = "4A", string? after = "4B")
    {
        ArgumentNullException.ThrowIfNull(record);
        return new AuditEntry
        {
            Id = Guid.NewGuid(),
            InstanceSymbol = record.InstanceSymbol,
            OccurredAt = occurredAt,
            Actor = SecretaryEmail,
            Action = AuditAction.StudentChanged,
            StudentId = record.Id,
            Changes = [new(field, before, after)],
        };
    }

    /// <summary>Inserts a record with its "added" audit entry and asserts it was written.</summary>
    protected static async Task<StudentRecord> InsertAsync(StoreUnderTest store, StudentRecord record)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(record);
        var result = await store.Records.InsertStudentAsync(record, AddedAudit(record, record.CreatedAt), CancellationToken.None);
        Assert.Equal(StoreWriteResult.Success, result);
        return record;
    }

    /// <summary>Writes the next version of <paramref name="current"/> (as shaped by <paramref name="change"/>) and asserts it was written.</summary>
    protected static async Task<StudentRecord> UpdateAsync(StoreUnderTest store, StudentRecord current, Func<StudentRecord, StudentRecord> change)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(current);
        ArgumentNullException.ThrowIfNull(change);
        var updated = change(NextVersion(current));
        var result = await store.Records.UpdateStudentAsync(updated, current.Version, ChangedAudit(updated, updated.UpdatedAt), CancellationToken.None);
        Assert.Equal(StoreWriteResult.Success, result);
        return updated;
    }

    /// <summary>Asserts two records hold the same values, guardians compared in order.</summary>
    protected static void AssertSameRecord(StudentRecord expected, StudentRecord? actual)
    {
        ArgumentNullException.ThrowIfNull(expected);
        Assert.NotNull(actual);
        Assert.Equal(expected with { Guardians = NoGuardians }, actual with { Guardians = NoGuardians });
        Assert.Equal(expected.Guardians, actual.Guardians);
    }

    /// <summary>Asserts two audit entries hold the same values, changes compared in order.</summary>
    protected static void AssertSameAudit(AuditEntry expected, AuditEntry? actual)
    {
        ArgumentNullException.ThrowIfNull(expected);
        Assert.NotNull(actual);
        Assert.Equal(expected with { Changes = NoChanges }, actual with { Changes = NoChanges });
        Assert.Equal(expected.Changes, actual.Changes);
    }

    /// <summary>Asserts two staff members hold the same values; assignments are a set, so their order is free.</summary>
    protected static void AssertSameStaff(StaffMember expected, StaffMember? actual)
    {
        ArgumentNullException.ThrowIfNull(expected);
        Assert.NotNull(actual);
        Assert.Equal(expected with { Assignments = NoAssignments }, actual with { Assignments = NoAssignments });
        Assert.Equivalent(expected.Assignments, actual.Assignments, strict: true);
    }

    /// <summary>The ids of records, sorted, for comparisons where the store promises no order.</summary>
    protected static Guid[] IdsOf(IEnumerable<StudentRecord> records) => [.. records.Select(r => r.Id).Order()];
}
