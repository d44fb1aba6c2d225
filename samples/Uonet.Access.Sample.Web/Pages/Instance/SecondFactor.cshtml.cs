using Microsoft.AspNetCore.Mvc;
using Uonet.Access.Credentials;
using Uonet.Access.AspNetCore.Sessions;

namespace Uonet.Access.Sample.Web.Pages.Instance;

/// <summary>The second step of sign-in: a TOTP code from the app, or one of the recovery codes.</summary>
public sealed class SecondFactorModel : PortalPage
{
    protected override bool RequiresSignIn => false;

    [BindProperty]
    public string? Code { get; set; }

    [BindProperty]
    public string? RecoveryCode { get; set; }

    public IActionResult OnGet() =>
        Service<SecondStepCookie>().Find(HttpContext, Instance.Symbol) is null ? Redirect(SignInPath()) : Page();

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        if (Service<SecondStepCookie>().Find(HttpContext, Instance.Symbol) is not { } ticket)
        {
            return Redirect(SignInPath());
        }

        var result = await Service<AccountSignIn>().CompleteSecondFactorAsync(new SecondFactorRequest
        {
            InstanceSymbol = Instance.Symbol,
            Ticket = ticket,
            TotpCode = string.IsNullOrWhiteSpace(Code) ? null : Code,
            RecoveryCode = string.IsNullOrWhiteSpace(RecoveryCode) ? null : RecoveryCode,
            ClientKey = ClientKey,
            UserAgent = Request.Headers.UserAgent.ToString(),
            ClientAddress = ClientKey,
        }, cancellationToken);
        if (result.Succeeded)
        {
            Service<SecondStepCookie>().Drop(HttpContext, Instance.Symbol);
            Service<SessionCookies>().SignIn(HttpContext, Instance.Symbol, result.SessionTicket!);
            return Redirect(Root + "/uczen");
        }

        // A wrong or missing code may be typed again; anything else (lockout, a break, a dead ticket) starts over from the password.
        if (result.Outcome is not (SignInOutcome.RequiresSecondFactor or SignInOutcome.Failed)
            || result.Error?.Code is AccessErrorCodes.SignInNotEligible or AccessErrorCodes.SignInSecondFactorTicketInvalid)
        {
            Service<SecondStepCookie>().Drop(HttpContext, Instance.Symbol);
        }

        return await RefusedAsync(AccessResult.Failure(result.Error!));
    }
}
