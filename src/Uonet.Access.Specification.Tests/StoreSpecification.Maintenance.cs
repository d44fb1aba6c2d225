using Xunit;

namespace Uonet.Access.Specification.Tests;

// Maintenance windows (R10): every web node asks the store which technical breaks concern its instance, so that a
// break planned on one node is in force on all of them.
public abstract partial class StoreSpecification
{
    [Fact]
    public async Task AddMaintenanceWindowAsync_NewWindow_ListedWithEveryField_R10()
    {
        var store = await CreateStoreAsync();
        await SeedSchoolsAsync(store);
        var planned = NewWindow(Symbol, Paired, expectedEndAt: Paired.AddHours(2));
        var open = NewWindow(Symbol, Paired.AddMinutes(5)) with { MessagePolish = "Przerwa techniczna — zażółć gęślą jaźń", CreatedBy = "Łukasz Żółć" };

        await store.Maintenance.AddMaintenanceWindowAsync(planned, CancellationToken.None);
        await store.Maintenance.AddMaintenanceWindowAsync(open, CancellationToken.None);

        Assert.Equal([planned, open], await store.Maintenance.ListMaintenanceWindowsAsync(Symbol, Paired, CancellationToken.None));
    }

    [Fact]
    public async Task ListMaintenanceWindowsAsync_OwnGlobalAndOtherInstances_OwnAndGlobalOrderedByStart_R6_R10()
    {
        var store = await CreateStoreAsync();
        await SeedSchoolsAsync(store);
        var global = NewWindow(null, Paired.AddHours(2), Paired.AddHours(3));
        var own = NewWindow(Symbol, Paired);
        var later = NewWindow(Symbol, Paired.AddHours(1));
        var others = NewWindow(OtherSymbol, Paired.AddMinutes(30));
        foreach (var window in new[] { global, later, others, own })
        {
            await store.Maintenance.AddMaintenanceWindowAsync(window, CancellationToken.None);
        }

        Assert.Equal([own, later, global], await store.Maintenance.ListMaintenanceWindowsAsync(Symbol, Paired, CancellationToken.None));
        Assert.Equal([others, global], await store.Maintenance.ListMaintenanceWindowsAsync(OtherSymbol, Paired, CancellationToken.None));
    }

    [Fact]
    public async Task ListMaintenanceWindowsAsync_NoSymbol_OnlyGlobalWindows_R10()
    {
        var store = await CreateStoreAsync();
        await SeedSchoolsAsync(store);
        var first = NewWindow(null, Paired);
        var second = NewWindow(null, Paired.AddDays(1));
        await store.Maintenance.AddMaintenanceWindowAsync(second, CancellationToken.None);
        await store.Maintenance.AddMaintenanceWindowAsync(NewWindow(Symbol, Paired), CancellationToken.None);
        await store.Maintenance.AddMaintenanceWindowAsync(first, CancellationToken.None);

        Assert.Equal([first, second], await store.Maintenance.ListMaintenanceWindowsAsync(null, Paired, CancellationToken.None));
    }

    [Fact]
    public async Task ListMaintenanceWindowsAsync_StartedAndScheduled_BothListed_R10()
    {
        var store = await CreateStoreAsync();
        await SeedSchoolsAsync(store);
        var running = NewWindow(Symbol, Paired.AddHours(-1));
        var scheduled = NewWindow(Symbol, Paired.AddDays(7), Paired.AddDays(7).AddHours(4));
        await store.Maintenance.AddMaintenanceWindowAsync(scheduled, CancellationToken.None);
        await store.Maintenance.AddMaintenanceWindowAsync(running, CancellationToken.None);

        Assert.Equal([running, scheduled], await store.Maintenance.ListMaintenanceWindowsAsync(Symbol, Paired, CancellationToken.None));
    }

    [Fact]
    public async Task ListMaintenanceWindowsAsync_EndedWindow_ListedUntilItsEndThenGone_R10()
    {
        var store = await CreateStoreAsync();
        await SeedSchoolsAsync(store);
        var ending = NewWindow(Symbol, Paired) with { EndedAt = Paired.AddMinutes(20) };
        await store.Maintenance.AddMaintenanceWindowAsync(ending, CancellationToken.None);

        Assert.Equal([ending], await store.Maintenance.ListMaintenanceWindowsAsync(Symbol, Paired.AddMinutes(20).AddSeconds(-1), CancellationToken.None));
        Assert.Empty(await store.Maintenance.ListMaintenanceWindowsAsync(Symbol, Paired.AddMinutes(20), CancellationToken.None));
        Assert.Empty(await store.Maintenance.ListMaintenanceWindowsAsync(Symbol, Paired.AddDays(1), CancellationToken.None));
    }

