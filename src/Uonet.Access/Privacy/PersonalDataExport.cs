using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Unicode;
using Uonet.Access.Devices;
using Uonet.Access.Records;
using Uonet.Access.Sessions;
using Uonet.Access.Storage;

namespace Uonet.Access.Privacy;

/// <summary>
/// The right of access (RODO art. 15): the account holder downloads what the system holds about them, and the unit's
/// secretary hands out a pupil's record with its whole history. Each export shows only what its reader is entitled to:
/// the holder sees their own fields and nothing of other people but the pupil's name, school and class.
/// </summary>
public sealed class PersonalDataExport
{
    private readonly SessionTickets _sessions;
    private readonly ICredentialStore _credentials;
    private readonly IDeviceStore _devices;
    private readonly ISchoolDirectoryStore _directory;
    private readonly IStudentRecordStore _records;
    private readonly TimeProvider _time;

    /// <summary>Creates the service (normally resolved from DI).</summary>
    public PersonalDataExport(SessionTickets sessions, ICredentialStore credentials, IDeviceStore devices, ISchoolDirectoryStore directory, IStudentRecordStore records, TimeProvider time)
    {
        _sessions = sessions ?? throw new ArgumentNullException(nameof(sessions));
        _credentials = credentials ?? throw new ArgumentNullException(nameof(credentials));
        _devices = devices ?? throw new ArgumentNullException(nameof(devices));
        _directory = directory ?? throw new ArgumentNullException(nameof(directory));
        _records = records ?? throw new ArgumentNullException(nameof(records));
        _time = time ?? throw new ArgumentNullException(nameof(time));
    }

    /// <summary>
    /// The JSON form of the exports: camelCase names, enums by name, indented, so that every host hands out the same
    /// document.
    /// </summary>
    public static JsonSerializerOptions JsonOptions { get; } = CreateJsonOptions();

    /// <summary>
    /// What the system holds about the holder of <paramref name="sessionTicket"/>. Refused with the session's own code
    /// when the ticket is not valid.
    /// </summary>
    /// <param name="sessionTicket">The session ticket of the signed-in account.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    public async Task<AccessResult<PersonalDataDocument>> ExportAsync(string? sessionTicket, CancellationToken cancellationToken = default)
    {
        var validation = await _sessions.ValidateAsync(sessionTicket, cancellationToken).ConfigureAwait(false);
        if (validation.Status != SessionStatus.Valid)
        {
            return AccessResult<PersonalDataDocument>.Failure(validation.Code!);
        }

        var account = validation.Account!;
        var sessions = await _sessions.SummarizeAsync(validation, cancellationToken).ConfigureAwait(false);
        var devices = await _devices.ListDevicesAsync(account.Id, cancellationToken).ConfigureAwait(false);
        var events = await _credentials.ListSecurityEventsAsync(account.Id, int.MaxValue, cancellationToken).ConfigureAwait(false);

        var linked = new List<PersonalLinkedInstance>();
        foreach (var id in await _credentials.ListLinkedAccountsAsync(account.Id, cancellationToken).ConfigureAwait(false))
        {
            if (await _credentials.FindAccountByIdAsync(id, cancellationToken).ConfigureAwait(false) is { } other)
            {
                var instance = await _directory.FindInstanceAsync(other.InstanceSymbol, cancellationToken).ConfigureAwait(false);
                linked.Add(new PersonalLinkedInstance(other.InstanceSymbol, instance?.Name));
            }
        }

        var records = new List<PersonalRecordData>();
        var unitNames = new Dictionary<string, string?>(StringComparer.Ordinal);
        foreach (var record in await _records.FindStudentsByEmailAsync(account.InstanceSymbol, account.Email, cancellationToken).ConfigureAwait(false))
        {
            if (!unitNames.TryGetValue(record.UnitCode, out var unitName))
            {
                unitName = (await _directory.FindUnitAsync(record.InstanceSymbol, record.UnitCode, cancellationToken).ConfigureAwait(false))?.Name;
                unitNames[record.UnitCode] = unitName;
            }

            records.Add(HolderView(record, unitName, account.Email));
        }

        return AccessResult<PersonalDataDocument>.Success(new PersonalDataDocument
        {
            GeneratedAt = _time.GetUtcNow(),
            Account = new PersonalAccountData
            {
                Id = account.Id,
                InstanceSymbol = account.InstanceSymbol,
                Email = account.Email,
                Status = account.Status,
                CreatedAt = account.CreatedAt,
                PasswordChangedAt = account.PasswordChangedAt,
                TwoStepSignIn = account.HasTotp,
            },
            Sessions = sessions,
            Devices = [.. devices.Select(d => new DeviceSummary
            {
                Id = d.Id,
                Name = d.Name,
                Platform = d.Platform,
                KeyAlgorithm = d.KeyAlgorithm,
                CreatedAt = d.CreatedAt,
                LastSeenAt = d.LastSeenAt,
                RevokedAt = d.RevokedAt,
                RevocationReason = d.RevocationReason,
            }).OrderByDescending(d => d.CreatedAt)],
            SecurityEvents = events,
            LinkedInstances = [.. linked.OrderBy(l => l.Symbol, StringComparer.Ordinal)],
            Records = [.. records
                .OrderBy(r => r.PupilLastName, PolishOrder.Names)
                .ThenBy(r => r.PupilFirstName, PolishOrder.Names)
                .ThenBy(r => r.StudentId)],
        });
    }

