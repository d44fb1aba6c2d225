using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Uonet.Access.Passkeys;

namespace Uonet.Access.Sample.Web.Pages.Instance;

/// <summary>
/// <i>Konto → Klucze dostępu</i>: the account's passkeys, renamed and removed with plain forms; adding one is the
/// WebAuthn ceremony, which needs the page's script (<c>/js/passkeys.js</c>) and the password or code again.
/// </summary>
public sealed class PasskeysModel : PortalPage
{
    public IReadOnlyList<PasskeySummary> Passkeys { get; private set; } = [];

    public string? Done { get; private set; }

    public bool HasTotp => Session!.Account.HasTotp;

    public Task<IActionResult> OnGetAsync(bool? dodano, CancellationToken cancellationToken)
    {
        if (dodano == true)
        {
            Done = T("Klucz dostępu został dodany.", "The passkey was added.", "Ключ доступу додано.");
        }

        return ShowAsync(AccessResult.Success(), cancellationToken);
    }

    public async Task<IActionResult> OnPostRenameAsync(Guid passkeyId, string? name, CancellationToken cancellationToken)
    {
        var renamed = await Service<AccountPasskeys>().RenameAsync(Session!.Ticket, passkeyId, name, cancellationToken);
        Done = renamed.Succeeded ? T("Zmieniono nazwę klucza.", "The passkey was renamed.", "Ключ перейменовано.") : null;
        return await ShowAsync(renamed, cancellationToken);
    }

    public async Task<IActionResult> OnPostRemoveAsync(Guid passkeyId, CancellationToken cancellationToken)
    {
        var removed = await Service<AccountPasskeys>().RemoveAsync(Session!.Ticket, passkeyId, System.Globalization.CultureInfo.CurrentUICulture, cancellationToken);
        Done = removed.Succeeded ? T("Klucz dostępu został usunięty.", "The passkey was removed.", "Ключ доступу видалено.") : null;
        return await ShowAsync(removed, cancellationToken);
    }

    private async Task<IActionResult> ShowAsync(AccessResult result, CancellationToken cancellationToken)
    {
        if (!result.Succeeded)
        {
            var refused = await RefusedAsync(result);
            if (refused is not PageResult)
            {
                return refused;
            }
        }

        var listed = await Service<AccountPasskeys>().ListAsync(Session!.Ticket, cancellationToken);
        Passkeys = listed.Succeeded ? listed.Value : [];
        return Page();
    }

    private static string T(string polish, string english, string ukrainian) => Uonet.Access.Sample.Web.Hosting.PortalText.T(polish, english, ukrainian);
}
