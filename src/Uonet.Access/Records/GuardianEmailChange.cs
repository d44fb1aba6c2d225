using System.Diagnostics;
using System.Globalization;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Uonet.Access.Credentials;
using Uonet.Access.Devices;
using Uonet.Access.Diagnostics;
using Uonet.Access.Eligibility;
using Uonet.Access.Sessions;
using Uonet.Access.Storage;

namespace Uonet.Access.Records;

/// <summary>
/// A guardian's new e-mail in one step (R9): the FAQ asks staff to change it in every child's record one by one; here a
/// staff member previews every record of the instance that lists the old address, then changes it in all the records
/// they may edit at once. When the old address no longer backs any record, its account is closed: sessions end,
/// devices are revoked with <see cref="DeviceRevocationReason.EmailChanged"/> and a notice goes to the old address.
/// </summary>
public sealed partial class GuardianEmailChange
{
    private const int MaxAttempts = 3;

    private readonly StudentRecords _studentRecords;
    private readonly ISchoolDirectoryStore _directory;
    private readonly IStudentRecordStore _records;
    private readonly AccountClosure _accountClosure;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;

    internal GuardianEmailChange(StudentRecords studentRecords, ISchoolDirectoryStore directory, IStudentRecordStore records, AccountClosure accountClosure, TimeProvider time, ILogger<GuardianEmailChange>? logger = null)
    {
        _studentRecords = studentRecords ?? throw new ArgumentNullException(nameof(studentRecords));
        _directory = directory ?? throw new ArgumentNullException(nameof(directory));
        _records = records ?? throw new ArgumentNullException(nameof(records));
        _accountClosure = accountClosure ?? throw new ArgumentNullException(nameof(accountClosure));
        _time = time ?? throw new ArgumentNullException(nameof(time));
        _logger = logger ?? (ILogger)NullLogger.Instance;
    }

    /// <summary>
    /// Lists, without changing anything, the records of the actor's instance whose guardians hold
    /// <paramref name="oldEmail"/>: those the actor may edit (they would change) and those only someone else may edit,
    /// with who. A record the change would break (the new address is that pupil's own, R2, or another guardian's of the
    /// same record) refuses the preview with the error <see cref="ApplyAsync"/> would give.
    /// </summary>
    /// <param name="actor">The secretary or class teacher making the change.</param>
    /// <param name="oldEmail">The guardian's address in the records.</param>
    /// <param name="newEmail">The address that replaces it.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>The preview; <see cref="AccessErrorCodes.EmailChangeNothingToChange"/> when no record of the instance lists the old address as a guardian's.</returns>
    public async Task<AccessResult<EmailChangePreview>> PreviewAsync(StaffActor actor, string oldEmail, string newEmail, CancellationToken cancellationToken = default)
    {
        var (request, errors) = await ReadRequestAsync(actor, oldEmail, newEmail, cancellationToken).ConfigureAwait(false);
        if (errors.Count > 0)
        {
            return Refuse<EmailChangePreview>(actor, errors);
        }

        var plan = await PlanAsync(request!, cancellationToken).ConfigureAwait(false);
        if (plan.Errors.Count > 0)
        {
            return Refuse<EmailChangePreview>(actor, plan.Errors);
        }

        // Records nobody here may edit are still worth showing: the preview tells the actor whom to ask.
        if (plan.Changed.Count == 0 && plan.NotEditable.Count == 0)
        {
            return Refuse<EmailChangePreview>(actor, [new AccessError(AccessErrorCodes.EmailChangeNothingToChange, "oldEmail")]);
        }

        return AccessResult<EmailChangePreview>.Success(new EmailChangePreview(request!.OldEmail, request.NewEmail, plan.Changed, plan.NotEditable));
    }

