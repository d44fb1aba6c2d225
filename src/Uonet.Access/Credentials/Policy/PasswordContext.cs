using Uonet.Access.Records;

namespace Uonet.Access.Credentials;

/// <summary>
/// What the system knows about the person choosing a password, so that <see cref="PasswordPolicy"/> can refuse
/// passwords built from it (NIST SP 800-63B context-specific words; ASVS 5.0 V6.2).
/// </summary>
public sealed record PasswordContext
{
    /// <summary>The person's login e-mail, normalized (see <see cref="Records.EmailAddress"/>), or <see langword="null"/>.</summary>
    public string? Email { get; init; }

    /// <summary>
    /// First and last names of the person and of the children they see, as stored (e.g. "Anna Maria", "Nowak-Wiśniewska");
    /// each word of three or more letters is refused inside a password.
    /// </summary>
    public IReadOnlyList<string> Names { get; init; } = [];

    /// <summary>PESEL numbers of the person and of the children they see.</summary>
    public IReadOnlyList<string> Pesels { get; init; } = [];

    /// <summary>The context of a normalized address: the names and PESEL numbers its records hold, and a staff member's name.</summary>
    /// <param name="email">The normalized address.</param>
    /// <param name="records">The records of the instance that mention the address.</param>
    /// <param name="staff">The staff member the address belongs to, if any.</param>
    internal static PasswordContext Of(string email, IReadOnlyList<StudentRecord> records, StaffMember? staff)
    {
        var names = new List<string>();
        if (staff is not null)
        {
            names.AddRange(staff.DisplayName.Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
        }

        var pesels = new List<string>();
        foreach (var record in records)
        {
            names.Add(record.FirstName);
            names.Add(record.LastName);
            if (record.Pesel is not null)
            {
                pesels.Add(record.Pesel);
            }

            foreach (var guardian in record.Guardians.Where(g => g.Email == email))
            {
                names.AddRange(new[] { guardian.FirstName, guardian.LastName }.OfType<string>());
                if (guardian.Pesel is not null)
                {
                    pesels.Add(guardian.Pesel);
                }
            }
        }

        return new PasswordContext { Email = email, Names = names, Pesels = pesels };
    }
}
