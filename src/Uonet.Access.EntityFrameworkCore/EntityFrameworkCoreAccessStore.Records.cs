using Microsoft.EntityFrameworkCore;
using Uonet.Access.EntityFrameworkCore.Rows;
using Uonet.Access.Records;
using Uonet.Access.Storage;

namespace Uonet.Access.EntityFrameworkCore;

public sealed partial class EntityFrameworkCoreAccessStore<TContext>
{
    /// <inheritdoc />
    public async Task<StudentRecord?> FindStudentAsync(string symbol, Guid studentId, CancellationToken cancellationToken)
    {
        StoreValues.Key(symbol, nameof(symbol));
        await using var context = await ReadAsync(cancellationToken).ConfigureAwait(false);
        var row = await context.Set<StudentRow>()
            .Include(s => s.Guardians)
            .FirstOrDefaultAsync(s => s.Id == studentId && s.InstanceSymbol == symbol, cancellationToken).ConfigureAwait(false);
        return row?.ToRecord();
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<StudentRecord>> ListStudentsAsync(string symbol, string unitCode, string? className, CancellationToken cancellationToken)
    {
        StoreValues.Key(symbol, nameof(symbol));
        StoreValues.Key(unitCode, nameof(unitCode));
        if (className is not null)
        {
            StoreValues.Key(className, nameof(className));
        }

        await using var context = await ReadAsync(cancellationToken).ConfigureAwait(false);
        var rows = context.Set<StudentRow>().Include(s => s.Guardians).Where(s => s.InstanceSymbol == symbol && s.UnitCode == unitCode);
        if (className is not null)
        {
            rows = rows.Where(s => s.ClassName == className);
        }

        var found = await rows.ToListAsync(cancellationToken).ConfigureAwait(false);

        return StoreValues.InListOrder(found.Select(r => r.ToRecord()));
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<StudentRecord>> FindStudentsByEmailAsync(string symbol, string email, CancellationToken cancellationToken)
    {
        StoreValues.Key(symbol, nameof(symbol));
        StoreValues.Key(email, nameof(email));
        await using var context = await ReadAsync(cancellationToken).ConfigureAwait(false);
        return await StudentsByEmailAsync(context, symbol, email, cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<StudentRecord>> FindStudentsByPeselAsync(string symbol, string unitCode, string pesel, CancellationToken cancellationToken)
    {
        StoreValues.Key(symbol, nameof(symbol));
        StoreValues.Key(unitCode, nameof(unitCode));
        StoreValues.Key(pesel, nameof(pesel));
        await using var context = await ReadAsync(cancellationToken).ConfigureAwait(false);
        var rows = await context.Set<StudentRow>()
            .Include(s => s.Guardians)
            .Where(s => s.InstanceSymbol == symbol && s.UnitCode == unitCode && s.Pesel == pesel)
            .ToListAsync(cancellationToken).ConfigureAwait(false);
        return [.. rows.Select(r => r.ToRecord())];
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<string>> FindInstancesByEmailAsync(string email, CancellationToken cancellationToken)
    {
        StoreValues.Key(email, nameof(email));
        await using var context = await ReadAsync(cancellationToken).ConfigureAwait(false);
        var symbols = await context.Set<StudentRow>().Where(s => s.Email == email).Select(s => s.InstanceSymbol)
            .Union(context.Set<GuardianRow>().Where(g => g.Email == email).Select(g => g.InstanceSymbol))
            .ToListAsync(cancellationToken).ConfigureAwait(false);
        return [.. symbols.Order(StringComparer.Ordinal)];
    }

    /// <inheritdoc />
    public async Task<StoreWriteResult> InsertStudentAsync(StudentRecord record, AuditEntry audit, CancellationToken cancellationToken)
    {
        StoreValues.Check(record);
        StoreValues.Check(audit);
        try
        {
            return await WriteAsync<StoreWriteResult>(
                async (context, token) =>
                {
                    if (await context.Set<StudentRow>().AnyAsync(s => s.Id == record.Id, token).ConfigureAwait(false))
                    {
                        return (StoreWriteResult.Duplicate, false);
                    }

                    if (!await UnitExistsAsync(context, record, token).ConfigureAwait(false))
                    {
                        return (StoreWriteResult.NotFound, false);
                    }

                    var row = StudentRow.From(record);
                    row.Guardians = GuardianRow.From(record);
                    context.Add(row);
                    context.Add(AuditEntryRow.From(audit));
                    return (StoreWriteResult.Success, true);
                },
                cancellationToken).ConfigureAwait(false);
        }
        catch (DbUpdateException)
        {
            await using var context = await ReadAsync(cancellationToken).ConfigureAwait(false);
            if (await context.Set<StudentRow>().AnyAsync(s => s.Id == record.Id, cancellationToken).ConfigureAwait(false))
            {
                return StoreWriteResult.Duplicate;
            }

            throw;
        }
    }

    /// <inheritdoc />
    public Task<StoreWriteResult> UpdateStudentAsync(StudentRecord record, long expectedVersion, AuditEntry audit, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(record);
        ArgumentNullException.ThrowIfNull(audit);
        return UpdateStudentsAsync([new StudentRecordUpdate(record, expectedVersion, audit)], cancellationToken);
    }

    /// <inheritdoc />
    public Task<StoreWriteResult> UpdateStudentsAsync(IReadOnlyList<StudentRecordUpdate> updates, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(updates);
        foreach (var update in updates)
        {
            ArgumentNullException.ThrowIfNull(update, nameof(updates));
            ArgumentNullException.ThrowIfNull(update.Record, "StudentRecordUpdate.Record");
            ArgumentNullException.ThrowIfNull(update.Audit, "StudentRecordUpdate.Audit");
            StoreValues.Check(update.Record);
            StoreValues.Check(update.Audit);
        }

        return WriteAsync<StoreWriteResult>(
            async (context, token) =>
            {
                // Every record is checked before any is written, so the answer names the first problem in the caller's order.
                foreach (var update in updates)
                {
                    var version = await context.Set<StudentRow>()
                        .Where(s => s.Id == update.Record.Id && s.InstanceSymbol == update.Record.InstanceSymbol)
                        .Select(s => (long?)s.Version)
                        .FirstOrDefaultAsync(token).ConfigureAwait(false);
                    if (version is null || !await UnitExistsAsync(context, update.Record, token).ConfigureAwait(false))
                    {
                        return (StoreWriteResult.NotFound, false);
                    }

                    if (version != update.ExpectedVersion)
                    {
                        return (StoreWriteResult.Conflict, false);
                    }
                }

                foreach (var update in updates)
                {
                    var record = update.Record;
                    var created = StoredTime.From(record.CreatedAt);
                    var updated = StoredTime.From(record.UpdatedAt);

                    // Conditional on the version read above: of two writers, the second finds the version moved (the same
                    // record twice in one batch included) and the whole batch rolls back.
                    var written = await context.Set<StudentRow>()
                        .Where(s => s.Id == record.Id && s.InstanceSymbol == record.InstanceSymbol && s.Version == update.ExpectedVersion)
                        .ExecuteUpdateAsync(
                            s => s
                                .SetProperty(r => r.UnitCode, record.UnitCode)
                                .SetProperty(r => r.ClassName, record.ClassName)
                                .SetProperty(r => r.FirstName, record.FirstName)
                                .SetProperty(r => r.LastName, record.LastName)
                                .SetProperty(r => r.Pesel, record.Pesel)
                                .SetProperty(r => r.Email, record.Email)
                                .SetProperty(r => r.Version, record.Version)
                                .SetProperty(r => r.CreatedAt, created)
                                .SetProperty(r => r.UpdatedAt, updated),
                            token).ConfigureAwait(false);
                    if (written != 1)
                    {
                        return (StoreWriteResult.Conflict, false);
                    }

                    await context.Set<GuardianRow>().Where(g => g.StudentId == record.Id).ExecuteDeleteAsync(token).ConfigureAwait(false);
                    context.AddRange(GuardianRow.From(record));
                    context.Add(AuditEntryRow.From(update.Audit));
                }

                return (StoreWriteResult.Success, true);
            },
            cancellationToken);
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<AuditEntry>> ListAuditAsync(string symbol, Guid? studentId, int limit, CancellationToken cancellationToken)
    {
        StoreValues.Key(symbol, nameof(symbol));
        if (limit <= 0)
        {
            return [];
        }

        await using var context = await ReadAsync(cancellationToken).ConfigureAwait(false);
        var entries = context.Set<AuditEntryRow>().Where(a => a.InstanceSymbol == symbol);
        if (studentId is { } id)
        {
            entries = entries.Where(a => a.StudentId == id);
        }

        var rows = await entries
            .OrderByDescending(a => a.OccurredAt).ThenByDescending(a => a.Seq)
            .Take(limit)
            .Include(a => a.Changes)
            .ToListAsync(cancellationToken).ConfigureAwait(false);
        return [.. rows.OrderByDescending(a => a.OccurredAt).ThenByDescending(a => a.Seq).Select(a => a.ToEntry())];
    }

    private static async Task<IReadOnlyList<StudentRecord>> StudentsByEmailAsync(TContext context, string symbol, string email, CancellationToken cancellationToken)
    {
        // One statement: the record's own address or a guardian's, both index look-ups, read with the guardians in one snapshot.
        var ids = context.Set<StudentRow>().Where(s => s.Email == email && s.InstanceSymbol == symbol).Select(s => s.Id)
            .Union(context.Set<GuardianRow>().Where(g => g.Email == email && g.InstanceSymbol == symbol).Select(g => g.StudentId));
        var rows = await context.Set<StudentRow>()
            .Include(s => s.Guardians)
            .Where(s => ids.Contains(s.Id))
            .ToListAsync(cancellationToken).ConfigureAwait(false);
        return [.. rows.Select(r => r.ToRecord())];
    }

    private static Task<bool> UnitExistsAsync(TContext context, StudentRecord record, CancellationToken cancellationToken) =>
        context.Set<UnitRow>().AnyAsync(u => u.InstanceSymbol == record.InstanceSymbol && u.Code == record.UnitCode, cancellationToken);
}
