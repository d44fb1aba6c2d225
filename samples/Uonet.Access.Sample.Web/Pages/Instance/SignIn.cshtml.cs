using Microsoft.AspNetCore.Mvc;
using Uonet.Access.Credentials;
using Uonet.Access.AspNetCore.Sessions;

namespace Uonet.Access.Sample.Web.Pages.Instance;

/// <summary>Sign-in by e-mail and password (R3); the TOTP step follows on its own page when the account has one.</summary>
public sealed class SignInModel : PortalPage
{
    // The reasons a session ends that the sign-in page explains; anything else in ?powod= is ignored.
    private static readonly HashSet<string> EndReasons =
    [
        AccessErrorCodes.SessionSignedOut, AccessErrorCodes.SessionExpired, AccessErrorCodes.SessionCredentialsChanged,
        AccessErrorCodes.SessionAccountClosed, AccessErrorCodes.SessionNotEligible,
    ];

    protected override bool RequiresSignIn => false;

    [BindProperty]
    public string? Email { get; set; }

    [BindProperty]
    public string? Password { get; set; }

    /// <summary>Why the last session ended (a library <c>Session.*</c> code), shown above the form.</summary>
    public string? Ended { get; private set; }

    public IActionResult OnGet(string? powod)
    {
        if (Session is not null)
        {
            return Redirect(Root + "/uczen");
        }

        Ended = powod is not null && EndReasons.Contains(powod) ? powod : null;
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        var result = await Service<AccountSignIn>().SignInAsync(new SignInRequest
        {
            InstanceSymbol = Instance.Symbol,
            Email = Email ?? string.Empty,
            Password = Password ?? string.Empty,
            ClientKey = ClientKey,
            UserAgent = Request.Headers.UserAgent.ToString(),
            ClientAddress = ClientKey,
        }, cancellationToken);
        switch (result.Outcome)
        {
            case SignInOutcome.Success:
                Service<SessionCookies>().SignIn(HttpContext, Instance.Symbol, result.SessionTicket!);
                return Redirect(Root + "/uczen");
            case SignInOutcome.RequiresSecondFactor:
                Service<SecondStepCookie>().Keep(HttpContext, Instance.Symbol, result.SecondFactorTicket!);
                return Redirect(Root + "/logowanie/kod");
            default:
                Password = null;
                return await RefusedAsync(AccessResult.Failure(result.Error!));
        }
    }
}
