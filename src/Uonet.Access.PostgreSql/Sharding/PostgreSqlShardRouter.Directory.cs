using Uonet.Access.Import;
using Uonet.Access.Maintenance;
using Uonet.Access.Records;
using Uonet.Access.Storage;

namespace Uonet.Access.PostgreSql.Sharding;

// The directory, the records, import runs and maintenance windows: each in its instance's database; listings of every
// instance read every database.
public sealed partial class PostgreSqlShardRouter
{
    Task<SchoolInstance?> ISchoolDirectoryStore.FindInstanceAsync(string symbol, CancellationToken cancellationToken) =>
        ShardOf(symbol).RunAsync(s => s.FindInstanceAsync(symbol, cancellationToken));

    async Task<IReadOnlyList<SchoolInstance>> ISchoolDirectoryStore.ListInstancesAsync(CancellationToken cancellationToken) =>
        [.. (await EveryAsync(s => s.ListInstancesAsync(cancellationToken)).ConfigureAwait(false)).SelectMany(l => l).OrderBy(i => i.Symbol, StringComparer.Ordinal)];

    Task<StoreWriteResult> ISchoolDirectoryStore.AddInstanceAsync(SchoolInstance instance, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(instance);
        return ShardOf(instance.Symbol).RunAsync(s => s.AddInstanceAsync(instance, cancellationToken));
    }

    Task<SchoolUnit?> ISchoolDirectoryStore.FindUnitAsync(string symbol, string unitCode, CancellationToken cancellationToken) =>
        ShardOf(symbol).RunAsync(s => s.FindUnitAsync(symbol, unitCode, cancellationToken));

    Task<IReadOnlyList<SchoolUnit>> ISchoolDirectoryStore.ListUnitsAsync(string symbol, CancellationToken cancellationToken) =>
        ShardOf(symbol).RunAsync(s => s.ListUnitsAsync(symbol, cancellationToken));

    Task<StoreWriteResult> ISchoolDirectoryStore.AddUnitAsync(SchoolUnit unit, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(unit);
        return ShardOf(unit.InstanceSymbol).RunAsync(s => s.AddUnitAsync(unit, cancellationToken));
    }

    Task<StoreWriteResult> ISchoolDirectoryStore.UpdateUnitAsync(SchoolUnit unit, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(unit);
        return ShardOf(unit.InstanceSymbol).RunAsync(s => s.UpdateUnitAsync(unit, cancellationToken));
    }

    Task<StaffMember?> ISchoolDirectoryStore.FindStaffAsync(string symbol, string email, CancellationToken cancellationToken) =>
        ShardOf(symbol).RunAsync(s => s.FindStaffAsync(symbol, email, cancellationToken));

    Task ISchoolDirectoryStore.SaveStaffAsync(StaffMember staff, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(staff);
        return ShardOf(staff.InstanceSymbol).RunAsync(s => s.SaveStaffAsync(staff, cancellationToken));
    }

    Task<StudentRecord?> IStudentRecordStore.FindStudentAsync(string symbol, Guid studentId, CancellationToken cancellationToken) =>
        ShardOf(symbol).RunAsync(s => s.FindStudentAsync(symbol, studentId, cancellationToken));

    Task<IReadOnlyList<StudentRecord>> IStudentRecordStore.ListStudentsAsync(string symbol, string unitCode, string? className, CancellationToken cancellationToken) =>
        ShardOf(symbol).RunAsync(s => s.ListStudentsAsync(symbol, unitCode, className, cancellationToken));

    Task<IReadOnlyList<StudentRecord>> IStudentRecordStore.FindStudentsByEmailAsync(string symbol, string email, CancellationToken cancellationToken) =>
        ShardOf(symbol).RunAsync(s => s.FindStudentsByEmailAsync(symbol, email, cancellationToken));

    Task<IReadOnlyList<StudentRecord>> IStudentRecordStore.FindStudentsByPeselAsync(string symbol, string unitCode, string pesel, CancellationToken cancellationToken) =>
        ShardOf(symbol).RunAsync(s => s.FindStudentsByPeselAsync(symbol, unitCode, pesel, cancellationToken));

    async Task<IReadOnlyList<string>> IStudentRecordStore.FindInstancesByEmailAsync(string email, CancellationToken cancellationToken) =>
        [.. (await EveryAsync(s => s.FindInstancesByEmailAsync(email, cancellationToken)).ConfigureAwait(false)).SelectMany(l => l).Distinct().Order(StringComparer.Ordinal)];

    Task<StoreWriteResult> IStudentRecordStore.InsertStudentAsync(StudentRecord record, AuditEntry audit, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(record);
        ArgumentNullException.ThrowIfNull(audit);
        return ShardOf(record.InstanceSymbol).RunAsync(s => s.InsertStudentAsync(record, audit, cancellationToken));
    }

