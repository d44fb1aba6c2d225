using Uonet.Access.PostgreSql.Tests.Infrastructure;
using Uonet.Access.Specification;

namespace Uonet.Access.PostgreSql.Tests;

/// <summary>The PostgreSQL store keeps the same contract as every other store: the whole shared suite, each test in a schema of its own.</summary>
public sealed class PostgreSqlStoreSpecificationTests : StoreSpecification, IDisposable
{
    private readonly List<ScratchSchema> _schemas = [];

    protected override async Task<StoreUnderTest> CreateStoreAsync()
    {
        var schema = new ScratchSchema();
        _schemas.Add(schema);
        var store = await schema.CreateStoreAsync();
        return new StoreUnderTest(store, store, store, store, store, store, store);
    }

    public void Dispose()
    {
        foreach (var schema in _schemas)
        {
            schema.Dispose();
        }
    }
}
