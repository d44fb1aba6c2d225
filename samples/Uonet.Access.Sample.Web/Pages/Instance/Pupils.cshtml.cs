using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;
using Uonet.Access.Credentials;
using Uonet.Access.Eligibility;
using Uonet.Access.Sample.Web.Hosting;

namespace Uonet.Access.Sample.Web.Pages.Instance;

/// <summary>
/// The <b>Uczeń</b> selector (R5, R8): every child the account sees now, from the records, across the schools of this
/// address — and, with the cross-instance view switched on, of the linked addresses too, each labelled.
/// </summary>
public sealed class PupilsModel : PortalPage
{
    public IReadOnlyList<VisiblePupil> Pupils { get; private set; } = [];

    /// <summary>Other addresses where the same e-mail sees children and which are not linked yet (cross-instance view).</summary>
    public IReadOnlyList<LinkableInstance> Linkable { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync(CancellationToken cancellationToken)
    {
        var pupils = await VisiblePupilsAsync(this, cancellationToken);
        if (!pupils.Succeeded)
        {
            return SessionGone(pupils.Error!.Code);
        }

        Pupils = pupils.Value;
        if (CrossInstanceView(this))
        {
            var linkable = await Service<LinkedInstances>().DiscoverForSessionAsync(Session!.Validation, cancellationToken);
            Linkable = linkable.Succeeded ? linkable.Value : [];
        }

        return Page();
    }

    internal static bool CrossInstanceView(PortalPage page) => page.Service<IOptions<UonetAccessOptions>>().Value.EnableCrossInstanceView;

    /// <summary>The children of the selector: this address's, plus the linked addresses' when the cross-instance view is on.</summary>
    internal static async Task<AccessResult<IReadOnlyList<VisiblePupil>>> VisiblePupilsAsync(PortalPage page, CancellationToken cancellationToken) =>
        CrossInstanceView(page)
            ? await page.Service<LinkedInstances>().ResolveAllForSessionAsync(page.Session!.Validation, cancellationToken)
            : AccessResult<IReadOnlyList<VisiblePupil>>.Success(page.Session!.Pupils);

    public static string RelationText(PupilRelation relation) => relation switch
    {
        PupilRelation.Self => PortalText.T("konto ucznia", "pupil's own account", "обліковий запис учня"),
        PupilRelation.Mother => PortalText.T("matka", "mother", "мати"),
        PupilRelation.Father => PortalText.T("ojciec", "father", "батько"),
        PupilRelation.LegalGuardian => PortalText.T("opiekun prawny", "legal guardian", "законний опікун"),
        _ => PortalText.T("opiekun", "guardian", "опікун"),
    };
}