    /// <summary>
    /// Replaces <paramref name="oldEmail"/> with <paramref name="newEmail"/> in every guardian entry of every record the
    /// actor may edit, in one atomic write with an audit entry per record (all or nothing; recomputed from fresh reads
    /// when a record changes meanwhile). Then, if no record backs the old address any more, closes its account with
    /// <see cref="DeviceRevocationReason.EmailChanged"/> and queues a notice to it; records the actor could not edit keep
    /// the old account open.
    /// </summary>
    /// <param name="actor">The secretary or class teacher making the change.</param>
    /// <param name="oldEmail">The guardian's address in the records.</param>
    /// <param name="newEmail">The address that replaces it.</param>
    /// <param name="culture">The notice's language; <see langword="null"/> means the default mail culture.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>The records changed and those left to others; <see cref="AccessErrorCodes.EmailChangeNothingToChange"/> when the actor may edit none.</returns>
    public async Task<AccessResult<EmailChangeResult>> ApplyAsync(StaffActor actor, string oldEmail, string newEmail, CultureInfo? culture = null, CancellationToken cancellationToken = default)
    {
        using var activity = AccessTelemetry.ActivitySource.StartActivity("Uonet.Access.GuardianEmailChange");
        var (request, errors) = await ReadRequestAsync(actor, oldEmail, newEmail, cancellationToken).ConfigureAwait(false);
        if (errors.Count > 0)
        {
            return Refuse<EmailChangeResult>(actor, errors);
        }

        for (var attempt = 1; attempt <= MaxAttempts; attempt++)
        {
            var plan = await PlanAsync(request!, cancellationToken).ConfigureAwait(false);
            if (plan.Errors.Count > 0)
            {
                return Refuse<EmailChangeResult>(actor, plan.Errors);
            }

            if (plan.Updates.Count == 0)
            {
                return Refuse<EmailChangeResult>(actor, [new AccessError(AccessErrorCodes.EmailChangeNothingToChange, "oldEmail")]);
            }

            // Conflict or NotFound: a record changed or went away since it was read, and nothing was written.
            if (await _records.UpdateStudentsAsync(plan.Updates, cancellationToken).ConfigureAwait(false) != StoreWriteResult.Success)
            {
                continue;
            }

            AccessTelemetry.RecordChanges.Add(plan.Updates.Count, new KeyValuePair<string, object?>("action", AuditAction.GuardianChanged.ToString()));
            var closed = await _accountClosure.CloseIfIneligibleAsync(request!.Staff.InstanceSymbol, request.OldEmail, DeviceRevocationReason.EmailChanged, culture, SessionClient.Of(actor), cancellationToken).ConfigureAwait(false);
            EmailChanged(_logger, request.Staff.InstanceSymbol, plan.Updates.Count, plan.NotEditable.Count, closed);
            return AccessResult<EmailChangeResult>.Success(new EmailChangeResult(request.OldEmail, request.NewEmail, plan.Changed, plan.NotEditable, closed));
        }

        EmailChangeConflict(_logger, request!.Staff.InstanceSymbol, MaxAttempts);
        return Refuse<EmailChangeResult>(actor, [new AccessError(AccessErrorCodes.ConcurrencyConflict)]);
    }

    private async Task<(Request? Request, IReadOnlyList<AccessError> Errors)> ReadRequestAsync(StaffActor actor, string oldEmail, string newEmail, CancellationToken cancellationToken)
    {
        var (staff, staffError) = await _directory.ResolveActorAsync(actor, cancellationToken).ConfigureAwait(false);
        if (staffError is not null)
        {
            return (null, [staffError]);
        }

        var errors = new List<AccessError>();
        var oldError = EmailAddress.TryNormalize(oldEmail, out var normalizedOld);
        if (oldError is not null)
        {
            errors.Add(RecordValidation.Refield(oldError, "oldEmail"));
        }

        var newError = EmailAddress.TryNormalize(newEmail, out var normalizedNew);
        if (newError is not null)
        {
            errors.Add(RecordValidation.Refield(newError, "newEmail"));
        }

        if (errors.Count == 0 && normalizedOld == normalizedNew)
        {
            errors.Add(new AccessError(AccessErrorCodes.EmailChangeSameAddress, "newEmail"));
        }

        return errors.Count > 0 ? (null, errors) : (new Request(staff!, normalizedOld, normalizedNew), []);
    }

    private async Task<Plan> PlanAsync(Request request, CancellationToken cancellationToken)
    {
        var symbol = request.Staff.InstanceSymbol;
        var records = await _records.FindStudentsByEmailAsync(symbol, request.OldEmail, cancellationToken).ConfigureAwait(false);
        var units = (await _directory.ListUnitsAsync(symbol, cancellationToken).ConfigureAwait(false)).ToDictionary(u => u.Code, StringComparer.Ordinal);
        var now = _time.GetUtcNow();
        var plan = new Plan();
        foreach (var record in records
            .Where(r => r.Guardians.Any(g => g.Email == request.OldEmail))
            .OrderBy(r => r.UnitCode, StringComparer.Ordinal)
            .ThenBy(r => r.ClassName, StringComparer.Ordinal)
            .ThenBy(r => r.LastName, PolishOrder.Names)
            .ThenBy(r => r.FirstName, PolishOrder.Names)
            .ThenBy(r => r.Id))
        {
            var unitName = units.TryGetValue(record.UnitCode, out var unit) ? unit.Name : record.UnitCode;
            var listed = new EmailChangeRecord(record.Id, record.FullName, record.UnitCode, unitName, record.ClassName,
                new FixAuthority(FixAuthorityKind.SecretaryOrClassTeacher, record.UnitCode, unitName, record.ClassName, []));
            if (RecordPermissions.CanEdit(request.Staff, record) is not null)
            {
                plan.NotEditable.Add(listed);
                continue;
            }

            var updated = record with
            {
                Guardians = [.. record.Guardians.Select(g => g.Email == request.OldEmail ? g with { Email = request.NewEmail } : g)],
                Version = record.Version + 1,
                UpdatedAt = now,
            };

            // R2 again for the new address: it may be that pupil's own e-mail, or another guardian's of the same record.
            var recordErrors = new List<AccessError>();
            RecordValidation.CheckRecordRules(updated, recordErrors);
            plan.Errors.AddRange(recordErrors.Select(e => new AccessError(e.Code, "newEmail", new Dictionary<string, string>
            {
                ["studentId"] = record.Id.ToString(),
                ["pupil"] = record.FullName,
            })));
            plan.Changed.Add(listed);
            plan.Updates.Add(new StudentRecordUpdate(updated, record.Version, new AuditEntry
            {
                Id = Guid.CreateVersion7(now),
                InstanceSymbol = symbol,
                OccurredAt = now,
                Actor = request.Staff.Email,
                Action = AuditAction.GuardianChanged,
                StudentId = record.Id,
                Changes = AuditTrail.Diff(record, updated),
            }));
        }

        return plan;
    }

