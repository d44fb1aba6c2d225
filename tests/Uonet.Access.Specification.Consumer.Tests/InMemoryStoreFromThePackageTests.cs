using Uonet.Access.Specification.Tests;
using Uonet.Access.Storage;

namespace Uonet.Access.Specification.Consumer.Tests;

/// <summary>
/// What a store author writes: one subclass of <see cref="StoreSpecification"/> over their store (here the in-memory
/// store of the Uonet.Access package), and every contract test of the packed suite runs against it.
/// </summary>
public sealed class InMemoryStoreFromThePackageTests : StoreSpecification
{
    protected override Task<StoreUnderTest> CreateStoreAsync()
    {
        var store = new InMemoryAccessStore();
        return Task.FromResult(new StoreUnderTest(store, store, store, store, store, store, store));
    }

    protected override Task<IReadOnlyList<object?>> ReadEveryStoredValueAsync(StoreUnderTest store) =>
        Task.FromResult(ReachableValues.From(store.Directory));
}
