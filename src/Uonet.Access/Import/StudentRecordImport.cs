using System.Globalization;
using System.Text;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Uonet.Access.Diagnostics;
using Uonet.Access.Records;
using Uonet.Access.Storage;

namespace Uonet.Access.Import;

/// <summary>
/// Bulk entry of pupils' records from a CSV file exported from a spreadsheet (see the README for the columns).
/// Each row becomes one record with its guardians, written atomically with its audit entry; a refused row is
/// reported with its row number and errors and leaves nothing behind, while valid rows are kept. Rows are written one
/// by one, not in one transaction: every import is recorded as an <see cref="ImportRun"/>, brought up to date as it
/// goes, which tells what an interrupted import wrote.
/// </summary>
public sealed class StudentRecordImport
{
    /// <summary>The most runs <see cref="ListRunsAsync"/> returns at once.</summary>
    public const int MaxRunsListed = 100;

    // The run's counts are brought up to date after every so many rows, so an import cut off by a crash is off by
    // fewer rows than this; a cancelled or failed one is exact.
    internal const int RowsPerProgressUpdate = 100;

    private static readonly string[] RequiredColumns = ["klasa", "imie", "nazwisko"];

    private readonly StudentRecords _records;
    private readonly ISchoolDirectoryStore _directory;
    private readonly IImportRunStore _runs;
    private readonly TimeProvider _time;
    private readonly ImportOptions _options;
    private readonly ILogger _logger;

    /// <summary>Creates the service (normally resolved from DI).</summary>
    public StudentRecordImport(StudentRecords records, ISchoolDirectoryStore directory, IImportRunStore runs, TimeProvider timeProvider, IOptions<UonetAccessOptions> options, ILogger<StudentRecordImport>? logger = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        _records = records ?? throw new ArgumentNullException(nameof(records));
        _directory = directory ?? throw new ArgumentNullException(nameof(directory));
        _runs = runs ?? throw new ArgumentNullException(nameof(runs));
        _time = timeProvider ?? throw new ArgumentNullException(nameof(timeProvider));
        _options = options.Value.Import;
        _logger = logger ?? (ILogger)NullLogger.Instance;
    }

    /// <summary>Imports the rows of <paramref name="csv"/> into a unit. Only the unit's secretary may import.</summary>
    /// <param name="actor">The secretary importing.</param>
    /// <param name="unitCode">The unit the pupils belong to.</param>
    /// <param name="csv">The file's text.</param>
    /// <returns>A report per row, or a refusal of the whole file (actor, unit, header, size).</returns>
    public Task<AccessResult<ImportReport>> ImportAsync(StaffActor actor, string unitCode, TextReader csv) =>
        ImportAsync(actor, unitCode, csv, null, CancellationToken.None);

    /// <summary>Imports the rows of <paramref name="csv"/> into a unit. Only the unit's secretary may import.</summary>
    /// <param name="actor">The secretary importing.</param>
    /// <param name="unitCode">The unit the pupils belong to.</param>
    /// <param name="csv">The file's text.</param>
    /// <param name="cancellationToken">Cancels between rows and inside long lines; rows already written stay written, and the run records them.</param>
    /// <returns>A report per row, or a refusal of the whole file (actor, unit, header, size).</returns>
    /// <exception cref="OperationCanceledException">The token was cancelled; the run is left <see cref="ImportRunStatus.Cancelled"/> with the rows written so far.</exception>
    public Task<AccessResult<ImportReport>> ImportAsync(StaffActor actor, string unitCode, TextReader csv, CancellationToken cancellationToken) =>
        ImportAsync(actor, unitCode, csv, null, cancellationToken);

