using System.Globalization;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Uonet.Access.Diagnostics;
using Uonet.Access.Localization;
using Uonet.Access.Credentials;
using Uonet.Access.Records;
using Uonet.Access.SecurityEvents;
using Uonet.Access.Storage;

namespace Uonet.Access.Eligibility;

/// <summary>
/// The FAQ turned into a checker for the school office: given an e-mail, every record of the instance that mentions
/// it, which rule blocks sign-in there, and who can fix it, in words that can be read to a parent on the phone — and,
/// from the account's security trail, whether the address is locked and when it last signed in or failed to, so the
/// FAQ's "I can't log in" call is answered from one screen.
/// </summary>
public sealed class LoginDiagnosis
{
    private readonly ISchoolDirectoryStore _directory;
    private readonly IStudentRecordStore _records;
    private readonly ICredentialStore _credentials;
    private readonly TimeProvider _time;
    private readonly UonetAccessOptions _options;
    private readonly ILogger _logger;

    /// <summary>Creates the service (normally resolved from DI).</summary>
    public LoginDiagnosis(ISchoolDirectoryStore directory, IStudentRecordStore records, ICredentialStore credentials, TimeProvider time, IOptions<UonetAccessOptions> options, ILogger<LoginDiagnosis>? logger = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        _directory = directory ?? throw new ArgumentNullException(nameof(directory));
        _records = records ?? throw new ArgumentNullException(nameof(records));
        _credentials = credentials ?? throw new ArgumentNullException(nameof(credentials));
        _time = time ?? throw new ArgumentNullException(nameof(time));
        _options = options.Value;
        _logger = logger ?? (ILogger)NullLogger.Instance;
    }

    /// <summary>Diagnoses why <paramref name="email"/> can or cannot sign in to the actor's instance. Any staff member of the instance may ask.</summary>
    /// <param name="actor">The staff member asking (their instance is the one diagnosed).</param>
    /// <param name="email">The address a parent or pupil reports.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    public async Task<AccessResult<LoginDiagnosisReport>> DiagnoseAsync(StaffActor actor, string email, CancellationToken cancellationToken = default)
    {
        var (staff, staffError) = await _directory.ResolveActorAsync(actor, cancellationToken).ConfigureAwait(false);
        if (staffError is not null)
        {
            return AccessResult<LoginDiagnosisReport>.Failure(staffError);
        }

        var symbol = staff!.InstanceSymbol;

        var emailError = EmailAddress.TryNormalize(email, out var address);
        if (emailError is not null)
        {
            return AccessResult<LoginDiagnosisReport>.Failure(emailError);
        }

        var findings = new List<DiagnosisFinding>();
        var records = await _records.FindStudentsByEmailAsync(symbol, address, cancellationToken).ConfigureAwait(false);
        var units = (await _directory.ListUnitsAsync(symbol, cancellationToken).ConfigureAwait(false)).ToDictionary(u => u.Code, StringComparer.Ordinal);
        foreach (var record in records.OrderBy(r => r.UnitCode, StringComparer.Ordinal).ThenBy(r => r.ClassName, StringComparer.Ordinal).ThenBy(r => r.LastName, PolishOrder.Names))
        {
            units.TryGetValue(record.UnitCode, out var unit);
            if (record.Email == address)
            {
                AddFindings(findings, record, unit, DiagnosisRole.Student, "R1", EligibilityRules.StudentBlockers(record));
            }

            foreach (var guardian in record.Guardians.Where(g => g.Email == address))
            {
                AddFindings(findings, record, unit, DiagnosisRole.Guardian, "R2", EligibilityRules.GuardianBlockers(record, guardian, unit));
            }
        }

        var member = await _directory.FindStaffAsync(symbol, address, cancellationToken).ConfigureAwait(false);
        if (member is { HoldsAnyRole: true })
        {
            findings.Add(new DiagnosisFinding
            {
                Role = DiagnosisRole.Staff,
                Rule = "R3",
                Code = DiagnosisCodes.StaffMember,
                Blocking = false,
                FixedBy = new FixAuthority(FixAuthorityKind.Nobody, null, null, null, []),
                Arguments = new Dictionary<string, string> { ["name"] = member.DisplayName },
            });
        }

        var elsewhere = (await _records.FindInstancesByEmailAsync(address, cancellationToken).ConfigureAwait(false))
            .Where(s => s != symbol)
            .ToList();
        if (records.Count == 0 && member is not { HoldsAnyRole: true })
        {
            findings.Add(elsewhere.Count > 0 && _options.Diagnosis.RevealOtherInstances
                ? new DiagnosisFinding
                {
                    Role = DiagnosisRole.None,
                    Rule = "R6",
                    Code = DiagnosisCodes.OtherInstanceOnly,
                    Blocking = true,
                    FixedBy = new FixAuthority(FixAuthorityKind.OtherInstance, null, null, null, elsewhere),
                    Arguments = new Dictionary<string, string> { ["instances"] = string.Join(", ", elsewhere.Select(s => "/" + s + "/")) },
                }
                : new DiagnosisFinding
                {
                    Role = DiagnosisRole.None,
                    Rule = "R3",
                    Code = DiagnosisCodes.AddressUnknown,
                    Blocking = true,
                    FixedBy = new FixAuthority(FixAuthorityKind.Secretary, null, null, null, []),
                });
        }

        var report = new LoginDiagnosisReport(address, symbol, findings.Any(f => !f.Blocking), findings)
        {
            SignIns = await SignInStateAsync(symbol, address, cancellationToken).ConfigureAwait(false),
        };
        LogEvents.DiagnosisRun(_logger, symbol, findings.Count, report.CanSignIn);
        return AccessResult<LoginDiagnosisReport>.Success(report);
    }