    [Fact]
    public async Task ListMaintenanceWindowsAsync_NothingPlanned_Empty()
    {
        var store = await CreateStoreAsync();
        await SeedSchoolsAsync(store);

        Assert.Empty(await store.Maintenance.ListMaintenanceWindowsAsync(Symbol, Paired, CancellationToken.None));
        Assert.Empty(await store.Maintenance.ListMaintenanceWindowsAsync(null, Paired, CancellationToken.None));
    }

    [Fact]
    public async Task EndMaintenanceWindowAsync_OpenWindow_EndedAtThatTimeOthersUntouched_R10()
    {
        var store = await CreateStoreAsync();
        await SeedSchoolsAsync(store);
        var window = NewWindow(Symbol, Paired, Paired.AddHours(2));
        var another = NewWindow(Symbol, Paired.AddDays(1));
        await store.Maintenance.AddMaintenanceWindowAsync(window, CancellationToken.None);
        await store.Maintenance.AddMaintenanceWindowAsync(another, CancellationToken.None);

        var ended = await store.Maintenance.EndMaintenanceWindowAsync(window.Id, Paired.AddMinutes(40), CancellationToken.None);

        Assert.True(ended);
        Assert.Equal([window with { EndedAt = Paired.AddMinutes(40) }, another], await store.Maintenance.ListMaintenanceWindowsAsync(Symbol, Paired.AddMinutes(39), CancellationToken.None));
        Assert.Equal([another], await store.Maintenance.ListMaintenanceWindowsAsync(Symbol, Paired.AddMinutes(40), CancellationToken.None));
    }

    [Fact]
    public async Task EndMaintenanceWindowAsync_Twice_FalseAndTheFirstEndStays_R10()
    {
        var store = await CreateStoreAsync();
        await SeedSchoolsAsync(store);
        var window = NewWindow(Symbol, Paired);
        await store.Maintenance.AddMaintenanceWindowAsync(window, CancellationToken.None);
        Assert.True(await store.Maintenance.EndMaintenanceWindowAsync(window.Id, Paired.AddMinutes(40), CancellationToken.None));

        var again = await store.Maintenance.EndMaintenanceWindowAsync(window.Id, Paired.AddMinutes(50), CancellationToken.None);

        Assert.False(again);
        Assert.Equal([window with { EndedAt = Paired.AddMinutes(40) }], await store.Maintenance.ListMaintenanceWindowsAsync(Symbol, Paired.AddMinutes(30), CancellationToken.None));
    }

    [Fact]
    public async Task EndMaintenanceWindowAsync_UnknownId_False()
    {
        var store = await CreateStoreAsync();

        Assert.False(await store.Maintenance.EndMaintenanceWindowAsync(Guid.NewGuid(), Paired, CancellationToken.None));
    }

    [Fact]
    public async Task EndMaintenanceWindowAsync_GlobalWindow_GoneForEveryInstance_R10()
    {
        var store = await CreateStoreAsync();
        await SeedSchoolsAsync(store);
        var global = NewWindow(null, Paired);
        await store.Maintenance.AddMaintenanceWindowAsync(global, CancellationToken.None);
        Assert.Equal([global], await store.Maintenance.ListMaintenanceWindowsAsync(OtherSymbol, Paired, CancellationToken.None));

        Assert.True(await store.Maintenance.EndMaintenanceWindowAsync(global.Id, Paired.AddMinutes(15), CancellationToken.None));

        Assert.Empty(await store.Maintenance.ListMaintenanceWindowsAsync(Symbol, Paired.AddMinutes(15), CancellationToken.None));
        Assert.Empty(await store.Maintenance.ListMaintenanceWindowsAsync(OtherSymbol, Paired.AddMinutes(15), CancellationToken.None));
        Assert.Empty(await store.Maintenance.ListMaintenanceWindowsAsync(null, Paired.AddMinutes(15), CancellationToken.None));
    }
}