    /// <summary>Imports the rows of <paramref name="csv"/> into a unit, recording the file's name with the run.</summary>
    /// <param name="actor">The secretary importing.</param>
    /// <param name="unitCode">The unit the pupils belong to.</param>
    /// <param name="csv">The file's text.</param>
    /// <param name="fileName">The name the file was uploaded with, shown with the run (a path is cut to its last part, control characters dropped, at most <see cref="StoreLimits.FileName"/> characters kept).</param>
    /// <param name="cancellationToken">Cancels between rows and inside long lines; rows already written stay written, and the run records them.</param>
    /// <returns>A report per row, or a refusal of the whole file (actor, unit, header, size).</returns>
    /// <exception cref="OperationCanceledException">The token was cancelled; the run is left <see cref="ImportRunStatus.Cancelled"/> with the rows written so far.</exception>
    public async Task<AccessResult<ImportReport>> ImportAsync(StaffActor actor, string unitCode, TextReader csv, string? fileName, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(csv);
        var (staff, staffError) = await _directory.ResolveActorAsync(actor, cancellationToken).ConfigureAwait(false);
        if (staffError is not null)
        {
            return AccessResult<ImportReport>.Failure(staffError);
        }

        var codeError = UnitCode.TryNormalize(unitCode, out var code);
        if (codeError is not null)
        {
            return AccessResult<ImportReport>.Failure(codeError);
        }

        if (await _directory.FindUnitAsync(staff!.InstanceSymbol, code, cancellationToken).ConfigureAwait(false) is null)
        {
            return AccessResult<ImportReport>.Failure(AccessErrorCodes.UnitNotFound, "unitCode");
        }

        var permission = RecordPermissions.CanCreate(staff, code);
        if (permission is not null)
        {
            return AccessResult<ImportReport>.Failure(permission);
        }

        var run = new ImportRun
        {
            Id = Guid.NewGuid(),
            InstanceSymbol = staff.InstanceSymbol,
            UnitCode = code,
            ActorEmail = staff.Email,
            FileName = ImportFileName.Clean(fileName),
            StartedAt = _time.GetUtcNow(),
            Status = ImportRunStatus.Running,
        };
        await _runs.AddImportRunAsync(run, cancellationToken).ConfigureAwait(false);
        var progress = new ImportProgress();
        AccessResult<ImportReport> result;
        try
        {
            result = await ReadAndWriteAsync(actor, run, csv, progress, cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            await FinishAsync(progress.Of(run, ImportRunStatus.Cancelled)).ConfigureAwait(false);
            throw;
        }
        catch (Exception)
        {
            await FinishAsync(progress.Of(run, ImportRunStatus.Failed)).ConfigureAwait(false);
            throw;
        }

        await FinishAsync(progress.Of(run, result.Succeeded ? ImportRunStatus.Completed : ImportRunStatus.Failed)).ConfigureAwait(false);
        return result;
    }

    /// <summary>
    /// The latest import runs of a unit, newest first, for the unit's secretary and the instance administrator; a
    /// run still <see cref="ImportRunStatus.Running"/> long after it started was cut off by a stopped process.
    /// </summary>
    /// <param name="actor">The secretary of the unit, or the administrator of the instance.</param>
    /// <param name="unitCode">The unit.</param>
    /// <param name="limit">How many runs at most, 1 to <see cref="MaxRunsListed"/>.</param>
    /// <param name="cancellationToken">Cancels the look-up.</param>
    /// <returns>The runs, or a refusal: <c>Staff.NotFound</c>, <c>Unit.CodeInvalid</c>, <c>Unit.NotFound</c>, <c>Staff.NotAllowed</c> (a class teacher), <c>Staff.OtherUnit</c>.</returns>
    public async Task<AccessResult<IReadOnlyList<ImportRun>>> ListRunsAsync(StaffActor actor, string unitCode, int limit = 10, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(limit, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(limit, MaxRunsListed);
        var (staff, staffError) = await _directory.ResolveActorAsync(actor, cancellationToken).ConfigureAwait(false);
        if (staffError is not null)
        {
            return AccessResult<IReadOnlyList<ImportRun>>.Failure(staffError);
        }

        var codeError = UnitCode.TryNormalize(unitCode, out var code);
        if (codeError is not null)
        {
            return AccessResult<IReadOnlyList<ImportRun>>.Failure(codeError);
        }

        if (await _directory.FindUnitAsync(staff!.InstanceSymbol, code, cancellationToken).ConfigureAwait(false) is null)
        {
            return AccessResult<IReadOnlyList<ImportRun>>.Failure(AccessErrorCodes.UnitNotFound, "unitCode");
        }

        var permission = RecordPermissions.CanSeeImports(staff, code);
        if (permission is not null)
        {
            return AccessResult<IReadOnlyList<ImportRun>>.Failure(permission);
        }

        return AccessResult<IReadOnlyList<ImportRun>>.Success(await _runs.ListImportRunsAsync(staff.InstanceSymbol, code, limit, cancellationToken).ConfigureAwait(false));
    }

    private async Task<AccessResult<ImportReport>> ReadAndWriteAsync(StaffActor actor, ImportRun run, TextReader csv, ImportProgress progress, CancellationToken cancellationToken)
    {
        var table = new CsvTable(csv, cancellationToken);
        var header = table.ReadHeader();
        var columns = header is null ? null : ImportColumns.Map(header);
        if (columns is null || RequiredColumns.Any(c => !columns.Has(c)))
        {
            return AccessResult<ImportReport>.Failure(new AccessError(AccessErrorCodes.ImportHeaderInvalid, "header", new Dictionary<string, string>
            {
                ["columns"] = "klasa, imie, nazwisko (class, first_name, last_name)",
            }));
        }

        // The whole file is read before the first write, so that a file refused for its size leaves nothing behind.
        var parsed = new List<(int RowNumber, IReadOnlyList<string>? Fields)>();
        while (table.TryReadRow(out var rowNumber, out var fields, out var unclosedQuote))
        {
            if (unclosedQuote)
            {
                return AccessResult<ImportReport>.Failure(new AccessError(AccessErrorCodes.ImportUnclosedQuote, "file", new Dictionary<string, string>
                {
                    ["row"] = rowNumber.ToString(CultureInfo.InvariantCulture),
                }));
            }

            if (parsed.Count == _options.MaxRows)
            {
                return AccessResult<ImportReport>.Failure(new AccessError(AccessErrorCodes.ImportTooManyRows, "file", new Dictionary<string, string>
                {
                    ["max"] = _options.MaxRows.ToString(CultureInfo.InvariantCulture),
                }));
            }

            parsed.Add((rowNumber, fields));
        }

        var rows = new List<ImportRowResult>(parsed.Count);
        foreach (var (rowNumber, fields) in parsed)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var row = await ImportRowAsync(actor, run.UnitCode, columns, rowNumber, fields, header!.Count).ConfigureAwait(false);
            rows.Add(row);
            progress.Count(row);
            if (rows.Count % RowsPerProgressUpdate == 0 && rows.Count < parsed.Count)
            {
                await _runs.UpdateImportRunAsync(progress.Of(run, ImportRunStatus.Running), cancellationToken).ConfigureAwait(false);
            }
        }

        var report = new ImportReport(progress.Written, progress.Refused, rows) { RunId = run.Id };
        LogEvents.ImportFinished(_logger, run.InstanceSymbol, run.UnitCode, report.Imported, report.Refused);
        return AccessResult<ImportReport>.Success(report);
    }

    // The final state is written whatever became of the caller's token: it is what the office reads afterwards.
    private async Task FinishAsync(ImportRun run)
    {
        await _runs.UpdateImportRunAsync(run with { FinishedAt = _time.GetUtcNow() }, CancellationToken.None).ConfigureAwait(false);
        LogEvents.ImportRunEnded(_logger, run.InstanceSymbol, run.UnitCode, run.Id, run.Status, run.RowsWritten, run.RowsRefused);
    }

    private async Task<ImportRowResult> ImportRowAsync(StaffActor actor, string unitCode, ImportColumns columns, int rowNumber, IReadOnlyList<string>? fields, int width)
    {
        if (fields is null || fields.Count != width)
        {
            return new ImportRowResult(rowNumber, null, [new AccessError(AccessErrorCodes.ImportRowMalformed, "row")]);
        }

        var errors = new List<AccessError>();
        var guardians = new List<GuardianDetails>();
        foreach (var slot in columns.GuardianSlots)
        {
            var first = columns.Get(fields, $"opiekun{slot}_imie");
            var last = columns.Get(fields, $"opiekun{slot}_nazwisko");
            var email = columns.Get(fields, $"opiekun{slot}_email");
            var pesel = columns.Get(fields, $"opiekun{slot}_pesel");
            var relationText = columns.Get(fields, $"opiekun{slot}_relacja");
            if (new[] { first, last, email, pesel, relationText }.All(string.IsNullOrWhiteSpace))
            {
                continue;
            }

            var relation = ImportColumns.ParseRelation(relationText);
            if (relation is null)
            {
                errors.Add(new AccessError(AccessErrorCodes.ImportRelationInvalid, $"opiekun{slot}_relacja", new Dictionary<string, string> { ["value"] = relationText ?? string.Empty }));
                continue;
            }

            guardians.Add(new GuardianDetails { FirstName = first, LastName = last, Email = email, Pesel = pesel, Relation = relation.Value });
        }

        if (errors.Count > 0)
        {
            return new ImportRowResult(rowNumber, null, errors);
        }

        var student = new NewStudent
        {
            UnitCode = unitCode,
            ClassName = columns.Get(fields, "klasa") ?? string.Empty,
            FirstName = columns.Get(fields, "imie") ?? string.Empty,
            LastName = columns.Get(fields, "nazwisko") ?? string.Empty,
            Pesel = columns.Get(fields, "pesel"),
            Email = columns.Get(fields, "email"),
            Guardians = guardians,
        };
        // Not cancelled half-way: a row is written whole or not started, so the run's count of written rows is exact.
        var result = await _records.AddStudentAsync(actor, student, AuditAction.StudentImported, CancellationToken.None).ConfigureAwait(false);
        return result.Succeeded
            ? new ImportRowResult(rowNumber, result.Value.Id, [])
            : new ImportRowResult(rowNumber, null, result.Errors);
    }
}

/// <summary>The rows an import has written and refused so far.</summary>
internal sealed class ImportProgress
{
    public int Written { get; private set; }

