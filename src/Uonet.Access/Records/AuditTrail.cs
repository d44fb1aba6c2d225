namespace Uonet.Access.Records;

/// <summary>Builds audit entries from a record before and after a change, field by field.</summary>
internal static class AuditTrail
{
    /// <summary>Only the last four digits of a PESEL reach the audit trail: enough to tell numbers apart, not to reuse one.</summary>
    public static string? MaskPesel(string? pesel) => pesel is null ? null : new string('•', pesel.Length - 4) + pesel[^4..];

    public static IReadOnlyList<AuditChange> Diff(StudentRecord? before, StudentRecord after)
    {
        var changes = new List<AuditChange>();
        Compare(changes, "unitCode", before?.UnitCode, after.UnitCode);
        Compare(changes, "className", before?.ClassName, after.ClassName);
        Compare(changes, "firstName", before?.FirstName, after.FirstName);
        Compare(changes, "lastName", before?.LastName, after.LastName);
        Compare(changes, "pesel", MaskPesel(before?.Pesel), MaskPesel(after.Pesel));
        Compare(changes, "email", before?.Email, after.Email);

        var old = before?.Guardians.ToDictionary(g => g.Id) ?? [];
        foreach (var guardian in after.Guardians)
        {
            old.TryGetValue(guardian.Id, out var previous);
            old.Remove(guardian.Id);
            var prefix = $"guardian[{guardian.Id:N}].";
            Compare(changes, prefix + "firstName", previous?.FirstName, guardian.FirstName);
            Compare(changes, prefix + "lastName", previous?.LastName, guardian.LastName);
            Compare(changes, prefix + "email", previous?.Email, guardian.Email);
            Compare(changes, prefix + "pesel", MaskPesel(previous?.Pesel), MaskPesel(guardian.Pesel));
            Compare(changes, prefix + "relation", previous?.Relation.ToString(), guardian.Relation.ToString());
        }

        foreach (var removed in old.Values)
        {
            var prefix = $"guardian[{removed.Id:N}].";
            Compare(changes, prefix + "firstName", removed.FirstName, null);
            Compare(changes, prefix + "lastName", removed.LastName, null);
            Compare(changes, prefix + "email", removed.Email, null);
            Compare(changes, prefix + "pesel", MaskPesel(removed.Pesel), null);
            Compare(changes, prefix + "relation", removed.Relation.ToString(), null);
        }

        return changes;
    }

    private static void Compare(List<AuditChange> changes, string field, string? before, string? after)
    {
        if (!string.Equals(before, after, StringComparison.Ordinal))
        {
            changes.Add(new AuditChange(field, before, after));
        }
    }
}
