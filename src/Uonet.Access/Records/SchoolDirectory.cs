using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Uonet.Access.Diagnostics;
using Uonet.Access.Storage;

namespace Uonet.Access.Records;

/// <summary>
/// Setting up instances, units (schools) and staff. These are operator actions of the hosting platform
/// (provisioning), so they take no staff actor; hosts restrict who may call them.
/// </summary>
public sealed class SchoolDirectory
{
    private readonly ISchoolDirectoryStore _store;
    private readonly ILogger _logger;

    /// <summary>Creates the service (normally resolved from DI).</summary>
    public SchoolDirectory(ISchoolDirectoryStore store, ILogger<SchoolDirectory>? logger = null)
    {
        _store = store ?? throw new ArgumentNullException(nameof(store));
        _logger = logger ?? (ILogger)NullLogger.Instance;
    }

    /// <summary>Adds an instance (system address).</summary>
    /// <param name="symbol">The symbol, e.g. <c>gminawulkanowo</c>.</param>
    /// <param name="name">The name shown to people.</param>
    /// <param name="baseUrl">The absolute http(s) address of the site.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    public async Task<AccessResult<SchoolInstance>> AddInstanceAsync(string symbol, string name, string baseUrl, CancellationToken cancellationToken = default)
    {
        var errors = new List<AccessError>();
        var symbolError = InstanceSymbol.TryNormalize(symbol, out var normalized);
        if (symbolError is not null)
        {
            errors.Add(symbolError);
        }

        var nameError = TextRules.TryCleanRequired(name, "name", StudentRecordLimits.MaxDisplayNameLength, out var cleanName);
        if (nameError is not null)
        {
            errors.Add(nameError);
        }

        if (!Uri.TryCreate(baseUrl?.Trim(), UriKind.Absolute, out var url) || (url.Scheme != Uri.UriSchemeHttps && url.Scheme != Uri.UriSchemeHttp) || !string.IsNullOrEmpty(url.UserInfo))
        {
            errors.Add(new AccessError(AccessErrorCodes.InstanceBaseUrlInvalid, "baseUrl"));
        }

        if (errors.Count > 0)
        {
            return AccessResult<SchoolInstance>.Failure(errors);
        }

        var instance = new SchoolInstance(normalized, cleanName, url!);
        if (await _store.AddInstanceAsync(instance, cancellationToken).ConfigureAwait(false) != StoreWriteResult.Success)
        {
            return AccessResult<SchoolInstance>.Failure(AccessErrorCodes.InstanceAlreadyExists, "symbol");
        }

        LogEvents.DirectoryChanged(_logger, normalized, "instance added");
        return AccessResult<SchoolInstance>.Success(instance);
    }

    /// <summary>Finds an instance by symbol (any case).</summary>
    public async Task<SchoolInstance?> FindInstanceAsync(string symbol, CancellationToken cancellationToken = default) =>
        await _store.FindInstanceBySymbolAsync(symbol, cancellationToken).ConfigureAwait(false);

    /// <summary>Lists every instance.</summary>
    public Task<IReadOnlyList<SchoolInstance>> ListInstancesAsync(CancellationToken cancellationToken = default) =>
        _store.ListInstancesAsync(cancellationToken);

    /// <summary>Adds a unit (school) to an instance.</summary>
    public async Task<AccessResult<SchoolUnit>> AddUnitAsync(string symbol, string unitCode, string name, bool requireGuardianPesel = false, CancellationToken cancellationToken = default)
    {
        var (instance, errors) = await ValidateUnitAsync(symbol, unitCode, name, cancellationToken).ConfigureAwait(false);
        if (errors.Count > 0)
        {
            return AccessResult<SchoolUnit>.Failure(errors);
        }

        UnitCode.TryNormalize(unitCode, out var code);
        TextRules.TryCleanRequired(name, "name", StudentRecordLimits.MaxDisplayNameLength, out var cleanName);
        var unit = new SchoolUnit(instance!.Symbol, code, cleanName, requireGuardianPesel);
        return await _store.AddUnitAsync(unit, cancellationToken).ConfigureAwait(false) switch
        {
            StoreWriteResult.Success => Added(unit),
            StoreWriteResult.NotFound => AccessResult<SchoolUnit>.Failure(AccessErrorCodes.InstanceNotFound, "symbol"),
            _ => AccessResult<SchoolUnit>.Failure(AccessErrorCodes.UnitAlreadyExists, "unitCode"),
        };
    }