    // The trail is read for the account of the address only; an address without an account has nothing to show.
    private async Task<SignInState> SignInStateAsync(string symbol, string address, CancellationToken cancellationToken)
    {
        var now = _time.GetUtcNow();
        var attempts = await _credentials.GetAttemptsAsync(AttemptKeys.SignInAddress(symbol, address), now, cancellationToken).ConfigureAwait(false);
        var account = await _credentials.FindAccountAsync(symbol, address, cancellationToken).ConfigureAwait(false);
        var events = account is null ? [] : await _credentials.ListSecurityEventsAsync(account.Id, TrailRead, cancellationToken).ConfigureAwait(false);
        var link = await _credentials.FindOpenLinkTokenAsync(symbol, address, now, cancellationToken).ConfigureAwait(false);
        return new SignInState(
            account is not null,
            attempts.IsLocked(now) ? attempts.LockedUntil : null,
            Latest(events, SecurityEventKind.SignInSucceeded),
            Latest(events, SecurityEventKind.SignInFailed, SecurityEventKind.SignInLocked, SecurityEventKind.SecondStepFailed))
        {
            LinkSentAt = link?.CreatedAt,
            LinkValidUntil = link?.ExpiresAt,
        };
    }

    private const int TrailRead = 200;

    private static DateTimeOffset? Latest(IReadOnlyList<SecurityEvent> events, params SecurityEventKind[] kinds) =>
        events.Where(e => kinds.Contains(e.Kind)).Select(e => (DateTimeOffset?)e.OccurredAt).DefaultIfEmpty(null).Max();

    private static void AddFindings(List<DiagnosisFinding> findings, StudentRecord record, SchoolUnit? unit, DiagnosisRole role, string rule, IReadOnlyList<string> blockers)
    {
        var unitName = unit?.Name ?? record.UnitCode;
        if (blockers.Count == 0)
        {
            findings.Add(Finding(record, unitName, role, role == DiagnosisRole.Student ? "R1" : "R5", DiagnosisCodes.Eligible, blocking: false,
                new FixAuthority(FixAuthorityKind.Nobody, null, null, null, [])));
            return;
        }

        foreach (var code in blockers)
        {
            findings.Add(Finding(record, unitName, role, rule, code, blocking: true,
                new FixAuthority(FixAuthorityKind.SecretaryOrClassTeacher, record.UnitCode, unitName, record.ClassName, [])));
        }
    }

