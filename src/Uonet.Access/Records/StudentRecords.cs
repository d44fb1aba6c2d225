using System.Diagnostics;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Uonet.Access.Credentials;
using Uonet.Access.Diagnostics;
using Uonet.Access.Sessions;
using Uonet.Access.Storage;

namespace Uonet.Access.Records;

/// <summary>
/// Entering and changing pupils' records by school staff (R1, R2): validation, who may change what,
/// optimistic concurrency and an audit entry for every change, written atomically with it.
/// </summary>
public sealed class StudentRecords
{
    private const int MaxAttempts = 3;

    private readonly ISchoolDirectoryStore _directory;
    private readonly IStudentRecordStore _records;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;

    // R9 (e-mail change): closes the accounts of addresses a change leaves without any record. Null when built through
    // the public constructor: such accounts then stay open, yet cannot sign in, as eligibility is checked on every request.
    private readonly AccountClosure? _accountClosure;

    /// <summary>Creates the service (normally resolved from DI).</summary>
    public StudentRecords(ISchoolDirectoryStore directory, IStudentRecordStore records, TimeProvider time, ILogger<StudentRecords>? logger = null)
        : this(directory, records, null, time, logger)
    {
    }

    internal StudentRecords(ISchoolDirectoryStore directory, IStudentRecordStore records, AccountClosure? accountClosure, TimeProvider time, ILogger<StudentRecords>? logger = null)
    {
        _directory = directory ?? throw new ArgumentNullException(nameof(directory));
        _records = records ?? throw new ArgumentNullException(nameof(records));
        _accountClosure = accountClosure;
        _time = time ?? throw new ArgumentNullException(nameof(time));
        _logger = logger ?? (ILogger)NullLogger.Instance;
    }

    /// <summary>Enters a new record. Only the secretary of the unit may (R1).</summary>
    public Task<AccessResult<StudentRecord>> AddStudentAsync(StaffActor actor, NewStudent student, CancellationToken cancellationToken = default) =>
        AddStudentAsync(actor, student, AuditAction.StudentAdded, cancellationToken);

    internal async Task<AccessResult<StudentRecord>> AddStudentAsync(StaffActor actor, NewStudent student, AuditAction action, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(student);
        using var activity = AccessTelemetry.ActivitySource.StartActivity("Uonet.Access.AddStudent");
        var (staff, staffError) = await _directory.ResolveActorAsync(actor, cancellationToken).ConfigureAwait(false);
        if (staffError is not null)
        {
            return Refuse<StudentRecord>(actor, staffError);
        }

        var unitError = UnitCode.TryNormalize(student.UnitCode, out var unitCode);
        if (unitError is not null)
        {
            return Refuse<StudentRecord>(actor, unitError);
        }

        var unit = await _directory.FindUnitAsync(staff!.InstanceSymbol, unitCode, cancellationToken).ConfigureAwait(false);
        if (unit is null)
        {
            return Refuse<StudentRecord>(actor, new AccessError(AccessErrorCodes.UnitNotFound, "unitCode"));
        }

        var permission = RecordPermissions.CanCreate(staff, unitCode);
        if (permission is not null)
        {
            return Refuse<StudentRecord>(actor, permission);
        }

        var errors = new List<AccessError>();
        var className = RecordValidation.CleanClassName(student.ClassName, "className", errors);
        var first = RecordValidation.CleanName(student.FirstName, "firstName", required: true, errors);
        var last = RecordValidation.CleanName(student.LastName, "lastName", required: true, errors);
        var pesel = RecordValidation.CleanPesel(student.Pesel, "pesel", errors);
        var email = RecordValidation.CleanEmail(student.Email, "email", errors);
        var guardians = new List<GuardianEntry>();
        for (var i = 0; i < (student.Guardians?.Count ?? 0); i++)
        {
            var guardian = RecordValidation.CleanGuardian(student.Guardians![i], NewId(), $"guardians[{i}].", errors);
            if (guardian is not null)
            {
                guardians.Add(guardian);
            }
        }

        if (errors.Count > 0)
        {
            return Refuse<StudentRecord>(actor, errors);
        }

        var now = _time.GetUtcNow();
        var record = new StudentRecord
        {
            Id = NewId(),
            InstanceSymbol = staff.InstanceSymbol,
            UnitCode = unitCode,
            ClassName = className!,
            FirstName = first!,
            LastName = last!,
            Pesel = pesel,
            Email = email,
            Guardians = guardians,
            Version = 1,
            CreatedAt = now,
            UpdatedAt = now,
        };
        RecordValidation.CheckRecordRules(record, errors);
        if (pesel is not null && (await _records.FindStudentsByPeselAsync(record.InstanceSymbol, unitCode, pesel, cancellationToken).ConfigureAwait(false)).Count > 0)
        {
            errors.Add(new AccessError(AccessErrorCodes.PeselDuplicate, "pesel"));
        }

        if (errors.Count > 0)
        {
            return Refuse<StudentRecord>(actor, errors);
        }

        var audit = Audit(staff, action, null, record, now);
        var written = await _records.InsertStudentAsync(record, audit, cancellationToken).ConfigureAwait(false);
        if (written != StoreWriteResult.Success)
        {
            return Refuse<StudentRecord>(actor, new AccessError(written == StoreWriteResult.Duplicate ? AccessErrorCodes.StudentAlreadyExists : AccessErrorCodes.UnitNotFound));
        }

        Changed(record, action);
        return AccessResult<StudentRecord>.Success(record);
    }

