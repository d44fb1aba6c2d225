using Microsoft.AspNetCore.Mvc;
using Uonet.Access.Credentials;

namespace Uonet.Access.Sample.Web.Pages.Instance;

/// <summary>
/// The first login and <b>Przywróć dostęp</b> (R3, R4): one form, one answer for every address. The human check's
/// response (a captcha widget fills <c>HumanCheckResponse</c>) goes to the library's <c>IHumanCheck</c>.
/// </summary>
public sealed class RestoreModel : PortalPage
{
    protected override bool RequiresSignIn => false;

    [BindProperty]
    public string? Email { get; set; }

    [BindProperty]
    public string? HumanCheckResponse { get; set; }

    public bool Sent { get; private set; }

    public bool Development => Service<IWebHostEnvironment>().IsDevelopment();

    public void OnGet()
    {
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        var result = await Service<RestoreAccess>().StartAsync(new StartAccessRequest
        {
            InstanceSymbol = Instance.Symbol,
            Email = Email ?? string.Empty,
            HumanCheckResponse = HumanCheckResponse,
            ClientKey = ClientKey,
            UserAgent = UserAgent,
            ClientAddress = ClientKey,
            Culture = System.Globalization.CultureInfo.CurrentUICulture,
        }, cancellationToken);
        if (!result.Succeeded)
        {
            return await RefusedAsync(result);
        }

        Sent = true;
        return Page();
    }
}
