using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;
using Uonet.Access.Credentials;
using Uonet.Access.AspNetCore.Sessions;

namespace Uonet.Access.Sample.Web.Pages.Instance;

/// <summary>
/// The target of the mailed link (<c>dostep/ustaw-haslo?token=…</c>): the password typed twice, the library's policy
/// explaining any refusal. A refused password leaves the link usable.
/// </summary>
public sealed class SetPasswordModel : PortalPage
{
    protected override bool RequiresSignIn => false;

    [BindProperty(SupportsGet = true)]
    public string? Token { get; set; }

    [BindProperty]
    public string? Password { get; set; }

    [BindProperty]
    public string? Repeated { get; set; }

    /// <summary>The link cannot be used (invalid, used, expired, superseded): no form, only how to get a new one.</summary>
    public bool LinkDead { get; private set; }

    /// <summary>The two passwords differ (the portal's own check before asking the library).</summary>
    public bool Mismatch { get; private set; }

    public bool Done { get; private set; }

    public int MinLength => Service<IOptions<UonetAccessOptions>>().Value.PasswordPolicy.MinLength;

    public async Task<IActionResult> OnGetAsync(CancellationToken cancellationToken)
    {
        var link = await Service<RestoreAccess>().CheckLinkAsync(Token, cancellationToken);
        if (!link.Succeeded)
        {
            LinkDead = true;
            return await RefusedAsync(link, DeadLinkStatus(link.Error!));
        }

        return Page();
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        if (!string.Equals(Password, Repeated, StringComparison.Ordinal))
        {
            Mismatch = true;
            return Page();
        }

        var result = await Service<RestoreAccess>().CompleteAsync(new CompleteAccessRequest
        {
            Token = Token ?? string.Empty,
            Password = Password ?? string.Empty,
            UserAgent = UserAgent,
            ClientAddress = ClientKey,
            Culture = System.Globalization.CultureInfo.CurrentUICulture,
        }, cancellationToken);
        if (!result.Succeeded)
        {
            LinkDead = result.Error!.Code.StartsWith("Link.", StringComparison.Ordinal);
            return LinkDead ? await RefusedAsync(result, DeadLinkStatus(result.Error)) : await RefusedAsync(result);
        }

        Done = true;
        Service<SessionCookies>().Drop(HttpContext, Instance.Symbol);
        return Page();
    }

    // A link that was never issued is a bad request; one that was used, expired or replaced is gone.
    private static int DeadLinkStatus(AccessError error) =>
        error.Code == AccessErrorCodes.LinkInvalid ? StatusCodes.Status400BadRequest : StatusCodes.Status410Gone;
}