    /// <summary>
    /// Changes a record's own fields. The secretary may change all of them; the class teacher of the pupil's class
    /// all but the class (R1).
    /// </summary>
    /// <param name="actor">Who changes the record.</param>
    /// <param name="studentId">The record.</param>
    /// <param name="changes">What to change.</param>
    /// <param name="expectedVersion">The version the editor saw; a different stored version refuses the change with
    /// <see cref="AccessErrorCodes.ConcurrencyConflict"/>. <see langword="null"/> applies the change to the newest version.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    public Task<AccessResult<StudentRecord>> UpdateStudentAsync(StaffActor actor, Guid studentId, StudentChanges changes, long? expectedVersion = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(changes);
        return ChangeAsync(actor, studentId, expectedVersion, AuditAction.StudentChanged, (staff, current, errors) =>
        {
            var updated = current;
            if (changes.FirstName is not null)
            {
                updated = updated with { FirstName = RecordValidation.CleanName(changes.FirstName, "firstName", required: true, errors) ?? current.FirstName };
            }

            if (changes.LastName is not null)
            {
                updated = updated with { LastName = RecordValidation.CleanName(changes.LastName, "lastName", required: true, errors) ?? current.LastName };
            }

            if (changes.Pesel is not null)
            {
                updated = updated with { Pesel = RecordValidation.CleanPesel(changes.Pesel, "pesel", errors) };
            }

            if (changes.Email is not null)
            {
                updated = updated with { Email = RecordValidation.CleanEmail(changes.Email, "email", errors) };
            }

            if (changes.ClassName is not null)
            {
                var className = RecordValidation.CleanClassName(changes.ClassName, "className", errors);
                if (className is not null && className != current.ClassName)
                {
                    var refused = RecordPermissions.CanChangeClass(staff, current);
                    if (refused is not null)
                    {
                        errors.Add(refused);
                    }

                    updated = updated with { ClassName = className };
                }
            }

            return updated;
        }, cancellationToken);
    }

    /// <summary>Adds a guardian to a record (secretary, or the class teacher of the pupil's class; R2).</summary>
    public async Task<AccessResult<GuardianEntry>> AddGuardianAsync(StaffActor actor, Guid studentId, GuardianDetails guardian, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(guardian);
        var id = NewId();
        var result = await ChangeAsync(actor, studentId, null, AuditAction.GuardianAdded, (_, current, errors) =>
        {
            var entry = RecordValidation.CleanGuardian(guardian, id, $"guardians[{current.Guardians.Count}].", errors);
            return entry is null ? current : current with { Guardians = [.. current.Guardians, entry] };
        }, cancellationToken).ConfigureAwait(false);
        return result.Succeeded
            ? AccessResult<GuardianEntry>.Success(result.Value.Guardians.Single(g => g.Id == id))
            : AccessResult<GuardianEntry>.Failure(result.Errors);
    }

    /// <summary>Replaces a guardian entry's data (secretary, or the class teacher of the pupil's class; R2).</summary>
    public async Task<AccessResult<GuardianEntry>> UpdateGuardianAsync(StaffActor actor, Guid studentId, Guid guardianId, GuardianDetails guardian, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(guardian);
        var result = await ChangeAsync(actor, studentId, null, AuditAction.GuardianChanged, (_, current, errors) =>
        {
            var index = IndexOf(current, guardianId);
            if (index < 0)
            {
                errors.Add(new AccessError(AccessErrorCodes.GuardianNotFound, "guardianId"));
                return current;
            }

            var entry = RecordValidation.CleanGuardian(guardian, guardianId, $"guardians[{index}].", errors);
            if (entry is null)
            {
                return current;
            }

            var list = current.Guardians.ToList();
            list[index] = entry;
            return current with { Guardians = list };
        }, cancellationToken).ConfigureAwait(false);
        return result.Succeeded
            ? AccessResult<GuardianEntry>.Success(result.Value.Guardians.Single(g => g.Id == guardianId))
            : AccessResult<GuardianEntry>.Failure(result.Errors);
    }

    /// <summary>Removes a guardian from a record (secretary, or the class teacher of the pupil's class).</summary>
    public async Task<AccessResult> RemoveGuardianAsync(StaffActor actor, Guid studentId, Guid guardianId, CancellationToken cancellationToken = default)
    {
        var result = await ChangeAsync(actor, studentId, null, AuditAction.GuardianRemoved, (_, current, errors) =>
        {
            if (IndexOf(current, guardianId) < 0)
            {
                errors.Add(new AccessError(AccessErrorCodes.GuardianNotFound, "guardianId"));
                return current;
            }

            return current with { Guardians = [.. current.Guardians.Where(g => g.Id != guardianId)] };
        }, cancellationToken).ConfigureAwait(false);
        return result.Succeeded ? AccessResult.Success() : AccessResult.Failure(result.Errors);
    }

    /// <summary>Reads one record (staff who may edit it, and the instance administrator).</summary>
    public async Task<AccessResult<StudentRecord>> FindStudentAsync(StaffActor actor, Guid studentId, CancellationToken cancellationToken = default)
    {
        var (staff, staffError) = await _directory.ResolveActorAsync(actor, cancellationToken).ConfigureAwait(false);
        if (staffError is not null)
        {
            return AccessResult<StudentRecord>.Failure(staffError);
        }

        var record = await _records.FindStudentAsync(staff!.InstanceSymbol, studentId, cancellationToken).ConfigureAwait(false);
        if (record is null)
        {
            return AccessResult<StudentRecord>.Failure(AccessErrorCodes.StudentNotFound, "studentId");
        }

        var refused = RecordPermissions.CanRead(staff, record);
        return refused is null ? AccessResult<StudentRecord>.Success(record) : AccessResult<StudentRecord>.Failure(refused);
    }

    /// <summary>
    /// Lists the records of a unit the staff member may see: all for the secretary and the administrator,
    /// the own class(es) for a class teacher.
    /// </summary>
    public async Task<AccessResult<IReadOnlyList<StudentRecord>>> ListStudentsAsync(StaffActor actor, string unitCode, string? className = null, CancellationToken cancellationToken = default)
    {
        var (staff, staffError) = await _directory.ResolveActorAsync(actor, cancellationToken).ConfigureAwait(false);
        if (staffError is not null)
        {
            return AccessResult<IReadOnlyList<StudentRecord>>.Failure(staffError);
        }

        var unitError = UnitCode.TryNormalize(unitCode, out var code);
        if (unitError is not null)
        {
            return AccessResult<IReadOnlyList<StudentRecord>>.Failure(unitError);
        }

        var classErrors = new List<AccessError>();
        var normalizedClass = className is null ? null : RecordValidation.CleanClassName(className, "className", classErrors);
        if (classErrors.Count > 0)
        {
            return AccessResult<IReadOnlyList<StudentRecord>>.Failure(classErrors);
        }

        var refused = RecordPermissions.CanList(staff!, code, normalizedClass, out var classes);
        if (refused is not null)
        {
            return AccessResult<IReadOnlyList<StudentRecord>>.Failure(refused);
        }

        var list = await _records.ListStudentsAsync(staff!.InstanceSymbol, code, normalizedClass, cancellationToken).ConfigureAwait(false);
        IReadOnlyList<StudentRecord> visible = [.. list
            .Where(r => classes is null || classes.Contains(r.ClassName))
            .OrderBy(r => r.ClassName, StringComparer.Ordinal)
            .ThenBy(r => r.LastName, PolishOrder.Names)
            .ThenBy(r => r.FirstName, PolishOrder.Names)];
        return AccessResult<IReadOnlyList<StudentRecord>>.Success(visible);
    }

    /// <summary>The audit trail of a record (or of the whole instance for its administrator), newest first.</summary>
    public async Task<AccessResult<IReadOnlyList<AuditEntry>>> ListAuditAsync(StaffActor actor, Guid? studentId, int limit = 100, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(limit);
        var (staff, staffError) = await _directory.ResolveActorAsync(actor, cancellationToken).ConfigureAwait(false);
        if (staffError is not null)
        {
            return AccessResult<IReadOnlyList<AuditEntry>>.Failure(staffError);
        }

        if (studentId is null)
        {
            if (!staff!.Has(StaffRole.Administrator))
            {
                return AccessResult<IReadOnlyList<AuditEntry>>.Failure(AccessErrorCodes.StaffNotAllowed);
            }
        }
        else
        {
            var record = await FindStudentAsync(actor, studentId.Value, cancellationToken).ConfigureAwait(false);
            if (!record.Succeeded)
            {
                return AccessResult<IReadOnlyList<AuditEntry>>.Failure(record.Errors);
            }
        }

        var entries = await _records.ListAuditAsync(staff!.InstanceSymbol, studentId, limit, cancellationToken).ConfigureAwait(false);
        return AccessResult<IReadOnlyList<AuditEntry>>.Success(entries);
    }

    private async Task<AccessResult<StudentRecord>> ChangeAsync(
        StaffActor actor,
        Guid studentId,
        long? expectedVersion,
        AuditAction action,
        Func<StaffMember, StudentRecord, List<AccessError>, StudentRecord> change,
        CancellationToken cancellationToken)
    {
        using var activity = AccessTelemetry.ActivitySource.StartActivity("Uonet.Access.ChangeStudent");
        var (staff, staffError) = await _directory.ResolveActorAsync(actor, cancellationToken).ConfigureAwait(false);
        if (staffError is not null)
        {
            return Refuse<StudentRecord>(actor, staffError);
        }

        // Without an expected version the change is recomputed from a fresh read on conflict, which is safe
        // because every change here is a function of the current record.
        for (var attempt = 1; attempt <= MaxAttempts; attempt++)
        {
            var current = await _records.FindStudentAsync(staff!.InstanceSymbol, studentId, cancellationToken).ConfigureAwait(false);
            if (current is null)
            {
                return Refuse<StudentRecord>(actor, new AccessError(AccessErrorCodes.StudentNotFound, "studentId"));
            }

            var permission = RecordPermissions.CanEdit(staff, current);
            if (permission is not null)
            {
                return Refuse<StudentRecord>(actor, permission);
            }

            if (expectedVersion is not null && expectedVersion != current.Version)
            {
                return Refuse<StudentRecord>(actor, new AccessError(AccessErrorCodes.ConcurrencyConflict));
            }

            var errors = new List<AccessError>();
            var now = _time.GetUtcNow();
            var updated = change(staff, current, errors) with { Version = current.Version + 1, UpdatedAt = now };
            if (errors.Count == 0)
            {
                RecordValidation.CheckRecordRules(updated, errors);
                if (updated.Pesel is not null && updated.Pesel != current.Pesel)
                {
                    var same = await _records.FindStudentsByPeselAsync(updated.InstanceSymbol, updated.UnitCode, updated.Pesel, cancellationToken).ConfigureAwait(false);
                    if (same.Any(r => r.Id != updated.Id))
                    {
                        errors.Add(new AccessError(AccessErrorCodes.PeselDuplicate, "pesel"));
                    }
                }
            }

            if (errors.Count > 0)
            {
                return Refuse<StudentRecord>(actor, errors);
            }

            var audit = Audit(staff, action, current, updated, now);
            if (audit.Changes.Count == 0)
            {
                return AccessResult<StudentRecord>.Success(current);
            }

            var written = await _records.UpdateStudentAsync(updated, current.Version, audit, cancellationToken).ConfigureAwait(false);
            switch (written)
            {
                case StoreWriteResult.Success:
                    Changed(updated, action);

                    // R9: an address that could sign in through this record and no longer can loses its account,
                    // unless another record still backs it.
                    if (_accountClosure is not null)
                    {
                        await _accountClosure.CloseLostAsync(current, updated, SessionClient.Of(actor), cancellationToken).ConfigureAwait(false);
                    }

                    return AccessResult<StudentRecord>.Success(updated);
                case StoreWriteResult.NotFound:
                    return Refuse<StudentRecord>(actor, new AccessError(AccessErrorCodes.StudentNotFound, "studentId"));
                case StoreWriteResult.Conflict when expectedVersion is not null:
                    return Refuse<StudentRecord>(actor, new AccessError(AccessErrorCodes.ConcurrencyConflict));
                default:
                    continue;
            }
        }

        LogEvents.RecordConflict(_logger, studentId, MaxAttempts);
        return Refuse<StudentRecord>(actor, new AccessError(AccessErrorCodes.ConcurrencyConflict));
    }

    private static int IndexOf(StudentRecord record, Guid guardianId)
    {
        for (var i = 0; i < record.Guardians.Count; i++)
        {
            if (record.Guardians[i].Id == guardianId)
            {
                return i;
            }
        }

        return -1;
    }

    private AuditEntry Audit(StaffMember staff, AuditAction action, StudentRecord? before, StudentRecord after, DateTimeOffset now) => new()
    {
        Id = NewId(),
        InstanceSymbol = after.InstanceSymbol,
        OccurredAt = now,
        Actor = staff.Email,
        Action = action,
        StudentId = after.Id,
        Changes = AuditTrail.Diff(before, after),
    };

    private Guid NewId() => Guid.CreateVersion7(_time.GetUtcNow());

    private void Changed(StudentRecord record, AuditAction action)
    {
        AccessTelemetry.RecordChanges.Add(1, new KeyValuePair<string, object?>("action", action.ToString()));
        LogEvents.RecordChanged(_logger, record.Id, action, record.InstanceSymbol);
    }

    private AccessResult<T> Refuse<T>(StaffActor actor, AccessError error) => Refuse<T>(actor, [error]);

    private AccessResult<T> Refuse<T>(StaffActor actor, IReadOnlyList<AccessError> errors)
    {
        LogEvents.RecordChangeRefused(_logger, actor.InstanceSymbol ?? string.Empty, errors[0].Code);
        Activity.Current?.SetTag("uonet_access.code", errors[0].Code);
        return AccessResult<T>.Failure(errors);
    }
}
