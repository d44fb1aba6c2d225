using Uonet.Access.Records;
using Uonet.Access.Sample.Web.Hosting;

namespace Uonet.Access.Sample.Web.Pages.Instance.Staff;

/// <summary>The staff area's start: the person's roles and where each one leads.</summary>
public sealed class IndexModel : StaffPage
{
    public IReadOnlyList<SchoolUnit> Units { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        var units = await Service<SchoolDirectory>().ListUnitsAsync(Instance.Symbol, cancellationToken);
        Units = units.Succeeded ? units.Value : [];
    }

    public string UnitName(string? code) => Units.FirstOrDefault(u => u.Code == code)?.Name ?? code ?? string.Empty;

    public static string RoleText(StaffRole role) => role switch
    {
        StaffRole.Secretary => PortalText.T("sekretariat", "secretary", "секретаріат"),
        StaffRole.ClassTeacher => PortalText.T("wychowawca", "class teacher", "класний керівник"),
        _ => PortalText.T("administrator", "administrator", "адміністратор"),
    };
}
