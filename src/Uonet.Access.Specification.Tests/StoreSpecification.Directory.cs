using Uonet.Access.Records;
using Uonet.Access.Storage;
using Xunit;

namespace Uonet.Access.Specification.Tests;

public abstract partial class StoreSpecification
{
    [Fact]
    public async Task AddInstanceAsync_NewSymbol_CanBeFound()
    {
        var store = await CreateStoreAsync();
        var instance = new SchoolInstance("gminawulkanowo", "Gmina Wulkanowo", new Uri("https://example.pl/gminawulkanowo/"));

        var result = await store.Directory.AddInstanceAsync(instance, CancellationToken.None);

        Assert.Equal(StoreWriteResult.Success, result);
        Assert.Equal(instance, await store.Directory.FindInstanceAsync("gminawulkanowo", CancellationToken.None));
    }

    [Fact]
    public async Task AddInstanceAsync_SymbolTaken_DuplicateAndOriginalKept()
    {
        var store = await CreateStoreAsync();
        var original = Instance(Symbol);
        await store.Directory.AddInstanceAsync(original, CancellationToken.None);

        var result = await store.Directory.AddInstanceAsync(
            new SchoolInstance(Symbol, "Inna Gmina", new Uri("https://inny.example.pl/gminawulkanowo/")),
            CancellationToken.None);

        Assert.Equal(StoreWriteResult.Duplicate, result);
        Assert.Equal(original, await store.Directory.FindInstanceAsync(Symbol, CancellationToken.None));
        Assert.Equal([original], await store.Directory.ListInstancesAsync(CancellationToken.None));
    }

    [Fact]
    public async Task FindInstanceAsync_UnknownSymbol_ReturnsNull()
    {
        var store = await CreateStoreAsync();
        await store.Directory.AddInstanceAsync(Instance(Symbol), CancellationToken.None);

        Assert.Null(await store.Directory.FindInstanceAsync(OtherSymbol, CancellationToken.None));
    }

    [Fact]
    public async Task ListInstancesAsync_AddedOutOfOrder_OrderedBySymbol()
    {
        var store = await CreateStoreAsync();
        Assert.Empty(await store.Directory.ListInstancesAsync(CancellationToken.None));
        foreach (var symbol in new[] { "powiatwulkanowy", "gminawulkanowo", "miastowulkanowo" })
        {
            await store.Directory.AddInstanceAsync(Instance(symbol), CancellationToken.None);
        }

        var list = await store.Directory.ListInstancesAsync(CancellationToken.None);

        Assert.Equal(["gminawulkanowo", "miastowulkanowo", "powiatwulkanowy"], list.Select(i => i.Symbol));
        Assert.Equal(Instance("miastowulkanowo"), list[1]);
    }

    [Fact]
    public async Task AddUnitAsync_MissingInstance_NotFoundAndNothingAdded()
    {
        var store = await CreateStoreAsync();

        var result = await store.Directory.AddUnitAsync(Unit(Symbol, Sp1), CancellationToken.None);

        Assert.Equal(StoreWriteResult.NotFound, result);
        Assert.Null(await store.Directory.FindUnitAsync(Symbol, Sp1, CancellationToken.None));
        Assert.Empty(await store.Directory.ListUnitsAsync(Symbol, CancellationToken.None));
    }

    [Fact]
    public async Task AddUnitAsync_NewCode_CanBeFound()
    {
        var store = await CreateStoreAsync();
        await store.Directory.AddInstanceAsync(Instance(Symbol), CancellationToken.None);
        var unit = Unit(Symbol, Sp2, requireGuardianPesel: true);

        var result = await store.Directory.AddUnitAsync(unit, CancellationToken.None);

        Assert.Equal(StoreWriteResult.Success, result);
        Assert.Equal(unit, await store.Directory.FindUnitAsync(Symbol, Sp2, CancellationToken.None));
    }

    [Fact]
    public async Task AddUnitAsync_CodeTakenInInstance_DuplicateAndOriginalKept()
    {
        var store = await CreateStoreAsync();
        await SeedSchoolsAsync(store);

        var result = await store.Directory.AddUnitAsync(new SchoolUnit(Symbol, Sp1, "Zespół Szkół nr 1", RequireGuardianPesel: true), CancellationToken.None);

        Assert.Equal(StoreWriteResult.Duplicate, result);
        Assert.Equal(Unit(Symbol, Sp1), await store.Directory.FindUnitAsync(Symbol, Sp1, CancellationToken.None));
    }

    [Fact]
    public async Task AddUnitAsync_CodeTakenInAnotherInstance_SucceedsAndBothKept()
    {
        var store = await CreateStoreAsync();
        await SeedSchoolsAsync(store);
        var other = new SchoolUnit(OtherSymbol, Sp1, "Szkoła Podstawowa nr 1 w Powiecie", RequireGuardianPesel: true);

        var result = await store.Directory.AddUnitAsync(other, CancellationToken.None);

        Assert.Equal(StoreWriteResult.Success, result);
        Assert.Equal(other, await store.Directory.FindUnitAsync(OtherSymbol, Sp1, CancellationToken.None));
        Assert.Equal(Unit(Symbol, Sp1), await store.Directory.FindUnitAsync(Symbol, Sp1, CancellationToken.None));
    }