    /// <summary>Changes a unit's name and whether it requires guardians' PESEL (R2).</summary>
    public async Task<AccessResult<SchoolUnit>> UpdateUnitAsync(string symbol, string unitCode, string name, bool requireGuardianPesel, CancellationToken cancellationToken = default)
    {
        var (instance, errors) = await ValidateUnitAsync(symbol, unitCode, name, cancellationToken).ConfigureAwait(false);
        if (errors.Count > 0)
        {
            return AccessResult<SchoolUnit>.Failure(errors);
        }

        UnitCode.TryNormalize(unitCode, out var code);
        TextRules.TryCleanRequired(name, "name", StudentRecordLimits.MaxDisplayNameLength, out var cleanName);
        var unit = new SchoolUnit(instance!.Symbol, code, cleanName, requireGuardianPesel);
        if (await _store.UpdateUnitAsync(unit, cancellationToken).ConfigureAwait(false) != StoreWriteResult.Success)
        {
            return AccessResult<SchoolUnit>.Failure(AccessErrorCodes.UnitNotFound, "unitCode");
        }

        LogEvents.DirectoryChanged(_logger, unit.InstanceSymbol, "unit changed");
        return AccessResult<SchoolUnit>.Success(unit);
    }

    /// <summary>Lists the units of an instance.</summary>
    public async Task<AccessResult<IReadOnlyList<SchoolUnit>>> ListUnitsAsync(string symbol, CancellationToken cancellationToken = default)
    {
        var instance = await FindInstanceAsync(symbol, cancellationToken).ConfigureAwait(false);
        return instance is null
            ? AccessResult<IReadOnlyList<SchoolUnit>>.Failure(AccessErrorCodes.InstanceNotFound, "symbol")
            : AccessResult<IReadOnlyList<SchoolUnit>>.Success(await _store.ListUnitsAsync(instance.Symbol, cancellationToken).ConfigureAwait(false));
    }

    /// <summary>
    /// Gives a person a staff role in an instance, creating the staff member on first use. A secretary names a
    /// unit; a class teacher a unit and a class; an administrator neither.
    /// </summary>
    public async Task<AccessResult<StaffMember>> AssignStaffAsync(string symbol, string email, string displayName, StaffAssignment assignment, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(assignment);
        var errors = new List<AccessError>();
        var instance = await FindInstanceAsync(symbol, cancellationToken).ConfigureAwait(false);
        if (instance is null)
        {
            errors.Add(new AccessError(AccessErrorCodes.InstanceNotFound, "symbol"));
        }

        var emailError = EmailAddress.TryNormalize(email, out var normalizedEmail);
        if (emailError is not null)
        {
            errors.Add(emailError);
        }

        var nameError = TextRules.TryCleanRequired(displayName, "displayName", StudentRecordLimits.MaxDisplayNameLength, out var cleanName);
        if (nameError is not null)
        {
            errors.Add(nameError);
        }

        var normalizedAssignment = await NormalizeAssignmentAsync(instance, assignment, errors, cancellationToken).ConfigureAwait(false);
        if (errors.Count > 0)
        {
            return AccessResult<StaffMember>.Failure(errors);
        }

        var existing = await _store.FindStaffAsync(instance!.Symbol, normalizedEmail, cancellationToken).ConfigureAwait(false);
        var assignments = existing?.Assignments ?? [];
        var staff = new StaffMember(instance.Symbol, normalizedEmail, cleanName, assignments.Contains(normalizedAssignment!) ? assignments : [.. assignments, normalizedAssignment!]);
        await _store.SaveStaffAsync(staff, cancellationToken).ConfigureAwait(false);
        LogEvents.DirectoryChanged(_logger, instance.Symbol, "staff role assigned: " + normalizedAssignment!.Role);
        return AccessResult<StaffMember>.Success(staff);
    }

