using System.Globalization;
using System.Text;
using Microsoft.AspNetCore.Mvc;
using Uonet.Access.Import;
using Uonet.Access.Records;
using Uonet.Access.Sample.Web.Hosting;

namespace Uonet.Access.Sample.Web.Pages.Instance.Staff;

/// <summary>
/// CSV import of records into a unit (its secretary), with the library's report for every row and the unit's last
/// import runs, which tell what an import cut off by a closed browser wrote.
/// </summary>
[RequestFormLimits(MultipartBodyLengthLimit = PortalHosting.MaxImportFileBytes)]
[RequestSizeLimit(PortalHosting.MaxImportFileBytes + 64 * 1024)]
public sealed class ImportModel : StaffPage
{
    /// <summary>How many of a unit's runs the page lists.</summary>
    public const int RunsShown = 10;

    [BindProperty]
    public string? Unit { get; set; }

    [BindProperty]
    public IFormFile? Csv { get; set; }

    public ImportReport? Report { get; private set; }

    /// <summary>The last runs of each unit the secretary imports into, newest first.</summary>
    public IReadOnlyList<UnitImportRuns> Runs { get; private set; } = [];

    public IEnumerable<string> Units => Staff!.Assignments.Where(a => a.Role == StaffRole.Secretary).Select(a => a.UnitCode!);

    public Task OnGetAsync() => LoadRunsAsync();

    public async Task<IActionResult> OnPostAsync()
    {
        if (Csv is null || Csv.Length == 0)
        {
            await LoadRunsAsync();
            return await RefusedAsync(AccessResult.Failure(AccessErrorCodes.ImportHeaderInvalid, "file"), StatusCodes.Status400BadRequest);
        }

        // The request's own token: when the browser goes away the import stops between rows (or inside a long line),
        // and its run says how far it got.
        using var reader = new StreamReader(Csv.OpenReadStream(), Encoding.UTF8, detectEncodingFromByteOrderMarks: true);
        var report = await Service<StudentRecordImport>().ImportAsync(Actor, Unit ?? string.Empty, reader, Csv.FileName, HttpContext.RequestAborted);
        await LoadRunsAsync();
        if (!report.Succeeded)
        {
            return await RefusedAsync(report);
        }

        Report = report.Value;
        return Page();
    }

    /// <summary>How a run stands or ended, in the request's language: "przerwany po 3 271 wierszach".</summary>
    public static string Describe(ImportRun run)
    {
        ArgumentNullException.ThrowIfNull(run);
        var rows = run.RowsWritten.ToString("N0", CultureInfo.CurrentCulture);
        return run.Status switch
        {
            ImportRunStatus.Running => PortalText.T($"w toku (zapisano {rows})", $"running ({rows} written)", $"триває (записано {rows})"),
            ImportRunStatus.Completed => PortalText.T("zakończony", "completed", "завершено"),
            ImportRunStatus.Cancelled => PortalText.T($"przerwany po {rows} {RowsWord(run.RowsWritten)}", $"interrupted after {rows} {(run.RowsWritten == 1 ? "row" : "rows")}", $"перервано після {rows} {RowsWordUkrainian(run.RowsWritten)}"),
            _ => run.RowsWritten == 0
                ? PortalText.T("nieudany, nic nie zapisano", "failed, nothing written", "невдало, нічого не записано")
                : PortalText.T($"nieudany po {rows} {RowsWord(run.RowsWritten)}", $"failed after {rows} {(run.RowsWritten == 1 ? "row" : "rows")}", $"невдало після {rows} {RowsWordUkrainian(run.RowsWritten)}"),
        };
    }

    // "po 1 wierszu", "po 3 271 wierszach": the locative after "po" has one plural form.
    private static string RowsWord(int count) => count == 1 ? "wierszu" : "wierszach";

    // "після 1 рядка", "після 21 рядка", "після 3 рядків", "після 11 рядків": the genitive after "після" is singular
    // only for numbers ending in 1 (but not 11).
    internal static string RowsWordUkrainian(int count) => count % 10 == 1 && count % 100 != 11 ? "рядка" : "рядків";

    private async Task LoadRunsAsync()
    {
        var runs = new List<UnitImportRuns>();
        foreach (var unit in Units)
        {
            var listed = await Service<StudentRecordImport>().ListRunsAsync(Actor, unit, RunsShown, HttpContext.RequestAborted);
            if (listed.Succeeded)
            {
                runs.Add(new UnitImportRuns(unit, listed.Value));
            }
        }

        Runs = runs;
    }
}

/// <summary>The last import runs of one unit.</summary>
/// <param name="Unit">The unit's code.</param>
/// <param name="Runs">Its runs, newest first.</param>
public sealed record UnitImportRuns(string Unit, IReadOnlyList<ImportRun> Runs);
