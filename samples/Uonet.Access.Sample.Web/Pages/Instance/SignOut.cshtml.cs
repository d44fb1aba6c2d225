using Microsoft.AspNetCore.Mvc;
using Uonet.Access.AspNetCore.Sessions;

namespace Uonet.Access.Sample.Web.Pages.Instance;

/// <summary>Ends this browser's session (a POST with the anti-forgery token, so no page can sign anyone out).</summary>
public sealed class SignOutModel : PortalPage
{
    protected override bool RequiresSignIn => false;

    public IActionResult OnGet() => Redirect(SignInPath());

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        await Service<SessionCookies>().SignOutAsync(HttpContext, Instance.Symbol, cancellationToken);
        return Redirect(SignInPath(AccessErrorCodes.SessionSignedOut));
    }
}
