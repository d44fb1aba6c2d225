using Uonet.Access.Records;
using Uonet.Access.Storage;
using Xunit;

namespace Uonet.Access.Specification;

/// <summary>
/// The contract every Uonet.Access store keeps. A store proves itself by inheriting this class in its test project
/// and returning a fresh, empty store from <see cref="CreateStoreAsync"/>; every test here then runs against it.
/// </summary>
public abstract partial class StoreSpecification
{
    /// <summary>Creates a new, empty store for one test.</summary>
    protected abstract Task<StoreUnderTest> CreateStoreAsync();

    [Fact]
    public async Task AddInstanceAsync_NewSymbol_CanBeFound()
    {
        var store = await CreateStoreAsync();
        var instance = new SchoolInstance("gminawulkanowo", "Gmina Wulkanowo", new Uri("https://example.pl/gminawulkanowo/"));

        var result = await store.Directory.AddInstanceAsync(instance, CancellationToken.None);

        Assert.Equal(StoreWriteResult.Success, result);
        Assert.Equal(instance, await store.Directory.FindInstanceAsync("gminawulkanowo", CancellationToken.None));
    }
}
