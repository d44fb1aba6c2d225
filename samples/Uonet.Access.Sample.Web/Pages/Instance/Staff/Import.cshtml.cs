using System.Text;
using Microsoft.AspNetCore.Mvc;
using Uonet.Access.Import;
using Uonet.Access.Records;
using Uonet.Access.Sample.Web.Hosting;

namespace Uonet.Access.Sample.Web.Pages.Instance.Staff;

/// <summary>CSV import of records into a unit (its secretary), with the library's report for every row.</summary>
[RequestFormLimits(MultipartBodyLengthLimit = PortalHosting.MaxImportFileBytes)]
[RequestSizeLimit(PortalHosting.MaxImportFileBytes + 64 * 1024)]
public sealed class ImportModel : StaffPage
{
    [BindProperty]
    public string? Unit { get; set; }

    [BindProperty]
    public IFormFile? Csv { get; set; }

    public ImportReport? Report { get; private set; }

    public IEnumerable<string> Units => Staff!.Assignments.Where(a => a.Role == StaffRole.Secretary).Select(a => a.UnitCode!);

    public void OnGet()
    {
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        if (Csv is null || Csv.Length == 0)
        {
            return await RefusedAsync(AccessResult.Failure(AccessErrorCodes.ImportHeaderInvalid, "file"), StatusCodes.Status400BadRequest);
        }

        using var reader = new StreamReader(Csv.OpenReadStream(), Encoding.UTF8, detectEncodingFromByteOrderMarks: true);
        var report = await Service<StudentRecordImport>().ImportAsync(Actor, Unit ?? string.Empty, reader, cancellationToken);
        if (!report.Succeeded)
        {
            return await RefusedAsync(report);
        }

        Report = report.Value;
        return Page();
    }
}
