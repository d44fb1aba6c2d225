using System.Reflection;
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

    // Every field reachable from the store object, private ones and those of collections' internals included.
    protected override Task<IReadOnlyList<object?>> ReadEveryStoredValueAsync(StoreUnderTest store)
    {
        var values = new List<object?>();
        var seen = new HashSet<object>(ReferenceEqualityComparer.Instance);
        var pending = new Stack<object>();
        pending.Push(store.Directory);
        while (pending.TryPop(out var current))
        {
            var type = current.GetType();
            if (current is string or byte[] || type.IsPrimitive)
            {
                values.Add(current);
                continue;
            }

            if (current is Type or Delegate or MemberInfo || type.IsEnum || (!type.IsValueType && !seen.Add(current)))
            {
                continue;
            }

            if (current is Array array)
            {
                foreach (var item in array)
                {
                    if (item is not null)
                    {
                        pending.Push(item);
                    }
                }

                continue;
            }

            for (var level = type; level is not null; level = level.BaseType)
            {
                foreach (var field in level.GetFields(BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.DeclaredOnly))
                {
                    if (!field.FieldType.IsPointer && field.GetValue(current) is { } value)
                    {
                        pending.Push(value);
                    }
                }
            }
        }

        return Task.FromResult<IReadOnlyList<object?>>(values);
    }
}
