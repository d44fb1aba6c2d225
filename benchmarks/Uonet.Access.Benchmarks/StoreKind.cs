using Uonet.Access.Storage;

namespace Uonet.Access.Benchmarks;

/// <summary>The stores a benchmark runs against; every store kind becomes a column value in the report.</summary>
public enum StoreKind
{
    /// <summary><see cref="InMemoryAccessStore"/>.</summary>
    InMemory = 0,
}

/// <summary>Creates an empty store of a kind, seen through the interfaces the library's services use.</summary>
internal static class BenchmarkStores
{
    public static (ISchoolDirectoryStore Directory, IStudentRecordStore Records) Create(StoreKind kind)
    {
        switch (kind)
        {
            case StoreKind.InMemory:
                var store = new InMemoryAccessStore();
                return (store, store);
            default:
                throw new ArgumentOutOfRangeException(nameof(kind), kind, "Unknown store kind.");
        }
    }
}
