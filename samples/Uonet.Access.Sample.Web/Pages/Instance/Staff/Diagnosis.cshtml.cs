using Microsoft.AspNetCore.Mvc;
using Uonet.Access.Eligibility;

namespace Uonet.Access.Sample.Web.Pages.Instance.Staff;

/// <summary>"Why can't this parent sign in?": every record mentioning the address, the rule that blocks it, and who can fix it.</summary>
public sealed class DiagnosisModel : StaffPage
{
    [BindProperty]
    public string? Email { get; set; }

    public LoginDiagnosisReport? Report { get; private set; }

    public void OnGet()
    {
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        var report = await Service<LoginDiagnosis>().DiagnoseAsync(Actor, Email ?? string.Empty, cancellationToken);
        if (!report.Succeeded)
        {
            return await RefusedAsync(report);
        }

        Report = report.Value;
        return Page();
    }
}
