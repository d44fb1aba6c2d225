using Uonet.Access.Specification.Tests;
using Uonet.Access.Storage;

namespace Uonet.Access.Tests.Storage;

/// <summary>The in-memory store keeps the same contract as every other store.</summary>
public sealed class InMemoryStoreSpecificationTests : StoreSpecification
{
    protected override Task<StoreUnderTest> CreateStoreAsync()
    {
        var store = new InMemoryAccessStore();
        return Task.FromResult(new StoreUnderTest(store, store, store, store, store, store, store));
    }

    protected override Task<IReadOnlyList<object?>> ReadEveryStoredValueAsync(StoreUnderTest store) =>
        Task.FromResult(ReachableValues.From(store.Directory));
}
