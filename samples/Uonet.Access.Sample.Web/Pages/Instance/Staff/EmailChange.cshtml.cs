using Microsoft.AspNetCore.Mvc;
using Uonet.Access.Records;

namespace Uonet.Access.Sample.Web.Pages.Instance.Staff;

/// <summary>
/// A guardian's new e-mail in every record at once (R9): first the preview (what changes, what others must change),
/// then the change. The old account closes when no record backs it any more; its phones must register again.
/// </summary>
public sealed class EmailChangeModel : StaffPage
{
    [BindProperty]
    public string? OldEmail { get; set; }

    [BindProperty]
    public string? NewEmail { get; set; }

    public EmailChangePreview? Preview { get; private set; }

    public EmailChangeResult? Result { get; private set; }

    public void OnGet()
    {
    }

    public async Task<IActionResult> OnPostPreviewAsync(CancellationToken cancellationToken)
    {
        var preview = await Service<GuardianEmailChange>().PreviewAsync(Actor, OldEmail ?? string.Empty, NewEmail ?? string.Empty, cancellationToken);
        if (!preview.Succeeded)
        {
            return await RefusedAsync(preview);
        }

        Preview = preview.Value;
        return Page();
    }

    public async Task<IActionResult> OnPostApplyAsync(CancellationToken cancellationToken)
    {
        var result = await Service<GuardianEmailChange>().ApplyAsync(Actor, OldEmail ?? string.Empty, NewEmail ?? string.Empty, System.Globalization.CultureInfo.CurrentUICulture, cancellationToken);
        if (!result.Succeeded)
        {
            return await RefusedAsync(result);
        }

        Result = result.Value;
        return Page();
    }
}
