using System.Reflection;
using System.Runtime.ExceptionServices;
using Uonet.Access.Storage;

namespace Uonet.Access.AspNetCore.Tests.Infrastructure;

/// <summary>Every store contract in one, so that one proxy stands for the whole store the host is given.</summary>
public interface IEveryStore : ISchoolDirectoryStore, IStudentRecordStore, ICredentialStore, IOutboxStore, IDeviceStore, IMaintenanceStore, IImportRunStore, IRetentionStore, IPasskeyStore, IRequestSnapshotStore;

/// <summary>
/// The in-memory store behind a proxy that counts the calls made to it: each call of a store contract is one round trip
/// of a database store (the snapshot reads are one statement on PostgreSQL), so a host's store work can be counted
/// without a database.
/// </summary>
public class CountingStore : DispatchProxy
{
    private InMemoryAccessStore _inner = null!;
    private int _calls;

    /// <summary>The calls made since the store was created.</summary>
    public int Calls => Volatile.Read(ref _calls);

    /// <summary>A counting store over a new in-memory store, and the counter.</summary>
    public static (IEveryStore Store, CountingStore Counter) Create()
    {
        var store = Create<IEveryStore, CountingStore>();
        var counter = (CountingStore)(object)store;
        counter._inner = new InMemoryAccessStore();
        return (store, counter);
    }

    protected override object? Invoke(MethodInfo? targetMethod, object?[]? args)
    {
        ArgumentNullException.ThrowIfNull(targetMethod);
        Interlocked.Increment(ref _calls);
        try
        {
            return targetMethod.Invoke(_inner, args);
        }
        catch (TargetInvocationException exception) when (exception.InnerException is not null)
        {
            ExceptionDispatchInfo.Throw(exception.InnerException);
            throw;
        }
    }
}
