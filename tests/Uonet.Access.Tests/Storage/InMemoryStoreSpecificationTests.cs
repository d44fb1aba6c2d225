using Uonet.Access.Specification;
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
}