    /// <summary>
    /// Takes one role away from a staff member. A member left with no role keeps no access through staff
    /// membership: their sessions end on the next request unless a record still lists the address.
    /// </summary>
    /// <returns>The member with the remaining roles; <see cref="AccessErrorCodes.StaffNotFound"/> when the address holds no such role.</returns>
    public async Task<AccessResult<StaffMember>> UnassignStaffAsync(string symbol, string email, StaffAssignment assignment, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(assignment);
        var errors = new List<AccessError>();
        var instance = await FindInstanceAsync(symbol, cancellationToken).ConfigureAwait(false);
        var normalized = instance is null ? null : await NormalizeAssignmentAsync(instance, assignment, errors, cancellationToken).ConfigureAwait(false);
        var existing = normalized is null ? null : await FindStaffAsync(instance!.Symbol, email, cancellationToken).ConfigureAwait(false);
        var remaining = existing?.Assignments.Where(a => a != normalized).ToList();
        if (existing is null || remaining!.Count == existing.Assignments.Count)
        {
            return AccessResult<StaffMember>.Failure(new AccessError(AccessErrorCodes.StaffNotFound, "email"));
        }

        var staff = existing with { Assignments = remaining };
        await _store.SaveStaffAsync(staff, cancellationToken).ConfigureAwait(false);
        LogEvents.DirectoryChanged(_logger, staff.InstanceSymbol, "staff role removed: " + assignment.Role);
        return AccessResult<StaffMember>.Success(staff);
    }

    /// <summary>Finds a staff member of an instance by e-mail.</summary>
    public async Task<StaffMember?> FindStaffAsync(string symbol, string email, CancellationToken cancellationToken = default) =>
        InstanceSymbol.TryNormalize(symbol, out var s) is null && EmailAddress.TryNormalize(email, out var e) is null
            ? await _store.FindStaffAsync(s, e, cancellationToken).ConfigureAwait(false)
            : null;

    private async Task<StaffAssignment?> NormalizeAssignmentAsync(SchoolInstance? instance, StaffAssignment assignment, List<AccessError> errors, CancellationToken cancellationToken)
    {
        if (!Enum.IsDefined(assignment.Role))
        {
            errors.Add(new AccessError(AccessErrorCodes.StaffAssignmentInvalid, "role"));
            return null;
        }

        if (assignment.Role == StaffRole.Administrator)
        {
            if (assignment.UnitCode is not null || assignment.ClassName is not null)
            {
                errors.Add(new AccessError(AccessErrorCodes.StaffAssignmentInvalid, "unitCode"));
            }

            return new StaffAssignment(StaffRole.Administrator);
        }

        if (UnitCode.TryNormalize(assignment.UnitCode, out var code) is not null)
        {
            errors.Add(new AccessError(AccessErrorCodes.StaffAssignmentInvalid, "unitCode"));
            return null;
        }

        if (instance is not null && await _store.FindUnitAsync(instance.Symbol, code, cancellationToken).ConfigureAwait(false) is null)
        {
            errors.Add(new AccessError(AccessErrorCodes.UnitNotFound, "unitCode"));
        }

        if (assignment.Role == StaffRole.Secretary)
        {
            if (assignment.ClassName is not null)
            {
                errors.Add(new AccessError(AccessErrorCodes.StaffAssignmentInvalid, "className"));
            }

            return new StaffAssignment(StaffRole.Secretary, code);
        }

        var classErrors = new List<AccessError>();
        var className = RecordValidation.CleanClassName(assignment.ClassName, "className", classErrors);
        if (className is null)
        {
            errors.Add(new AccessError(AccessErrorCodes.StaffAssignmentInvalid, "className"));
            return null;
        }

        return new StaffAssignment(StaffRole.ClassTeacher, code, className);
    }

    private async Task<(SchoolInstance? Instance, List<AccessError> Errors)> ValidateUnitAsync(string symbol, string unitCode, string name, CancellationToken cancellationToken)
    {
        var errors = new List<AccessError>();
        var instance = await FindInstanceAsync(symbol, cancellationToken).ConfigureAwait(false);
        if (instance is null)
        {
            errors.Add(new AccessError(AccessErrorCodes.InstanceNotFound, "symbol"));
        }

        var codeError = UnitCode.TryNormalize(unitCode, out _);
        if (codeError is not null)
        {
            errors.Add(codeError);
        }

        var nameError = TextRules.TryCleanRequired(name, "name", StudentRecordLimits.MaxDisplayNameLength, out _);
        if (nameError is not null)
        {
            errors.Add(nameError);
        }

        return (instance, errors);
    }

    private AccessResult<SchoolUnit> Added(SchoolUnit unit)
    {
        LogEvents.DirectoryChanged(_logger, unit.InstanceSymbol, "unit added");
        return AccessResult<SchoolUnit>.Success(unit);
    }
}
