using Uonet.Access.Records;

namespace Uonet.Access.Storage;

/// <summary>
/// A thread-safe store held in process memory, for tests, demos and benchmarks. It keeps the same
/// contract as the database stores (indexes by e-mail, atomic writes with their audit entries) and
/// passes the same specification suite; its data is gone when the process ends.
/// </summary>
public sealed partial class InMemoryAccessStore : ISchoolDirectoryStore, IStudentRecordStore, ICredentialStore, IOutboxStore, IRetentionStore
{
    // One lock keeps every multi-part write (record + indexes + audit) atomic; reads are cheap copies
    // of immutable records, so contention stays low at the sizes this store is meant for.
    private readonly Lock _gate = new();
    private readonly Dictionary<string, SchoolInstance> _instances = new(StringComparer.Ordinal);
    private readonly Dictionary<(string Symbol, string Code), SchoolUnit> _units = [];
    private readonly Dictionary<(string Symbol, string Email), StaffMember> _staff = [];
    private readonly Dictionary<Guid, StudentRecord> _students = [];
    private readonly Dictionary<(string Symbol, string Email), HashSet<Guid>> _byEmail = [];
    private readonly Dictionary<string, HashSet<string>> _instancesByEmail = new(StringComparer.Ordinal);
    private readonly Dictionary<(string Symbol, string Unit), HashSet<Guid>> _byUnit = [];
    private readonly List<AuditEntry> _audit = [];

