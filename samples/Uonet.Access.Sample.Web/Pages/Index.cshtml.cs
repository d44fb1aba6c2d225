using Microsoft.AspNetCore.Mvc.RazorPages;
using Uonet.Access.Records;

namespace Uonet.Access.Sample.Web.Pages;

/// <summary>The portal's front page: the system addresses it serves (each school gives parents its own, R6).</summary>
public sealed class IndexModel(SchoolDirectory directory, IWebHostEnvironment environment) : PageModel
{
    public IReadOnlyList<SchoolInstance> Instances { get; private set; } = [];

    public bool Development => environment.IsDevelopment();

    public async Task OnGetAsync(CancellationToken cancellationToken) =>
        Instances = await directory.ListInstancesAsync(cancellationToken);
}