    private static DiagnosisFinding Finding(StudentRecord record, string unitName, DiagnosisRole role, string rule, string code, bool blocking, FixAuthority fixedBy) => new()
    {
        StudentId = record.Id,
        PupilName = record.FullName,
        UnitCode = record.UnitCode,
        UnitName = unitName,
        ClassName = record.ClassName,
        Role = role,
        Rule = rule,
        Code = code,
        Blocking = blocking,
        FixedBy = fixedBy,
    };
}

/// <summary>The result of <see cref="LoginDiagnosis.DiagnoseAsync"/>.</summary>
/// <param name="Email">The normalized address diagnosed.</param>
/// <param name="InstanceSymbol">The instance diagnosed.</param>
/// <param name="CanSignIn">Whether the address may sign in to the instance (sees at least one pupil, or belongs to staff).</param>
/// <param name="Findings">One finding per record and role mentioning the address, or one saying why none does.</param>
public sealed record LoginDiagnosisReport(string Email, string InstanceSymbol, bool CanSignIn, IReadOnlyList<DiagnosisFinding> Findings)
{
    /// <summary>What the account of the address shows of sign-in: the lock and the last success and failure.</summary>
    public SignInState SignIns { get; init; } = new(false, null, null, null);
}

/// <summary>The sign-in state of an address, for the school office's diagnosis (never a secret, never a link).</summary>
/// <param name="HasAccount">Whether the first login was completed (an account exists at the instance).</param>
/// <param name="LockedUntil">Until when sign-in is locked after failed attempts, if it is now.</param>
/// <param name="LastSignInAt">The last successful sign-in, from the account's security trail.</param>
/// <param name="LastFailedSignInAt">The last failed sign-in, lock or wrong second-step code, from the trail.</param>
public sealed record SignInState(bool HasAccount, DateTimeOffset? LockedUntil, DateTimeOffset? LastSignInAt, DateTimeOffset? LastFailedSignInAt)
{
    /// <summary>
    /// When the first-login / restore link now waiting in the person's mailbox was sent, if one is (unused, unexpired
    /// and the newest sent to the address); the link itself never leaves the mail.
    /// </summary>
    public DateTimeOffset? LinkSentAt { get; init; }

    /// <summary>Until when that link works, if one is waiting.</summary>
    public DateTimeOffset? LinkValidUntil { get; init; }

    /// <summary>Whether a first-login / restore link is waiting to be used (R3, R4).</summary>
    public bool LinkPending => LinkValidUntil is not null;
}

/// <summary>In which role a record mentions the diagnosed address.</summary>
public enum DiagnosisRole
{
    /// <summary>No record mentions it (the finding is about the address itself).</summary>
    None = 0,

    /// <summary>As the pupil's own e-mail.</summary>
    Student = 1,

    /// <summary>As a guardian's e-mail.</summary>
    Guardian = 2,

    /// <summary>As a staff member's e-mail (staff sign in to keep the records).</summary>
    Staff = 3,
}

/// <summary>One thing the diagnosis found: a record, the rule at stake, and who can fix it.</summary>
public sealed record DiagnosisFinding
{
    /// <summary>The record, or <see langword="null"/> when the finding is about the address itself.</summary>
    public Guid? StudentId { get; init; }

    /// <summary>The pupil's name, for the secretary's screen (never read to an unverified caller).</summary>
    public string? PupilName { get; init; }

    /// <summary>The unit code of the record.</summary>
    public string? UnitCode { get; init; }

    /// <summary>The unit name of the record.</summary>
    public string? UnitName { get; init; }

    /// <summary>The class of the record.</summary>
    public string? ClassName { get; init; }