    /// <inheritdoc />
    public Task<SchoolInstance?> FindInstanceAsync(string symbol, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            return Task.FromResult(_instances.GetValueOrDefault(symbol));
        }
    }

    /// <inheritdoc />
    public Task<IReadOnlyList<SchoolInstance>> ListInstancesAsync(CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            IReadOnlyList<SchoolInstance> list = [.. _instances.Values.OrderBy(i => i.Symbol, StringComparer.Ordinal)];
            return Task.FromResult(list);
        }
    }

    /// <inheritdoc />
    public Task<StoreWriteResult> AddInstanceAsync(SchoolInstance instance, CancellationToken cancellationToken)
    {
        StoreValues.Check(instance);
        lock (_gate)
        {
            return Task.FromResult(_instances.TryAdd(instance.Symbol, instance) ? StoreWriteResult.Success : StoreWriteResult.Duplicate);
        }
    }

    /// <inheritdoc />
    public Task<SchoolUnit?> FindUnitAsync(string symbol, string unitCode, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            return Task.FromResult(_units.GetValueOrDefault((symbol, unitCode)));
        }
    }

    /// <inheritdoc />
    public Task<IReadOnlyList<SchoolUnit>> ListUnitsAsync(string symbol, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            IReadOnlyList<SchoolUnit> list = [.. _units.Values.Where(u => u.InstanceSymbol == symbol).OrderBy(u => u.Code, StringComparer.Ordinal)];
            return Task.FromResult(list);
        }
    }

    /// <inheritdoc />
    public Task<StoreWriteResult> AddUnitAsync(SchoolUnit unit, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(unit);
        lock (_gate)
        {
            if (!_instances.ContainsKey(unit.InstanceSymbol))
            {
                return Task.FromResult(StoreWriteResult.NotFound);
            }

            return Task.FromResult(_units.TryAdd((unit.InstanceSymbol, unit.Code), unit) ? StoreWriteResult.Success : StoreWriteResult.Duplicate);
        }
    }

    /// <inheritdoc />
    public Task<StoreWriteResult> UpdateUnitAsync(SchoolUnit unit, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(unit);
        lock (_gate)
        {
            var key = (unit.InstanceSymbol, unit.Code);
            if (!_units.ContainsKey(key))
            {
                return Task.FromResult(StoreWriteResult.NotFound);
            }

            _units[key] = unit;
            return Task.FromResult(StoreWriteResult.Success);
        }
    }

    /// <inheritdoc />
    public Task<StaffMember?> FindStaffAsync(string symbol, string email, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            return Task.FromResult(_staff.GetValueOrDefault((symbol, email)));
        }
    }

    /// <inheritdoc />
    public Task SaveStaffAsync(StaffMember staff, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(staff);
        lock (_gate)
        {
            _staff[(staff.InstanceSymbol, staff.Email)] = staff with { Assignments = [.. staff.Assignments] };
            return Task.CompletedTask;
        }
    }

    /// <inheritdoc />
    public Task<StudentRecord?> FindStudentAsync(string symbol, Guid studentId, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            var found = _students.GetValueOrDefault(studentId);
            return Task.FromResult(found is not null && found.InstanceSymbol == symbol ? found : null);
        }
    }

    /// <inheritdoc />
    public Task<IReadOnlyList<StudentRecord>> ListStudentsAsync(string symbol, string unitCode, string? className, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            if (!_byUnit.TryGetValue((symbol, unitCode), out var ids))
            {
                return Task.FromResult<IReadOnlyList<StudentRecord>>([]);
            }

            return Task.FromResult(StoreValues.InListOrder(ids.Select(id => _students[id]).Where(r => className is null || r.ClassName == className)));
        }
    }

    /// <inheritdoc />
    public Task<IReadOnlyList<StudentRecord>> FindStudentsByEmailAsync(string symbol, string email, CancellationToken cancellationToken)
    {
        StoreValues.Key(symbol, nameof(symbol));
        StoreValues.Key(email, nameof(email));
        lock (_gate)
        {
            if (!_byEmail.TryGetValue((symbol, email), out var ids))
            {
                return Task.FromResult<IReadOnlyList<StudentRecord>>([]);
            }

            var list = new StudentRecord[ids.Count];
            var i = 0;
            foreach (var id in ids)
            {
                list[i++] = _students[id];
            }

            return Task.FromResult<IReadOnlyList<StudentRecord>>(list);
        }
    }

    /// <inheritdoc />
    public Task<IReadOnlyList<StudentRecord>> FindStudentsByPeselAsync(string symbol, string unitCode, string pesel, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            if (!_byUnit.TryGetValue((symbol, unitCode), out var ids))
            {
                return Task.FromResult<IReadOnlyList<StudentRecord>>([]);
            }

            IReadOnlyList<StudentRecord> list = [.. ids.Select(id => _students[id]).Where(r => r.Pesel == pesel)];
            return Task.FromResult(list);
        }
    }

    /// <inheritdoc />
    public Task<IReadOnlyList<string>> FindInstancesByEmailAsync(string email, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            IReadOnlyList<string> list = _instancesByEmail.TryGetValue(email, out var symbols)
                ? [.. symbols.Where(s => _byEmail.ContainsKey((s, email))).Order(StringComparer.Ordinal)]
                : [];
            return Task.FromResult(list);
        }
    }

    /// <inheritdoc />
    public Task<StoreWriteResult> InsertStudentAsync(StudentRecord record, AuditEntry audit, CancellationToken cancellationToken)
    {
        StoreValues.Check(record);
        StoreValues.Check(audit);
        cancellationToken.ThrowIfCancellationRequested();
        lock (_gate)
        {
            if (_students.ContainsKey(record.Id))
            {
                return Task.FromResult(StoreWriteResult.Duplicate);
            }

            if (!_units.ContainsKey((record.InstanceSymbol, record.UnitCode)))
            {
                return Task.FromResult(StoreWriteResult.NotFound);
            }

            record = Copy(record);
            _students.Add(record.Id, record);
            Index(record);
            _audit.Add(audit);
            return Task.FromResult(StoreWriteResult.Success);
        }
    }

    /// <inheritdoc />
    public Task<StoreWriteResult> UpdateStudentAsync(StudentRecord record, long expectedVersion, AuditEntry audit, CancellationToken cancellationToken)
    {
        StoreValues.Check(record);
        StoreValues.Check(audit);
        cancellationToken.ThrowIfCancellationRequested();
        lock (_gate)
        {
            if (!_students.TryGetValue(record.Id, out var current) || current.InstanceSymbol != record.InstanceSymbol)
            {
                return Task.FromResult(StoreWriteResult.NotFound);
            }

            if (current.Version != expectedVersion)
            {
                return Task.FromResult(StoreWriteResult.Conflict);
            }

            if (!_units.ContainsKey((record.InstanceSymbol, record.UnitCode)))
            {
                return Task.FromResult(StoreWriteResult.NotFound);
            }

            record = Copy(record);
            Unindex(current);
            _students[record.Id] = record;
            Index(record);
            _audit.Add(audit);
            return Task.FromResult(StoreWriteResult.Success);
        }
    }

    /// <inheritdoc />
    public Task<IReadOnlyList<AuditEntry>> ListAuditAsync(string symbol, Guid? studentId, int limit, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            IReadOnlyList<AuditEntry> list = [.. _audit
                .Select((entry, index) => (entry, index))
                .Where(a => a.entry.InstanceSymbol == symbol && (studentId is null || a.entry.StudentId == studentId))
                .OrderByDescending(a => a.entry.OccurredAt)
                .ThenByDescending(a => a.index)
                .Take(limit)
                .Select(a => a.entry)];
            return Task.FromResult(list);
        }
    }

    // The caller's list could change after the write and leave the e-mail index wrong: keep a copy of our own.
    private static StudentRecord Copy(StudentRecord record) => record with { Guardians = [.. record.Guardians] };

    private static IEnumerable<string> EmailsOf(StudentRecord record)
    {
        if (record.Email is not null)
        {
            yield return record.Email;
        }

        foreach (var guardian in record.Guardians)
        {
            if (guardian.Email is not null)
            {
                yield return guardian.Email;
            }
        }
    }

    private void Index(StudentRecord record)
    {
        foreach (var email in EmailsOf(record))
        {
            var key = (record.InstanceSymbol, email);
            if (!_byEmail.TryGetValue(key, out var ids))
            {
                _byEmail[key] = ids = [];
            }

            ids.Add(record.Id);
            if (!_instancesByEmail.TryGetValue(email, out var symbols))
            {
                _instancesByEmail[email] = symbols = new HashSet<string>(StringComparer.Ordinal);
            }

            symbols.Add(record.InstanceSymbol);
        }

        var unitKey = (record.InstanceSymbol, record.UnitCode);
        if (!_byUnit.TryGetValue(unitKey, out var unitIds))
        {
            _byUnit[unitKey] = unitIds = [];
        }

        unitIds.Add(record.Id);
    }

    private void Unindex(StudentRecord record)
    {
        foreach (var email in EmailsOf(record))
        {
            var key = (record.InstanceSymbol, email);
            if (_byEmail.TryGetValue(key, out var ids) && ids.Remove(record.Id) && ids.Count == 0)
            {
                _byEmail.Remove(key);
            }
        }

        if (_byUnit.TryGetValue((record.InstanceSymbol, record.UnitCode), out var unitIds))
        {
            unitIds.Remove(record.Id);
        }
    }
}
