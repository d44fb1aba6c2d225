using Uonet.Access.Import;
using Uonet.Access.Storage;
using Xunit;

namespace Uonet.Access.Specification.Tests;

// Import runs: the school office reads what an import did, including one cut off part-way (rows are written one by
// one, not in one transaction), so a run's progress must be kept exactly as the import last wrote it.
public abstract partial class StoreSpecification
{
    private static readonly DateTimeOffset ImportStarted = new(2026, 9, 2, 8, 15, 0, TimeSpan.Zero);

    [Fact]
    public async Task AddImportRunAsync_NewRun_ListedWithEveryField_R1()
    {
        var store = await CreateStoreAsync();
        await SeedSchoolsAsync(store);
        var run = NewImportRun(Sp1) with { FileName = "klasa 4a — zażółć gęślą jaźń 🙂.csv" };

        var added = await store.ImportRuns.AddImportRunAsync(run, CancellationToken.None);

        Assert.Equal(StoreWriteResult.Success, added);
        Assert.Equal([run], await store.ImportRuns.ListImportRunsAsync(Symbol, Sp1, 10, CancellationToken.None));
    }

    [Fact]
    public async Task AddImportRunAsync_IdTaken_DuplicateAndFirstRunKept()
    {
        var store = await CreateStoreAsync();
        await SeedSchoolsAsync(store);
        var run = NewImportRun(Sp1);
        await store.ImportRuns.AddImportRunAsync(run, CancellationToken.None);

        var again = await store.ImportRuns.AddImportRunAsync(run with { UnitCode = Sp2, RowsWritten = 7 }, CancellationToken.None);

        Assert.Equal(StoreWriteResult.Duplicate, again);
        Assert.Equal([run], await store.ImportRuns.ListImportRunsAsync(Symbol, Sp1, 10, CancellationToken.None));
        Assert.Empty(await store.ImportRuns.ListImportRunsAsync(Symbol, Sp2, 10, CancellationToken.None));
    }

    [Fact]
    public async Task UpdateImportRunAsync_Progress_ReplacesStatusCountsAndFinishOnly()
    {
        var store = await CreateStoreAsync();
        await SeedSchoolsAsync(store);
        var run = NewImportRun(Sp1) with { FileName = "uczniowie.csv" };
        await store.ImportRuns.AddImportRunAsync(run, CancellationToken.None);
        var progress = run with { RowsWritten = 3_271, RowsRefused = 12 };
        var cancelled = progress with { Status = ImportRunStatus.Cancelled, FinishedAt = ImportStarted.AddSeconds(41) };

        var first = await store.ImportRuns.UpdateImportRunAsync(progress, CancellationToken.None);
        var listedRunning = await store.ImportRuns.ListImportRunsAsync(Symbol, Sp1, 10, CancellationToken.None);
        var last = await store.ImportRuns.UpdateImportRunAsync(cancelled with { UnitCode = Sp2, ActorEmail = "ktos@example.pl", FileName = null, StartedAt = ImportStarted.AddDays(1) }, CancellationToken.None);

        Assert.Equal((StoreWriteResult.Success, StoreWriteResult.Success), (first, last));
        Assert.Equal([progress], listedRunning);
        Assert.Equal([cancelled], await store.ImportRuns.ListImportRunsAsync(Symbol, Sp1, 10, CancellationToken.None));
    }

    [Fact]
    public async Task UpdateImportRunAsync_UnknownRun_NotFoundAndNothingAdded()
    {
        var store = await CreateStoreAsync();
        await SeedSchoolsAsync(store);

        var result = await store.ImportRuns.UpdateImportRunAsync(NewImportRun(Sp1) with { Status = ImportRunStatus.Completed }, CancellationToken.None);

        Assert.Equal(StoreWriteResult.NotFound, result);
        Assert.Empty(await store.ImportRuns.ListImportRunsAsync(Symbol, Sp1, 10, CancellationToken.None));
    }