    public int Refused { get; private set; }

    public void Count(ImportRowResult row)
    {
        if (row.Succeeded)
        {
            Written++;
        }
        else
        {
            Refused++;
        }
    }

    public ImportRun Of(ImportRun run, ImportRunStatus status) => run with { Status = status, RowsWritten = Written, RowsRefused = Refused };
}

/// <summary>What an import did: counts and one result per data row.</summary>
/// <param name="Imported">Rows that became records.</param>
/// <param name="Refused">Rows refused (nothing of them was written).</param>
/// <param name="Rows">Every data row, in file order.</param>
public sealed record ImportReport(int Imported, int Refused, IReadOnlyList<ImportRowResult> Rows)
{
    /// <summary>The <see cref="ImportRun"/> that records this import.</summary>
    public Guid RunId { get; init; }
}

/// <summary>The outcome of one CSV row.</summary>
/// <param name="RowNumber">The row as a spreadsheet numbers it (the header is row 1).</param>
/// <param name="StudentId">The new record, when the row was imported.</param>
/// <param name="Errors">Why the row was refused; empty when imported. Fields name the CSV column or the record field.</param>
public sealed record ImportRowResult(int RowNumber, Guid? StudentId, IReadOnlyList<AccessError> Errors)
{
    /// <summary>Whether the row became a record.</summary>
    public bool Succeeded => Errors.Count == 0;
}

/// <summary>Maps header names (Polish or English, any case, with or without diacritics) to canonical column names.</summary>
internal sealed class ImportColumns
{
    private readonly Dictionary<string, int> _index;