    /// <summary>The role in which the record mentions the address.</summary>
    public required DiagnosisRole Role { get; init; }

    /// <summary>The rule of the FAQ, <c>R1</c> to <c>R10</c>.</summary>
    public required string Rule { get; init; }

    /// <summary>One of <see cref="DiagnosisCodes"/>.</summary>
    public required string Code { get; init; }

    /// <summary>Whether this finding stops sign-in for this record.</summary>
    public required bool Blocking { get; init; }

    /// <summary>Who can fix it.</summary>
    public required FixAuthority FixedBy { get; init; }

    /// <summary>Values for the description's placeholders.</summary>
    public IReadOnlyDictionary<string, string> Arguments { get; init; } = new Dictionary<string, string>();

    /// <summary>The finding in words with the built-in texts (Polish for <c>pl</c>, Ukrainian for <c>uk</c>, English otherwise); a host's own: <see cref="AccessTextProvider.Describe(DiagnosisFinding, CultureInfo)"/>.</summary>
    public string Describe(CultureInfo? culture = null) => AccessTextProvider.Default.Describe(this, culture ?? CultureInfo.CurrentUICulture);
}

/// <summary>Who can fix a finding.</summary>
public enum FixAuthorityKind
{
    /// <summary>Nothing to fix.</summary>
    Nobody = 0,

    /// <summary>The school secretary.</summary>
    Secretary = 1,

    /// <summary>The school secretary or the class teacher of the pupil's class.</summary>
    SecretaryOrClassTeacher = 2,

    /// <summary>The school at another instance address.</summary>
    OtherInstance = 3,
}

/// <summary>Who can fix a finding, and where.</summary>
/// <param name="Kind">The kind of person.</param>
/// <param name="UnitCode">The unit, when one applies.</param>
/// <param name="UnitName">The unit's name, when one applies.</param>
/// <param name="ClassName">The class, when the class teacher may fix it.</param>
/// <param name="Instances">Other instances, for <see cref="FixAuthorityKind.OtherInstance"/>.</param>
public sealed record FixAuthority(FixAuthorityKind Kind, string? UnitCode, string? UnitName, string? ClassName, IReadOnlyList<string> Instances)
{
    /// <summary>The role name used in machine-readable output: <c>none</c>, <c>secretary</c>, <c>secretary-or-class-teacher</c>, <c>other-instance</c>.</summary>
    public string Role => Kind switch
    {
        FixAuthorityKind.Secretary => "secretary",
        FixAuthorityKind.SecretaryOrClassTeacher => "secretary-or-class-teacher",
        FixAuthorityKind.OtherInstance => "other-instance",
        _ => "none",
    };

    /// <summary>Who can fix it, in words, with the built-in texts; a host's own: <see cref="AccessTextProvider.Describe(FixAuthority, CultureInfo)"/>.</summary>
    public string Describe(CultureInfo? culture = null) => AccessTextProvider.Default.Describe(this, culture ?? CultureInfo.CurrentUICulture);

    internal (string Code, IReadOnlyDictionary<string, string> Arguments) Text()
    {
        var args = new Dictionary<string, string>
        {
            ["unit"] = UnitName ?? UnitCode ?? string.Empty,
            ["class"] = ClassName ?? string.Empty,
            ["instances"] = string.Join(", ", Instances.Select(s => "/" + s + "/")),
        };
        var code = Kind switch
        {
            FixAuthorityKind.Secretary when UnitName is null && UnitCode is null => DiagnosisCodes.FixedBySchoolSecretary,
            FixAuthorityKind.Secretary => DiagnosisCodes.FixedBySecretary,
            FixAuthorityKind.SecretaryOrClassTeacher => DiagnosisCodes.FixedBySecretaryOrClassTeacher,
            FixAuthorityKind.OtherInstance => DiagnosisCodes.FixedByOtherInstance,
            _ => DiagnosisCodes.FixedByNobody,
        };
        return (code, args);
    }
}
