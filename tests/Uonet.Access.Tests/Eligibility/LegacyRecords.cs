using Uonet.Access.Records;
using Uonet.Access.Storage;

namespace Uonet.Access.Tests.Eligibility;

/// <summary>
/// Writes records straight into the store, bypassing <see cref="StudentRecords"/> validation: data imported by other
/// means (an older system, a database restore) may break the rules and must still be diagnosed and never resolved.
/// </summary>
internal static class LegacyRecords
{
    public static async Task<StudentRecord> InsertAsync(
        TestSchool school,
        string unitCode,
        string className,
        string firstName,
        string lastName,
        string? pesel,
        string? email,
        params GuardianEntry[] guardians)
    {
        var symbol = unitCode == TestSchool.Lo1 ? TestSchool.OtherSymbol : TestSchool.Symbol;
        var now = school.Time.GetUtcNow();
        var record = new StudentRecord
        {
            Id = Guid.NewGuid(),
            InstanceSymbol = symbol,
            UnitCode = unitCode,
            ClassName = className,
            FirstName = firstName,
            LastName = lastName,
            Pesel = pesel,
            Email = email,
            Guardians = guardians,
            CreatedAt = now,
            UpdatedAt = now,
        };
        var audit = new AuditEntry
        {
            Id = Guid.NewGuid(),
            InstanceSymbol = symbol,
            OccurredAt = now,
            Actor = "migracja@gminawulkanowo.pl",
            Action = AuditAction.StudentImported,
            StudentId = record.Id,
        };
        var written = await school.Store.InsertStudentAsync(record, audit, CancellationToken.None);
        Assert.Equal(StoreWriteResult.Success, written);
        return record;
    }

    /// <summary>A guardian entry as stored: the e-mail must already be in normal form (lower case, trimmed).</summary>
    public static GuardianEntry Guardian(string? first, string? last, string? email, string? pesel = null, GuardianRelation relation = GuardianRelation.Mother) =>
        new() { Id = Guid.NewGuid(), FirstName = first, LastName = last, Email = email, Pesel = pesel, Relation = relation };
}
