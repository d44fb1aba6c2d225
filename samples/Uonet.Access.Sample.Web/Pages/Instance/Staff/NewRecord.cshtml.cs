using System.Globalization;
using Microsoft.AspNetCore.Mvc;
using Uonet.Access.Records;

namespace Uonet.Access.Sample.Web.Pages.Instance.Staff;

/// <summary>A new pupil's record with up to two guardians (the secretary of the unit; the library refuses anyone else).</summary>
public sealed class NewRecordModel : StaffPage
{
    [BindProperty(SupportsGet = true, Name = "jednostka")]
    public string? Unit { get; set; }

    [BindProperty]
    public StudentForm Student { get; set; } = new();

    [BindProperty]
    public List<GuardianForm> Guardians { get; set; } = [new(), new()];

    public void OnGet()
    {
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        while (Guardians.Count < 2)
        {
            Guardians.Add(new GuardianForm());
        }

        // Only the slots something was typed into become guardians; refusals name the slot the person filled in.
        var slots = Enumerable.Range(0, Guardians.Count).Where(i => !Guardians[i].IsBlank).ToList();
        var added = await Service<StudentRecords>().AddStudentAsync(Actor, new NewStudent
        {
            UnitCode = Unit ?? string.Empty,
            ClassName = Student.ClassName ?? string.Empty,
            FirstName = Student.FirstName ?? string.Empty,
            LastName = Student.LastName ?? string.Empty,
            Pesel = string.IsNullOrWhiteSpace(Student.Pesel) ? null : Student.Pesel,
            Email = string.IsNullOrWhiteSpace(Student.Email) ? null : Student.Email,
            Guardians = [.. slots.Select(i => Guardians[i].ToDetails())],
        }, cancellationToken);
        if (!added.Succeeded)
        {
            return await RefusedAsync(AccessResult.Failure([.. added.Errors.Select(e => ToSlot(e, slots))]));
        }

        return Redirect($"{Root}/szkola/uczniowie/{added.Value.Id}");
    }

    private static AccessError ToSlot(AccessError error, List<int> slots)
    {
        if (error.Field is not { } field || !field.StartsWith("guardians[", StringComparison.Ordinal))
        {
            return error;
        }

        var close = field.IndexOf(']', StringComparison.Ordinal);
        return close > 10 && int.TryParse(field[10..close], NumberStyles.None, CultureInfo.InvariantCulture, out var index) && index < slots.Count
            ? new AccessError(error.Code, string.Create(CultureInfo.InvariantCulture, $"guardians[{slots[index]}]{field[(close + 1)..]}"), error.Arguments)
            : error;
    }
}