    private ImportColumns(Dictionary<string, int> index, IReadOnlyList<int> guardianSlots)
    {
        _index = index;
        GuardianSlots = guardianSlots;
    }

    public IReadOnlyList<int> GuardianSlots { get; }

    public static ImportColumns? Map(IReadOnlyList<string> header)
    {
        var index = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < header.Count; i++)
        {
            var name = Canonical(header[i]);
            if (name is null || !index.TryAdd(name, i))
            {
                return null;
            }
        }

        var slots = index.Keys
            .Where(k => k.StartsWith("opiekun", StringComparison.Ordinal))
            .Select(k => k["opiekun".Length] - '0')
            .Distinct()
            .Order()
            .ToList();
        return new ImportColumns(index, slots);
    }

    public bool Has(string column) => _index.ContainsKey(column);

    public string? Get(IReadOnlyList<string> fields, string column) =>
        _index.TryGetValue(column, out var i) && fields[i].Trim().Length > 0 ? fields[i] : null;

    public static GuardianRelation? ParseRelation(string? text) => Fold(text ?? string.Empty) switch
    {
        "" or "inny" or "inna" or "other" => GuardianRelation.Other,
        "matka" or "mother" or "mama" => GuardianRelation.Mother,
        "ojciec" or "father" or "tata" => GuardianRelation.Father,
        "opiekun" or "opiekunprawny" or "opiekunka" or "opiekunkaprawna" or "legalguardian" or "guardian" => GuardianRelation.LegalGuardian,
        _ => null,
    };

