using Microsoft.AspNetCore.Mvc;
using Uonet.Access.Records;

namespace Uonet.Access.Sample.Web.Pages.Instance.Staff;

/// <summary>The records of a unit (secretary, administrator) or of the own class (class teacher), as the library lists them.</summary>
public sealed class RecordsModel : StaffPage
{
    [BindProperty(SupportsGet = true, Name = "jednostka")]
    public string? Unit { get; set; }

    [BindProperty(SupportsGet = true, Name = "klasa")]
    public string? ClassName { get; set; }

    public IReadOnlyList<StudentRecord> Records { get; private set; } = [];

    public bool MayAdd => Staff!.Assignments.Any(a => a.Role == StaffRole.Secretary && a.UnitCode == Unit);

    public async Task<IActionResult> OnGetAsync(CancellationToken cancellationToken)
    {
        Unit ??= Staff!.Assignments.FirstOrDefault(a => a.UnitCode is not null)?.UnitCode;
        if (Unit is null)
        {
            return Redirect(Root + "/szkola");
        }

        var list = await Service<StudentRecords>().ListStudentsAsync(Actor, Unit, string.IsNullOrWhiteSpace(ClassName) ? null : ClassName, cancellationToken);
        if (!list.Succeeded)
        {
            return await RefusedAsync(list);
        }

        Records = list.Value;
        return Page();
    }
}
