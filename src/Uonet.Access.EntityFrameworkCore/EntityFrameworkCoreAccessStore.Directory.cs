using Microsoft.EntityFrameworkCore;
using Uonet.Access.EntityFrameworkCore.Rows;
using Uonet.Access.Records;
using Uonet.Access.Storage;

namespace Uonet.Access.EntityFrameworkCore;

public sealed partial class EntityFrameworkCoreAccessStore<TContext>
{
    /// <inheritdoc />
    public async Task<SchoolInstance?> FindInstanceAsync(string symbol, CancellationToken cancellationToken)
    {
        StoreValues.Key(symbol, nameof(symbol));
        await using var context = await ReadAsync(cancellationToken).ConfigureAwait(false);
        var row = await context.Set<InstanceRow>().FirstOrDefaultAsync(i => i.Symbol == symbol, cancellationToken).ConfigureAwait(false);
        return row?.ToInstance();
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<SchoolInstance>> ListInstancesAsync(CancellationToken cancellationToken)
    {
        await using var context = await ReadAsync(cancellationToken).ConfigureAwait(false);
        var rows = await context.Set<InstanceRow>().ToListAsync(cancellationToken).ConfigureAwait(false);

        // Sorted here: a database's collation need not be .NET's ordinal order.
        return [.. rows.Select(r => r.ToInstance()).OrderBy(i => i.Symbol, StringComparer.Ordinal)];
    }

    /// <inheritdoc />
    public Task<StoreWriteResult> AddInstanceAsync(SchoolInstance instance, CancellationToken cancellationToken)
    {
        StoreValues.Check(instance);
        return AddOnceAsync(InstanceRow.From(instance), (c, t) => c.Set<InstanceRow>().AnyAsync(i => i.Symbol == instance.Symbol, t), cancellationToken);
    }

    /// <inheritdoc />
    public async Task<SchoolUnit?> FindUnitAsync(string symbol, string unitCode, CancellationToken cancellationToken)
    {
        StoreValues.Key(symbol, nameof(symbol));
        StoreValues.Key(unitCode, nameof(unitCode));
        await using var context = await ReadAsync(cancellationToken).ConfigureAwait(false);
        var row = await context.Set<UnitRow>().FirstOrDefaultAsync(u => u.InstanceSymbol == symbol && u.Code == unitCode, cancellationToken).ConfigureAwait(false);
        return row?.ToUnit();
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<SchoolUnit>> ListUnitsAsync(string symbol, CancellationToken cancellationToken)
    {
        StoreValues.Key(symbol, nameof(symbol));
        await using var context = await ReadAsync(cancellationToken).ConfigureAwait(false);
        return await UnitsOfAsync(context, symbol, cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async Task<StoreWriteResult> AddUnitAsync(SchoolUnit unit, CancellationToken cancellationToken)
    {
        StoreValues.Check(unit);
        await using (var context = await ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            if (!await context.Set<InstanceRow>().AnyAsync(i => i.Symbol == unit.InstanceSymbol, cancellationToken).ConfigureAwait(false))
            {
                return StoreWriteResult.NotFound;
            }
        }

        return await AddOnceAsync(
            UnitRow.From(unit),
            (c, t) => c.Set<UnitRow>().AnyAsync(u => u.InstanceSymbol == unit.InstanceSymbol && u.Code == unit.Code, t),
            cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async Task<StoreWriteResult> UpdateUnitAsync(SchoolUnit unit, CancellationToken cancellationToken)
    {
        StoreValues.Check(unit);
        var changed = await ExecuteAsync(
            c => c.Set<UnitRow>()
                .Where(u => u.InstanceSymbol == unit.InstanceSymbol && u.Code == unit.Code)
                .ExecuteUpdateAsync(s => s.SetProperty(u => u.Name, unit.Name).SetProperty(u => u.RequireGuardianPesel, unit.RequireGuardianPesel), cancellationToken),
            cancellationToken).ConfigureAwait(false);
        return changed == 1 ? StoreWriteResult.Success : StoreWriteResult.NotFound;
    }

    /// <inheritdoc />
    public async Task<StaffMember?> FindStaffAsync(string symbol, string email, CancellationToken cancellationToken)
    {
        StoreValues.Key(symbol, nameof(symbol));
        StoreValues.Key(email, nameof(email));
        await using var context = await ReadAsync(cancellationToken).ConfigureAwait(false);
        return await StaffOfAsync(context, symbol, email, cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async Task SaveStaffAsync(StaffMember staff, CancellationToken cancellationToken)
    {
        var assignments = StoreValues.Check(staff);
        await WriteRetryingInsertAsync(
            async (context, token) =>
            {
                var row = await context.Set<StaffRow>()
                    .FirstOrDefaultAsync(s => s.InstanceSymbol == staff.InstanceSymbol && s.Email == staff.Email, token).ConfigureAwait(false);
                if (row is null)
                {
                    context.Add(new StaffRow { InstanceSymbol = staff.InstanceSymbol, Email = staff.Email, DisplayName = staff.DisplayName });
                }
                else
                {
                    row.DisplayName = staff.DisplayName;
                    await context.Set<StaffAssignmentRow>()
                        .Where(a => a.InstanceSymbol == staff.InstanceSymbol && a.Email == staff.Email)
                        .ExecuteDeleteAsync(token).ConfigureAwait(false);
                }

                context.AddRange(assignments.Select((a, i) => new StaffAssignmentRow
                {
                    InstanceSymbol = staff.InstanceSymbol,
                    Email = staff.Email,
                    Ordinal = i,
                    Role = (int)a.Role,
                    UnitCode = a.UnitCode,
                    ClassName = a.ClassName,
                }));
                return (true, true);
            },
            cancellationToken).ConfigureAwait(false);
    }

    private static async Task<IReadOnlyList<SchoolUnit>> UnitsOfAsync(TContext context, string symbol, CancellationToken cancellationToken)
    {
        var rows = await context.Set<UnitRow>().Where(u => u.InstanceSymbol == symbol).ToListAsync(cancellationToken).ConfigureAwait(false);
        return [.. rows.Select(r => r.ToUnit()).OrderBy(u => u.Code, StringComparer.Ordinal)];
    }

    private static async Task<StaffMember?> StaffOfAsync(TContext context, string symbol, string email, CancellationToken cancellationToken)
    {
        var row = await context.Set<StaffRow>()
            .Include(s => s.Assignments)
            .FirstOrDefaultAsync(s => s.InstanceSymbol == symbol && s.Email == email, cancellationToken).ConfigureAwait(false);
        return row?.ToStaff();
    }

    /// <summary>
    /// Inserts a row unless one of its key exists: <see cref="StoreWriteResult.Duplicate"/> when it does, also when a
    /// concurrent insert of the same key won the race (the insert fails and the key is then found).
    /// </summary>
    private async Task<StoreWriteResult> AddOnceAsync<TRow>(TRow row, Func<TContext, CancellationToken, Task<bool>> exists, CancellationToken cancellationToken)
        where TRow : class
    {
        try
        {
            return await WriteAsync<StoreWriteResult>(
                async (context, token) =>
                {
                    if (await exists(context, token).ConfigureAwait(false))
                    {
                        return (StoreWriteResult.Duplicate, false);
                    }

                    context.Add(row);
                    return (StoreWriteResult.Success, true);
                },
                cancellationToken).ConfigureAwait(false);
        }
        catch (DbUpdateException)
        {
            await using var context = await ReadAsync(cancellationToken).ConfigureAwait(false);
            if (await exists(context, cancellationToken).ConfigureAwait(false))
            {
                return StoreWriteResult.Duplicate;
            }

            throw;
        }
    }
}
