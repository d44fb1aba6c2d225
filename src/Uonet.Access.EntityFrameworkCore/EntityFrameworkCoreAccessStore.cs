using Microsoft.EntityFrameworkCore;
using Uonet.Access.EntityFrameworkCore.Rows;
using Uonet.Access.SecurityEvents;
using Uonet.Access.Storage;

namespace Uonet.Access.EntityFrameworkCore;

/// <summary>
/// Every Uonet.Access store contract over an application's Entity Framework Core context (one that called
/// <see cref="UonetAccessModelBuilderExtensions.AddUonetAccess"/>, or <see cref="UonetAccessDbContext"/>). Safe as a
/// singleton under concurrency: each operation takes a context of its own from the factory.
/// </summary>
/// <remarks>
/// Provider-neutral by construction, tested on SQLite and PostgreSQL. Each operation that reads before it writes runs in
/// one transaction whose decisive write is conditional (<c>UPDATE … WHERE version = @expected</c>, <c>WHERE consumed_at IS
/// NULL</c>): on a server database the row lock of that write settles a race (the loser's condition no longer holds when
/// it gets the row), and on SQLite the transaction begins <c>IMMEDIATE</c>, so writers take turns, each waiting inside
/// SQLite for the lock (<see cref="UonetAccessSqliteOptionsExtensions.UseUonetAccessSqlite(DbContextOptionsBuilder)"/>,
/// required there). Where an invariant spans
/// rows that may not exist yet (one open link token per address, one open pairing ticket per account), the transaction
/// first locks the parent row (the instance, the account) with a write that changes nothing. Values longer than the
/// store's limits or holding invalid UTF-16 are refused with an <see cref="ArgumentException"/> naming the field, before
/// anything is written.
/// </remarks>
/// <typeparam name="TContext">The application's context type.</typeparam>
public sealed partial class EntityFrameworkCoreAccessStore<TContext> :
    ISchoolDirectoryStore, IStudentRecordStore, ICredentialStore, IOutboxStore, IDeviceStore, IMaintenanceStore, IImportRunStore, IRetentionStore, IPasskeyStore
    where TContext : DbContext
{
    // A write that lost a race for a row that did not exist yet (two first inserts of one key) is run again once the
    // winner committed; the second run finds the row and takes the ordinary path.
    private const int InsertRaceRetries = 3;

    private readonly IDbContextFactory<TContext> _contexts;

    /// <summary>Creates the store over contexts from <paramref name="contexts"/> (<c>AddDbContextFactory&lt;TContext&gt;</c>).</summary>
    /// <param name="contexts">The factory of the application's context.</param>
    /// <exception cref="InvalidOperationException">The context runs on SQLite without
    /// <see cref="UonetAccessSqliteOptionsExtensions.UseUonetAccessSqlite(DbContextOptionsBuilder)"/>.</exception>
    public EntityFrameworkCoreAccessStore(IDbContextFactory<TContext> contexts)
    {
        _contexts = contexts ?? throw new ArgumentNullException(nameof(contexts));
        using var context = contexts.CreateDbContext();
        SqliteConnectionSettings.EnsureUsedBy(context);
    }

    /// <summary>A context for one read; nothing it reads is tracked.</summary>
    private async Task<TContext> ReadAsync(CancellationToken cancellationToken)
    {
        var context = await _contexts.CreateDbContextAsync(cancellationToken).ConfigureAwait(false);
        context.ChangeTracker.QueryTrackingBehavior = QueryTrackingBehavior.NoTracking;
        return context;
    }

    /// <summary>
    /// Runs <paramref name="work"/> in one transaction on a context of its own: what it added is saved and the transaction
    /// committed when it answers <c>Commit</c>, otherwise everything is rolled back. Runs under the context's execution
    /// strategy, so a provider configured to retry transient failures retries the whole unit.
    /// </summary>
    private async Task<T> WriteAsync<T>(Func<TContext, CancellationToken, Task<(T Result, bool Commit)>> work, CancellationToken cancellationToken)
    {
        await using var context = await _contexts.CreateDbContextAsync(cancellationToken).ConfigureAwait(false);
        return await context.Database.CreateExecutionStrategy().ExecuteAsync(
            (context, work),
            async (_, state, token) =>
            {
                state.context.ChangeTracker.Clear();
                await using var transaction = await state.context.Database.BeginTransactionAsync(token).ConfigureAwait(false);
                var (result, commit) = await state.work(state.context, token).ConfigureAwait(false);
                if (commit)
                {
                    await state.context.SaveChangesAsync(token).ConfigureAwait(false);
                    await transaction.CommitAsync(token).ConfigureAwait(false);
                }

                return result;
            },
            null,
            cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// <see cref="WriteAsync{T}"/>, run again when it lost a race to insert a row of the same key; a failure that is not
    /// such a race (the row still does not exist) surfaces after the last try.
    /// </summary>
    private async Task<T> WriteRetryingInsertAsync<T>(Func<TContext, CancellationToken, Task<(T Result, bool Commit)>> work, CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await WriteAsync(work, cancellationToken).ConfigureAwait(false);
            }
            catch (DbUpdateException) when (attempt < InsertRaceRetries)
            {
            }
        }
    }

    /// <summary>Runs one statement on its own context (a single statement is atomic).</summary>
    private async Task<T> ExecuteAsync<T>(Func<TContext, Task<T>> statement, CancellationToken cancellationToken)
    {
        await using var context = await _contexts.CreateDbContextAsync(cancellationToken).ConfigureAwait(false);
        return await statement(context).ConfigureAwait(false);
    }

    /// <summary>Adds <paramref name="securityEvent"/> (if any) when its account exists: an event never names an unknown account.</summary>
    private static async Task AddEventAsync(TContext context, SecurityEvent? securityEvent, CancellationToken cancellationToken)
    {
        if (securityEvent is not null && await context.Set<AccountRow>().AnyAsync(a => a.Id == securityEvent.AccountId, cancellationToken).ConfigureAwait(false))
        {
            context.Add(SecurityEventRow.From(securityEvent, securityEvent.AccountId, securityEvent.InstanceSymbol));
        }
    }

    /// <summary>
    /// Locks the account's row until the transaction ends with a write that changes nothing; answers whether the row
    /// exists (and, with <paramref name="activeIn"/>, is an active account of that instance).
    /// </summary>
    private static async Task<bool> LockAccountAsync(TContext context, Guid accountId, string? activeIn, CancellationToken cancellationToken)
    {
        var rows = context.Set<AccountRow>().Where(a => a.Id == accountId);
        if (activeIn is not null)
        {
            rows = rows.Where(a => a.Status == (int)Credentials.AccountStatus.Active && a.InstanceSymbol == activeIn);
        }

        return await rows.ExecuteUpdateAsync(s => s.SetProperty(a => a.Version, a => a.Version), cancellationToken).ConfigureAwait(false) == 1;
    }
}