    private AccessResult<T> Refuse<T>(StaffActor actor, IReadOnlyList<AccessError> errors)
    {
        EmailChangeRefused(_logger, actor.InstanceSymbol ?? string.Empty, errors[0].Code);
        Activity.Current?.SetTag("uonet_access.code", errors[0].Code);
        return AccessResult<T>.Failure(errors);
    }

    [LoggerMessage(EventId = 1401, Level = LogLevel.Information, Message = "Guardian e-mail changed in {Instance} in {Changed} records ({NotEditable} left to other staff); old account closed: {Closed}")]
    private static partial void EmailChanged(ILogger logger, string instance, int changed, int notEditable, bool closed);

    [LoggerMessage(EventId = 1402, Level = LogLevel.Information, Message = "Guardian e-mail change refused in {Instance}: {Code}")]
    private static partial void EmailChangeRefused(ILogger logger, string instance, string code);

    [LoggerMessage(EventId = 1403, Level = LogLevel.Warning, Message = "Guardian e-mail change in {Instance} met concurrent record changes {Attempts} times; giving up")]
    private static partial void EmailChangeConflict(ILogger logger, string instance, int attempts);

    private sealed record Request(StaffMember Staff, string OldEmail, string NewEmail);

    private sealed class Plan
    {
        public List<EmailChangeRecord> Changed { get; } = [];

        public List<EmailChangeRecord> NotEditable { get; } = [];

        public List<StudentRecordUpdate> Updates { get; } = [];

        public List<AccessError> Errors { get; } = [];
    }
}

/// <summary>What <see cref="GuardianEmailChange.PreviewAsync"/> found.</summary>
/// <param name="OldEmail">The normalized old address.</param>
/// <param name="NewEmail">The normalized new address.</param>
/// <param name="Changed">The records the actor may edit: the change would replace the address in them.</param>
/// <param name="NotEditable">The records that list the old address but that only other staff may edit (see <see cref="EmailChangeRecord.EditableBy"/>).</param>
public sealed record EmailChangePreview(string OldEmail, string NewEmail, IReadOnlyList<EmailChangeRecord> Changed, IReadOnlyList<EmailChangeRecord> NotEditable);

/// <summary>What <see cref="GuardianEmailChange.ApplyAsync"/> did.</summary>
/// <param name="OldEmail">The normalized old address.</param>
/// <param name="NewEmail">The normalized new address.</param>
/// <param name="Changed">The records in which the address was replaced.</param>
/// <param name="NotEditable">The records that still list the old address because only other staff may edit them.</param>
/// <param name="OldAccountClosed">Whether the old address's account was closed now (it backs no record any more).</param>
public sealed record EmailChangeResult(string OldEmail, string NewEmail, IReadOnlyList<EmailChangeRecord> Changed, IReadOnlyList<EmailChangeRecord> NotEditable, bool OldAccountClosed);

/// <summary>A pupil's record touched by a guardian's e-mail change.</summary>
/// <param name="StudentId">The record.</param>
/// <param name="PupilName">The pupil's name, for the staff member's screen.</param>
/// <param name="UnitCode">The pupil's school.</param>
/// <param name="UnitName">The school's name.</param>
/// <param name="ClassName">The pupil's class.</param>
/// <param name="EditableBy">Who may edit the record: the secretary of the school or the class teacher of the class.</param>
public sealed record EmailChangeRecord(Guid StudentId, string PupilName, string UnitCode, string UnitName, string ClassName, FixAuthority EditableBy);
