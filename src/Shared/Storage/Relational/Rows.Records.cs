using System.Data.Common;
using Uonet.Access.Records;

namespace Uonet.Access.Storage.Relational;

internal static partial class Rows<TColumns>
{
    /// <summary>
    /// The records of the reader's current result: rows of <c>s.id, s.instance_symbol, s.unit_code, s.class_name,
    /// s.first_name, s.last_name, s.pesel, s.email, s.version, s.created_at, s.updated_at, g.id, g.first_name,
    /// g.last_name, g.email, g.pesel, g.relation</c> of <c>students</c> left-joined with <c>student_guardians</c>, one row
    /// per guardian, ordered by the record's id and the guardian's ordinal.
    /// </summary>
    public static async Task<List<StudentRecord>> StudentsAsync(DbDataReader reader, CancellationToken cancellationToken)
    {
        var records = new List<StudentRecord>();
        List<GuardianEntry>? guardians = null;
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            var id = TColumns.GetId(reader, 0);
            if (records.Count == 0 || records[^1].Id != id)
            {
                guardians = [];
                records.Add(new StudentRecord
                {
                    Id = id,
                    InstanceSymbol = reader.GetString(1),
                    UnitCode = reader.GetString(2),
                    ClassName = reader.GetString(3),
                    FirstName = reader.GetString(4),
                    LastName = reader.GetString(5),
                    Pesel = reader.GetOptionalString(6),
                    Email = reader.GetOptionalString(7),
                    Version = reader.GetInt64(8),
                    CreatedAt = TColumns.GetTime(reader, 9),
                    UpdatedAt = TColumns.GetTime(reader, 10),
                    Guardians = guardians,
                });
            }

            if (!reader.IsDBNull(11))
            {
                guardians!.Add(new GuardianEntry
                {
                    Id = TColumns.GetId(reader, 11),
                    FirstName = reader.GetOptionalString(12),
                    LastName = reader.GetOptionalString(13),
                    Email = reader.GetOptionalString(14),
                    Pesel = reader.GetOptionalString(15),
                    Relation = (GuardianRelation)reader.GetInt32(16),
                });
            }
        }

        return records;
    }

    /// <summary>
    /// The audit entries of the reader's current result: rows of <c>e.seq, e.id, e.instance_symbol, e.occurred_at,
    /// e.actor, e.action, e.student_id, c.field, c.before_value, c.after_value</c> of <c>audit_entries</c> left-joined with
    /// <c>audit_changes</c>, one row per change, the changes of one entry together and in their order.
    /// </summary>
    public static async Task<List<AuditEntry>> AuditAsync(DbDataReader reader, CancellationToken cancellationToken)
    {
        var entries = new List<AuditEntry>();
        long? seq = null;
        List<AuditChange>? changes = null;
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            if (seq != reader.GetInt64(0))
            {
                seq = reader.GetInt64(0);
                changes = [];
                entries.Add(new AuditEntry
                {
                    Id = TColumns.GetId(reader, 1),
                    InstanceSymbol = reader.GetString(2),
                    OccurredAt = TColumns.GetTime(reader, 3),
                    Actor = reader.GetString(4),
                    Action = (AuditAction)reader.GetInt32(5),
                    StudentId = TColumns.GetId(reader, 6),
                    Changes = changes,
                });
            }

            if (!reader.IsDBNull(7))
            {
                changes!.Add(new AuditChange(reader.GetString(7), reader.GetOptionalString(8), reader.GetOptionalString(9)));
            }
        }

        return entries;
    }
}
