using System.Data.Common;
using Uonet.Access.Records;

namespace Uonet.Access.Storage.Relational;

internal static partial class Rows<TColumns>
{
    /// <summary><c>symbol, name, base_url</c> of <c>instances</c>.</summary>
    public static SchoolInstance Instance(DbDataReader reader) =>
        new(reader.GetString(0), reader.GetString(1), new Uri(reader.GetString(2), UriKind.RelativeOrAbsolute));

    /// <summary><c>instance_symbol, code, name, require_guardian_pesel</c> of <c>units</c>.</summary>
    public static SchoolUnit Unit(DbDataReader reader) =>
        new(reader.GetString(0), reader.GetString(1), reader.GetString(2), TColumns.GetFlag(reader, 3));

    /// <summary>
    /// The staff member of the reader's current result, or <see langword="null"/>: rows of <c>s.instance_symbol,
    /// s.email, s.display_name, a.role, a.unit_code, a.class_name</c> of <c>staff</c> left-joined with its
    /// <c>staff_assignments</c> (one row per assignment, in their order).
    /// </summary>
    public static async Task<StaffMember?> StaffAsync(DbDataReader reader, CancellationToken cancellationToken)
    {
        StaffMember? staff = null;
        var assignments = new List<StaffAssignment>();
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            staff ??= new StaffMember(reader.GetString(0), reader.GetString(1), reader.GetString(2), assignments);
            if (!reader.IsDBNull(3))
            {
                assignments.Add(new StaffAssignment((StaffRole)reader.GetInt32(3), reader.GetOptionalString(4), reader.GetOptionalString(5)));
            }
        }

        return staff;
    }
}
