using System.Reflection;

namespace Uonet.Access.Specification.Tests;

/// <summary>
/// For a store that keeps its data in objects of the process (an in-memory store, a cache in front of one): every
/// value reachable from the store object, to hand to the suite from
/// <see cref="StoreSpecification.ReadEveryStoredValueAsync"/> so it can check that no secret is kept in clear.
/// </summary>
public static class ReachableValues
{
    /// <summary>
    /// Walks every field, private ones and those of collections' internals included, of every object reachable from
    /// <paramref name="root"/>, and returns the strings, byte arrays and primitive values found.
    /// </summary>
    /// <param name="root">The store object.</param>
    public static IReadOnlyList<object?> From(object root)
    {
        ArgumentNullException.ThrowIfNull(root);
        var values = new List<object?>();
        var seen = new HashSet<object>(ReferenceEqualityComparer.Instance);
        var pending = new Stack<object>();
        pending.Push(root);
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

        return values;
    }
}