    Task<StoreWriteResult> IStudentRecordStore.UpdateStudentAsync(StudentRecord record, long expectedVersion, AuditEntry audit, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(record);
        ArgumentNullException.ThrowIfNull(audit);
        return ShardOf(record.InstanceSymbol).RunAsync(s => s.UpdateStudentAsync(record, expectedVersion, audit, cancellationToken));
    }

    Task<IReadOnlyList<AuditEntry>> IStudentRecordStore.ListAuditAsync(string symbol, Guid? studentId, int limit, CancellationToken cancellationToken) =>
        ShardOf(symbol).RunAsync(s => s.ListAuditAsync(symbol, studentId, limit, cancellationToken));

    // All or nothing holds in one database only: the records of one batch (one instance's change of a guardian's e-mail)
    // always share it. A batch that spans two names a record where it is not (NotFound, as in one database: a record never
    // changes instance), or else is refused; either way before anything is written.
    async Task<StoreWriteResult> IStudentRecordStore.UpdateStudentsAsync(IReadOnlyList<StudentRecordUpdate> updates, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(updates);
        var records = updates.Where(u => u?.Record is not null).Select(u => u.Record).ToList();
        if (records.Select(r => ShardOf(r.InstanceSymbol)).Distinct().Count() <= 1)
        {
            return await ShardOf(records.FirstOrDefault()?.InstanceSymbol).RunAsync(s => s.UpdateStudentsAsync(updates, cancellationToken)).ConfigureAwait(false);
        }

        foreach (var record in records)
        {
            if (await ShardOf(record.InstanceSymbol).RunAsync(s => s.FindStudentAsync(record.InstanceSymbol, record.Id, cancellationToken)).ConfigureAwait(false) is null)
            {
                return StoreWriteResult.NotFound;
            }
        }

        throw new ArgumentException(
            "This batch changes records of instances kept in different databases; a batch is atomic in one database only, so it must stay within one instance's database.",
            nameof(updates));
    }

    Task<StoreWriteResult> IImportRunStore.AddImportRunAsync(ImportRun run, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(run);
        return ShardOf(run.InstanceSymbol).RunAsync(s => s.AddImportRunAsync(run, cancellationToken));
    }

    Task<StoreWriteResult> IImportRunStore.UpdateImportRunAsync(ImportRun run, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(run);
        return ShardOf(run.InstanceSymbol).RunAsync(s => s.UpdateImportRunAsync(run, cancellationToken));
    }

    Task<IReadOnlyList<ImportRun>> IImportRunStore.ListImportRunsAsync(string symbol, string unitCode, int limit, CancellationToken cancellationToken) =>
        ShardOf(symbol).RunAsync(s => s.ListImportRunsAsync(symbol, unitCode, limit, cancellationToken));

    // A window of one instance lives with it; a window of the whole deployment lives in the default database, and an
    // instance's list adds those.
    Task IMaintenanceStore.AddMaintenanceWindowAsync(MaintenanceWindow window, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(window);
        return ShardOf(window.InstanceSymbol).RunAsync(s => s.AddMaintenanceWindowAsync(window, cancellationToken));
    }

    async Task<IReadOnlyList<MaintenanceWindow>> IMaintenanceStore.ListMaintenanceWindowsAsync(string? symbol, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var own = ShardOf(symbol);
        if (own == _default)
        {
            return await own.RunAsync(s => s.ListMaintenanceWindowsAsync(symbol, now, cancellationToken)).ConfigureAwait(false);
        }

        var instance = own.RunAsync(s => s.ListMaintenanceWindowsAsync(symbol, now, cancellationToken));
        var everywhere = _default.RunAsync(s => s.ListMaintenanceWindowsAsync(null, now, cancellationToken));
        await Task.WhenAll(instance, everywhere).ConfigureAwait(false);
        return [.. (await instance.ConfigureAwait(false)).Concat(await everywhere.ConfigureAwait(false))
            .DistinctBy(w => w.Id)
            .OrderBy(w => w.StartsAt)
            .ThenBy(w => w.Id.ToByteArray(bigEndian: true), ByteOrder.Instance)];
    }

    Task<bool> IMaintenanceStore.EndMaintenanceWindowAsync(Guid windowId, DateTimeOffset endedAt, CancellationToken cancellationToken) =>
        AnyAsync(s => s.EndMaintenanceWindowAsync(windowId, endedAt, cancellationToken));

    /// <summary>PostgreSQL's order of <c>uuid</c> values (their bytes, most significant first), for merged listings.</summary>
    private sealed class ByteOrder : IComparer<byte[]>
    {
        public static ByteOrder Instance { get; } = new();

        public int Compare(byte[]? x, byte[]? y) => x.AsSpan().SequenceCompareTo(y);
    }
}