    [Fact]
    public async Task ListImportRunsAsync_SeveralUnitsAndInstances_OwnUnitNewestFirstUpToTheLimit_R6()
    {
        var store = await CreateStoreAsync();
        await SeedSchoolsAsync(store);
        var oldest = NewImportRun(Sp1, ImportStarted);
        var sameMomentFirst = NewImportRun(Sp1, ImportStarted.AddHours(1));
        var sameMomentSecond = NewImportRun(Sp1, ImportStarted.AddHours(1));
        var newest = NewImportRun(Sp1, ImportStarted.AddHours(2));
        var otherUnit = NewImportRun(Sp2, ImportStarted.AddHours(3));
        var otherInstance = NewImportRun(Sp1, ImportStarted.AddHours(3)) with { InstanceSymbol = OtherSymbol };
        foreach (var run in new[] { sameMomentFirst, newest, otherUnit, oldest, sameMomentSecond, otherInstance })
        {
            await store.ImportRuns.AddImportRunAsync(run, CancellationToken.None);
        }

        Assert.Equal([newest, sameMomentSecond, sameMomentFirst, oldest], await store.ImportRuns.ListImportRunsAsync(Symbol, Sp1, 10, CancellationToken.None));
        Assert.Equal([newest, sameMomentSecond], await store.ImportRuns.ListImportRunsAsync(Symbol, Sp1, 2, CancellationToken.None));
        Assert.Equal([otherUnit], await store.ImportRuns.ListImportRunsAsync(Symbol, Sp2, 10, CancellationToken.None));
        Assert.Equal([otherInstance], await store.ImportRuns.ListImportRunsAsync(OtherSymbol, Sp1, 10, CancellationToken.None));
    }

    [Fact]
    public async Task ListImportRunsAsync_LimitBelowOne_ArgumentOutOfRange()
    {
        var store = await CreateStoreAsync();

        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => store.ImportRuns.ListImportRunsAsync(Symbol, Sp1, 0, CancellationToken.None));
    }

    /// <summary>Runs no store keeps; each names the field it breaks.</summary>
    public static TheoryData<string, ImportRun> BadImportRuns => new()
    {
        { "ImportRun.FileName", NewImportRun(Sp1) with { FileName = new string('a', StoreLimits.FileName + 1) } },
        { "ImportRun.FileName", NewImportRun(Sp1) with { FileName = "uczniowie\0.csv" } },
        { "ImportRun.FileName", NewImportRun(Sp1) with { FileName = "uczniowie\uD800.csv" } },
        { "ImportRun.UnitCode", NewImportRun(new string('S', StoreLimits.UnitCode + 1)) },
        { "ImportRun.ActorEmail", NewImportRun(Sp1) with { ActorEmail = new string('x', 250) + "@example.pl" } },
        { "ImportRun.InstanceSymbol", NewImportRun(Sp1) with { InstanceSymbol = "gmina\uDC00" } },
        { "ImportRun.RowsWritten", NewImportRun(Sp1) with { RowsWritten = -1 } },
        { "ImportRun.Status", NewImportRun(Sp1) with { Status = (ImportRunStatus)9 } },
    };

    [Theory]
    [MemberData(nameof(BadImportRuns))]
    public async Task AddImportRunAsync_BadField_ArgumentExceptionNamingItAndNothingWritten(string field, ImportRun run)
    {
        ArgumentNullException.ThrowIfNull(run);
        var store = await CreateStoreAsync();
        await SeedSchoolsAsync(store);

        var error = await Assert.ThrowsAnyAsync<ArgumentException>(() => store.ImportRuns.AddImportRunAsync(run, CancellationToken.None));

        Assert.Equal(field, error.ParamName);
        Assert.Empty(await store.ImportRuns.ListImportRunsAsync(Symbol, Sp1, 10, CancellationToken.None));
    }

    [Theory]
    [MemberData(nameof(BadImportRuns))]
    public async Task UpdateImportRunAsync_BadField_ArgumentExceptionAndStoredRunUnchanged(string field, ImportRun run)
    {
        ArgumentNullException.ThrowIfNull(run);
        var store = await CreateStoreAsync();
        await SeedSchoolsAsync(store);
        var stored = NewImportRun(Sp1) with { Id = run.Id, RowsWritten = 5 };
        await store.ImportRuns.AddImportRunAsync(stored, CancellationToken.None);

        var error = await Assert.ThrowsAnyAsync<ArgumentException>(() => store.ImportRuns.UpdateImportRunAsync(run with { RowsRefused = 9 }, CancellationToken.None));

        Assert.Equal(field, error.ParamName);
        Assert.Equal([stored], await store.ImportRuns.ListImportRunsAsync(Symbol, Sp1, 10, CancellationToken.None));
    }

    /// <summary>A run of <see cref="Symbol"/> by the secretary, just started, with a fresh id.</summary>
    protected static ImportRun NewImportRun(string unitCode, DateTimeOffset? startedAt = null) => new()
    {
        Id = Guid.NewGuid(),
        InstanceSymbol = Symbol,
        UnitCode = unitCode,
        ActorEmail = SecretaryEmail,
        StartedAt = startedAt ?? ImportStarted,
        Status = ImportRunStatus.Running,
    };
}