    // Unknown columns are refused rather than ignored, so that a misspelt "opiekun1_emial" does not silently drop
    // a guardian's login.
    private static string? Canonical(string raw)
    {
        var name = Fold(raw);
        switch (name)
        {
            case "klasa" or "class" or "oddzial":
                return "klasa";
            case "imie" or "firstname":
                return "imie";
            case "nazwisko" or "lastname" or "surname":
                return "nazwisko";
            case "pesel":
                return "pesel";
            case "email" or "adresemail" or "mail":
                return "email";
        }

        foreach (var prefix in new[] { "opiekun", "guardian", "rodzic" })
        {
            if (name.Length > prefix.Length + 1 && name.StartsWith(prefix, StringComparison.Ordinal) && char.IsAsciiDigit(name[prefix.Length]))
            {
                var slot = name[prefix.Length];
                if (slot is < '1' or > '6')
                {
                    return null;
                }

                var field = name[(prefix.Length + 1)..] switch
                {
                    "imie" or "firstname" => "imie",
                    "nazwisko" or "lastname" or "surname" => "nazwisko",
                    "email" or "adresemail" or "mail" => "email",
                    "pesel" => "pesel",
                    "relacja" or "relation" or "pokrewienstwo" or "stopienpokrewienstwa" => "relacja",
                    _ => null,
                };
                return field is null ? null : $"opiekun{slot}_{field}";
            }
        }

        return null;
    }

    /// <summary>Lower case, no diacritics, letters and digits only: "Opiekun1 E-mail" → "opiekun1email".</summary>
    private static string Fold(string text)
    {
        var builder = new StringBuilder(text.Length);
        // A header or relation that is not text folds to nothing (an unknown column or relation), never an exception.
        var decomposed = TextRules.HasInvalidUtf16(text) ? string.Empty : text.Trim().Normalize(NormalizationForm.FormD);
        foreach (var c in decomposed)
        {
            if (c == 'ł' || c == 'Ł')
            {
                builder.Append('l');
            }
            else if (char.IsAsciiLetterOrDigit(c))
            {
                builder.Append(char.ToLowerInvariant(c));
            }
        }

        return builder.ToString();
    }
}