    [Fact]
    public async Task FindUnitAsync_CodeOfAnotherInstance_ReturnsNull()
    {
        var store = await CreateStoreAsync();
        await SeedSchoolsAsync(store);

        Assert.Null(await store.Directory.FindUnitAsync(OtherSymbol, Sp1, CancellationToken.None));
        Assert.Null(await store.Directory.FindUnitAsync(Symbol, Lo1, CancellationToken.None));
    }

    [Fact]
    public async Task ListUnitsAsync_SeveralInstances_OnlyThatInstanceOrderedByCode()
    {
        var store = await CreateStoreAsync();
        await SeedSchoolsAsync(store);
        await store.Directory.AddUnitAsync(Unit(Symbol, "GIM1"), CancellationToken.None);
        await store.Directory.AddUnitAsync(Unit(OtherSymbol, "ZS2"), CancellationToken.None);

        var units = await store.Directory.ListUnitsAsync(Symbol, CancellationToken.None);

        Assert.Equal([Unit(Symbol, "GIM1"), Unit(Symbol, Sp1), Unit(Symbol, Sp2, requireGuardianPesel: true)], units);
    }

    [Fact]
    public async Task UpdateUnitAsync_ExistingUnit_ReplacesNameAndPolicy()
    {
        var store = await CreateStoreAsync();
        await SeedSchoolsAsync(store);
        var changed = new SchoolUnit(Symbol, Sp1, "Szkoła Podstawowa nr 1 im. Marii Konopnickiej", RequireGuardianPesel: true);

        var result = await store.Directory.UpdateUnitAsync(changed, CancellationToken.None);

        Assert.Equal(StoreWriteResult.Success, result);
        Assert.Equal(changed, await store.Directory.FindUnitAsync(Symbol, Sp1, CancellationToken.None));
        Assert.Equal(Unit(Symbol, Sp2, requireGuardianPesel: true), await store.Directory.FindUnitAsync(Symbol, Sp2, CancellationToken.None));
    }

    [Fact]
    public async Task UpdateUnitAsync_MissingUnit_NotFoundAndNothingAdded()
    {
        var store = await CreateStoreAsync();
        await SeedSchoolsAsync(store);

        var result = await store.Directory.UpdateUnitAsync(Unit(Symbol, "SP3"), CancellationToken.None);

        Assert.Equal(StoreWriteResult.NotFound, result);
        Assert.Null(await store.Directory.FindUnitAsync(Symbol, "SP3", CancellationToken.None));
        Assert.Equal([Sp1, Sp2], (await store.Directory.ListUnitsAsync(Symbol, CancellationToken.None)).Select(u => u.Code));
    }

    [Fact]
    public async Task SaveStaffAsync_NewMember_CanBeFound()
    {
        var store = await CreateStoreAsync();
        await SeedSchoolsAsync(store);
        var staff = new StaffMember(Symbol, "wychowawca4a@sp1.edu.pl", "Maria Nowak",
            [new StaffAssignment(StaffRole.ClassTeacher, Sp1, "4A"), new StaffAssignment(StaffRole.Secretary, Sp2)]);

        await store.Directory.SaveStaffAsync(staff, CancellationToken.None);

        AssertSameStaff(staff, await store.Directory.FindStaffAsync(Symbol, "wychowawca4a@sp1.edu.pl", CancellationToken.None));
    }

    [Fact]
    public async Task SaveStaffAsync_SavedAgain_ReplacesNameAndAssignments()
    {
        var store = await CreateStoreAsync();
        await SeedSchoolsAsync(store);
        await store.Directory.SaveStaffAsync(
            new StaffMember(Symbol, SecretaryEmail, "Ewa Sekretarz", [new StaffAssignment(StaffRole.Secretary, Sp1), new StaffAssignment(StaffRole.Secretary, Sp2)]),
            CancellationToken.None);
        var replaced = new StaffMember(Symbol, SecretaryEmail, "Ewa Sekretarz-Nowak", [new StaffAssignment(StaffRole.Administrator)]);

        await store.Directory.SaveStaffAsync(replaced, CancellationToken.None);

        AssertSameStaff(replaced, await store.Directory.FindStaffAsync(Symbol, SecretaryEmail, CancellationToken.None));
    }

    [Fact]
    public async Task FindStaffAsync_AnotherInstanceOrUnknownEmail_ReturnsNull()
    {
        var store = await CreateStoreAsync();
        await SeedSchoolsAsync(store);
        await store.Directory.SaveStaffAsync(new StaffMember(Symbol, SecretaryEmail, "Ewa Sekretarz", [new StaffAssignment(StaffRole.Secretary, Sp1)]), CancellationToken.None);

        Assert.Null(await store.Directory.FindStaffAsync(OtherSymbol, SecretaryEmail, CancellationToken.None));
        Assert.Null(await store.Directory.FindStaffAsync(Symbol, "sekretariat@sp2.edu.pl", CancellationToken.None));
    }
}
