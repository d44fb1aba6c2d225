using Microsoft.AspNetCore.Mvc;
using Uonet.Access.Records;

namespace Uonet.Access.Sample.Web.Pages.Instance.Staff;

/// <summary>
/// One pupil's record: its fields, each guardian (change, remove), a new guardian, and the audit trail. The library
/// decides who may change what (R1, R2) and answers a lost update with a conflict.
/// </summary>
public sealed class RecordModel : StaffPage
{
    [BindProperty]
    public StudentForm Student { get; set; } = new();

    [BindProperty]
    public long Version { get; set; }

    [BindProperty]
    public GuardianForm Guardian { get; set; } = new();

    public StudentRecord Record { get; private set; } = null!;

    public IReadOnlyList<AuditEntry> Audit { get; private set; } = [];

    public string? Done { get; private set; }

    public Task<IActionResult> OnGetAsync(Guid studentId, CancellationToken cancellationToken) => ShowAsync(studentId, AccessResult.Success(), cancellationToken);

    public async Task<IActionResult> OnPostSaveAsync(Guid studentId, CancellationToken cancellationToken)
    {
        var saved = await Service<StudentRecords>().UpdateStudentAsync(Actor, studentId, new StudentChanges
        {
            ClassName = Student.ClassName ?? string.Empty,
            FirstName = Student.FirstName ?? string.Empty,
            LastName = Student.LastName ?? string.Empty,
            Pesel = Student.Pesel ?? string.Empty,
            Email = Student.Email ?? string.Empty,
        }, Version, cancellationToken);
        return await AfterChangeAsync(studentId, saved, keepTyped: true, cancellationToken);
    }

    public async Task<IActionResult> OnPostGuardianAsync(Guid studentId, Guid guardianId, CancellationToken cancellationToken)
    {
        var saved = await Service<StudentRecords>().UpdateGuardianAsync(Actor, studentId, guardianId, Guardian.ToDetails(), cancellationToken);
        return await AfterChangeAsync(studentId, saved, keepTyped: false, cancellationToken);
    }

    public async Task<IActionResult> OnPostAddGuardianAsync(Guid studentId, CancellationToken cancellationToken)
    {
        var added = await Service<StudentRecords>().AddGuardianAsync(Actor, studentId, Guardian.ToDetails(), cancellationToken);
        return await AfterChangeAsync(studentId, added, keepTyped: false, cancellationToken);
    }

    public async Task<IActionResult> OnPostRemoveGuardianAsync(Guid studentId, Guid guardianId, CancellationToken cancellationToken)
    {
        var removed = await Service<StudentRecords>().RemoveGuardianAsync(Actor, studentId, guardianId, cancellationToken);
        return await AfterChangeAsync(studentId, removed, keepTyped: false, cancellationToken);
    }

    private async Task<IActionResult> AfterChangeAsync(Guid studentId, AccessResult result, bool keepTyped, CancellationToken cancellationToken)
    {
        if (result.Succeeded)
        {
            Done = Hosting.PortalText.T("Zapisano.", "Saved.", "Збережено.");
            Guardian = new GuardianForm();
        }

        return await ShowAsync(studentId, result, cancellationToken, keepTyped && !result.Succeeded);
    }

    private async Task<IActionResult> ShowAsync(Guid studentId, AccessResult outcome, CancellationToken cancellationToken, bool keepTyped = false)
    {
        var records = Service<StudentRecords>();
        var record = await records.FindStudentAsync(Actor, studentId, cancellationToken);
        if (!record.Succeeded)
        {
            return record.Error!.Code == AccessErrorCodes.StudentNotFound ? NotFound() : await RefusedAsync(record, StatusCodes.Status403Forbidden);
        }

        Record = record.Value;
        if (!keepTyped)
        {
            Student = StudentForm.Of(Record);
            Version = Record.Version;
        }

        var audit = await records.ListAuditAsync(Actor, studentId, 20, cancellationToken);
        Audit = audit.Succeeded ? audit.Value : [];
        return outcome.Succeeded ? Page() : await RefusedAsync(outcome);
    }
}
