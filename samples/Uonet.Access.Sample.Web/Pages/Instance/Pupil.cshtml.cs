using Microsoft.AspNetCore.Mvc;
using Uonet.Access.Eligibility;

namespace Uonet.Access.Sample.Web.Pages.Instance;

/// <summary>A child's basic data, for a child the account sees now (R5, R8); any other id is not found.</summary>
public sealed class PupilModel : PortalPage
{
    public VisiblePupil Pupil { get; private set; } = null!;

    public async Task<IActionResult> OnGetAsync(Guid studentId, CancellationToken cancellationToken)
    {
        var pupils = await PupilsModel.VisiblePupilsAsync(this, cancellationToken);
        if (!pupils.Succeeded)
        {
            return SessionGone(pupils.Error!.Code);
        }

        if (pupils.Value.FirstOrDefault(p => p.StudentId == studentId) is not { } pupil)
        {
            return NotFound();
        }

        Pupil = pupil;
        return Page();
    }
}