    /// <summary>
    /// One pupil's record with every audit entry of it and their authors, for the secretary of the record's unit only.
    /// Refusals: <see cref="AccessErrorCodes.StaffNotFound"/> for someone who is no (longer) staff;
    /// <see cref="AccessErrorCodes.StudentNotFound"/> for an unknown record; <see cref="AccessErrorCodes.StaffOtherUnit"/>
    /// for staff of another unit; <see cref="AccessErrorCodes.StaffNotAllowed"/> for a class teacher or the administrator.
    /// </summary>
    /// <param name="actor">The staff member asking.</param>
    /// <param name="studentId">The record to export.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    public async Task<AccessResult<StudentRecordExport>> ExportStudentRecordAsync(StaffActor actor, Guid studentId, CancellationToken cancellationToken = default)
    {
        var (staff, staffError) = await _directory.ResolveActorAsync(actor, cancellationToken).ConfigureAwait(false);
        if (staffError is not null)
        {
            return AccessResult<StudentRecordExport>.Failure(staffError);
        }

        var record = await _records.FindStudentAsync(staff!.InstanceSymbol, studentId, cancellationToken).ConfigureAwait(false);
        if (record is null)
        {
            return AccessResult<StudentRecordExport>.Failure(AccessErrorCodes.StudentNotFound, "studentId");
        }

        if (RecordPermissions.CanExport(staff, record) is { } refused)
        {
            return AccessResult<StudentRecordExport>.Failure(refused);
        }

        var unit = await _directory.FindUnitAsync(record.InstanceSymbol, record.UnitCode, cancellationToken).ConfigureAwait(false);
        var history = await _records.ListAuditAsync(record.InstanceSymbol, record.Id, int.MaxValue, cancellationToken).ConfigureAwait(false);
        return AccessResult<StudentRecordExport>.Success(new StudentRecordExport
        {
            GeneratedAt = _time.GetUtcNow(),
            ExportedBy = staff.Email,
            UnitName = unit?.Name,
            Record = record,
            History = history,
        });
    }

    // Built field by field from the holder's own parts, so a field added to the record later is left out until chosen.
    private static PersonalRecordData HolderView(StudentRecord record, string? unitName, string holderEmail) => new()
    {
        StudentId = record.Id,
        PupilFirstName = record.FirstName,
        PupilLastName = record.LastName,
        UnitCode = record.UnitCode,
        UnitName = unitName,
        ClassName = record.ClassName,
        AsPupil = record.Email == holderEmail
            ? new PersonalPupilData
            {
                FirstName = record.FirstName,
                LastName = record.LastName,
                Pesel = record.Pesel,
                Email = record.Email,
                CreatedAt = record.CreatedAt,
                UpdatedAt = record.UpdatedAt,
            }
            : null,
        AsGuardian = [.. record.Guardians.Where(g => g.Email == holderEmail).Select(g => new PersonalGuardianData
        {
            Id = g.Id,
            FirstName = g.FirstName,
            LastName = g.LastName,
            Email = g.Email,
            Pesel = g.Pesel,
            Relation = g.Relation,
        })],
    };

    private static JsonSerializerOptions CreateJsonOptions()
    {
        // Polish letters stay readable in the file; characters that matter in HTML are still escaped.
        var options = new JsonSerializerOptions(JsonSerializerDefaults.Web) { WriteIndented = true, Encoder = JavaScriptEncoder.Create(UnicodeRanges.All) };
        options.Converters.Add(new JsonStringEnumConverter(JsonNamingPolicy.CamelCase));
        options.MakeReadOnly(populateMissingResolver: true);
        return options;
    }
}
