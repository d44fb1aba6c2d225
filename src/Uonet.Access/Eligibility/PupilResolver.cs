using Uonet.Access.Diagnostics;
using Uonet.Access.Records;
using Uonet.Access.Storage;

namespace Uonet.Access.Eligibility;

/// <summary>
/// Answers "whom does this e-mail see in this instance?" from the records, on every call (R5, R8): the pupil's own
/// record(s) where R1 holds, and every child whose record lists the address as an eligible guardian (R2), across all
/// units of the instance and never outside it (R6). An address may sign in when it sees a pupil or belongs to a staff
/// member of the instance; any other address may not.
/// </summary>
public sealed class PupilResolver
{
    private readonly ISchoolDirectoryStore _directory;
    private readonly IStudentRecordStore _records;

    /// <summary>Creates the resolver (normally resolved from DI).</summary>
    public PupilResolver(ISchoolDirectoryStore directory, IStudentRecordStore records)
    {
        _directory = directory ?? throw new ArgumentNullException(nameof(directory));
        _records = records ?? throw new ArgumentNullException(nameof(records));
    }

    /// <summary>
    /// The pupils visible to <paramref name="email"/> in the instance, ordered by last name, first name and school.
    /// An invalid address or unknown instance sees nobody.
    /// </summary>
    public async Task<IReadOnlyList<VisiblePupil>> ResolveAsync(string symbol, string email, CancellationToken cancellationToken = default)
    {
        if (InstanceSymbol.TryNormalize(symbol, out var normalizedSymbol) is not null || EmailAddress.TryNormalize(email, out var normalizedEmail) is not null)
        {
            return [];
        }

        return await ResolveNormalizedAsync(normalizedSymbol, normalizedEmail, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Whether the address may sign in to the instance: it sees at least one pupil, or it is a staff member's.</summary>
    public async Task<bool> IsEligibleAsync(string symbol, string email, CancellationToken cancellationToken = default)
    {
        if (InstanceSymbol.TryNormalize(symbol, out var normalizedSymbol) is not null || EmailAddress.TryNormalize(email, out var normalizedEmail) is not null)
        {
            return false;
        }

        return (await ResolveStandingAsync(normalizedSymbol, normalizedEmail, cancellationToken).ConfigureAwait(false)).MaySignIn;
    }

    /// <summary>Everything that lets a normalized address sign in: its pupils and its staff membership.</summary>
    /// <remarks>Every lookup always runs, so an address's standing costs the same store work whatever it turns out to be.</remarks>
    internal async Task<AccessStanding> ResolveStandingAsync(string symbol, string email, CancellationToken cancellationToken) =>
        StandingOf(email, await ReadSourcesAsync(symbol, email, withStaff: true, cancellationToken).ConfigureAwait(false));

    /// <summary>The standing of a normalized address among <paramref name="records"/> (those of the instance mentioning it), for callers that already read them.</summary>
    internal async Task<AccessStanding> ResolveStandingAsync(string symbol, string email, IReadOnlyList<StudentRecord> records, CancellationToken cancellationToken)
    {
        var pupils = await ResolveRecordsAsync(symbol, email, records, cancellationToken).ConfigureAwait(false);
        var staff = await _directory.FindStaffAsync(symbol, email, cancellationToken).ConfigureAwait(false);
        return AccessStanding.Of(pupils, staff);
    }

    internal async Task<IReadOnlyList<VisiblePupil>> ResolveNormalizedAsync(string symbol, string email, CancellationToken cancellationToken)
    {
        var sources = await ReadSourcesAsync(symbol, email, withStaff: false, cancellationToken).ConfigureAwait(false);
        return VisibleAmong(email, sources.Records, sources.Units);
    }

    /// <summary>The pupils visible to <paramref name="email"/> among <paramref name="records"/> (those of the instance mentioning it), for callers that already read them.</summary>
    internal async Task<IReadOnlyList<VisiblePupil>> ResolveRecordsAsync(string symbol, string email, IReadOnlyList<StudentRecord> records, CancellationToken cancellationToken)
    {
        // One read of the instance's units whether or not any record mentions the address: the store work of a request
        // must not tell an address in the records from one outside them (no enumeration).
        var units = await _directory.ListUnitsAsync(symbol, cancellationToken).ConfigureAwait(false);
        return VisibleAmong(email, records, units);
    }

    /// <summary>
    /// The sources of a normalized address's standing: in one round trip where the record store can (see
    /// <see cref="IRequestSnapshotStore"/>), otherwise read one by one. Always the same reads, whatever the address.
    /// </summary>
    internal async Task<StandingSources> ReadSourcesAsync(string symbol, string email, bool withStaff, CancellationToken cancellationToken)
    {
        if (_records is IRequestSnapshotStore snapshots)
        {
            return await snapshots.ReadStandingSourcesAsync(symbol, email, withStaff, cancellationToken).ConfigureAwait(false);
        }

        var records = await _records.FindStudentsByEmailAsync(symbol, email, cancellationToken).ConfigureAwait(false);
        var units = await _directory.ListUnitsAsync(symbol, cancellationToken).ConfigureAwait(false);
        var staff = withStaff ? await _directory.FindStaffAsync(symbol, email, cancellationToken).ConfigureAwait(false) : null;
        return new StandingSources(records, units, staff);
    }

    /// <summary>The standing of a normalized address from sources already read (a request snapshot).</summary>
    internal static AccessStanding StandingOf(string email, StandingSources sources) =>
        AccessStanding.Of(VisibleAmong(email, sources.Records, sources.Units), sources.Staff);

    /// <summary>The pupils visible to <paramref name="email"/> among <paramref name="records"/>, with the instance's <paramref name="units"/>.</summary>
    internal static IReadOnlyList<VisiblePupil> VisibleAmong(string email, IReadOnlyList<StudentRecord> records, IReadOnlyList<SchoolUnit> units)
    {
        AccessTelemetry.Resolutions.Add(1);
        var unitsByCode = units.ToDictionary(u => u.Code, StringComparer.Ordinal);
        if (records.Count == 0)
        {
            return [];
        }

        var visible = new List<VisiblePupil>(records.Count);
        foreach (var record in records)
        {
            if (!unitsByCode.TryGetValue(record.UnitCode, out var unit))
            {
                continue;
            }

            var relation = RelationOf(record, email, unit);
            if (relation is not null)
            {
                visible.Add(new VisiblePupil
                {
                    StudentId = record.Id,
                    InstanceSymbol = record.InstanceSymbol,
                    UnitCode = record.UnitCode,
                    UnitName = unit.Name,
                    ClassName = record.ClassName,
                    FirstName = record.FirstName,
                    LastName = record.LastName,
                    Relation = relation.Value,
                });
            }
        }

        visible.Sort(static (a, b) =>
        {
            var byLast = PolishOrder.Names.Compare(a.LastName, b.LastName);
            if (byLast != 0)
            {
                return byLast;
            }

            var byFirst = PolishOrder.Names.Compare(a.FirstName, b.FirstName);
            return byFirst != 0 ? byFirst : string.Compare(a.UnitCode, b.UnitCode, StringComparison.Ordinal);
        });
        return visible;
    }

    private static PupilRelation? RelationOf(StudentRecord record, string email, SchoolUnit unit)
    {
        if (record.Email == email && EligibilityRules.IsStudentEligible(record))
        {
            return PupilRelation.Self;
        }

        foreach (var guardian in record.Guardians)
        {
            if (guardian.Email == email && EligibilityRules.IsGuardianEligible(record, guardian, unit))
            {
                return guardian.Relation switch
                {
                    GuardianRelation.Mother => PupilRelation.Mother,
                    GuardianRelation.Father => PupilRelation.Father,
                    GuardianRelation.LegalGuardian => PupilRelation.LegalGuardian,
                    _ => PupilRelation.OtherGuardian,
                };
            }
        }

        return null;
    }
}
