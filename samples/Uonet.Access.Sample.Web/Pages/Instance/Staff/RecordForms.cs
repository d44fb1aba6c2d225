using Uonet.Access.Records;
using Uonet.Access.Sample.Web.Hosting;

namespace Uonet.Access.Sample.Web.Pages.Instance.Staff;

/// <summary>The pupil's fields as typed into the form.</summary>
public sealed class StudentForm
{
    public string? ClassName { get; set; }

    public string? FirstName { get; set; }

    public string? LastName { get; set; }

    public string? Pesel { get; set; }

    public string? Email { get; set; }

    public static StudentForm Of(StudentRecord record)
    {
        ArgumentNullException.ThrowIfNull(record);
        return new() { ClassName = record.ClassName, FirstName = record.FirstName, LastName = record.LastName, Pesel = record.Pesel, Email = record.Email };
    }
}

/// <summary>A guardian's fields as typed into the form.</summary>
public sealed class GuardianForm
{
    public string? FirstName { get; set; }

    public string? LastName { get; set; }

    public string? Email { get; set; }

    public string? Pesel { get; set; }

    public GuardianRelation Relation { get; set; } = GuardianRelation.Other;

    /// <summary>Whether nothing was typed: an empty slot of the form is no guardian, not an incomplete one.</summary>
    public bool IsBlank =>
        string.IsNullOrWhiteSpace(FirstName) && string.IsNullOrWhiteSpace(LastName) && string.IsNullOrWhiteSpace(Email) && string.IsNullOrWhiteSpace(Pesel);

    public GuardianDetails ToDetails() => new() { FirstName = FirstName, LastName = LastName, Email = Email, Pesel = Pesel, Relation = Relation };

    public static GuardianForm Of(GuardianEntry entry)
    {
        ArgumentNullException.ThrowIfNull(entry);
        return new() { FirstName = entry.FirstName, LastName = entry.LastName, Email = entry.Email, Pesel = entry.Pesel, Relation = entry.Relation };
    }

    public static string RelationText(GuardianRelation relation) => relation switch
    {
        GuardianRelation.Mother => PortalText.T("matka", "mother", "мати"),
        GuardianRelation.Father => PortalText.T("ojciec", "father", "батько"),
        GuardianRelation.LegalGuardian => PortalText.T("opiekun prawny", "legal guardian", "законний опікун"),
        _ => PortalText.T("inny opiekun", "other guardian", "інший опікун"),
    };
}

/// <summary>The guardian fields of one form, named under <paramref name="Prefix"/> for model binding.</summary>
public sealed record GuardianFieldsView(string Prefix, GuardianForm Form, string Legend);
