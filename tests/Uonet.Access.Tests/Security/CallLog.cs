using System.Collections.Concurrent;
using System.Reflection;
using System.Runtime.ExceptionServices;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Uonet.Access.Credentials;
using Uonet.Access.Credentials.Passwords;
using Uonet.Access.DependencyInjection;
using Uonet.Access.Storage;

namespace Uonet.Access.Tests.Security;

/// <summary>
/// One ordered log of every call a workflow makes into the stores and the password hasher, as <c>Contract.Method</c>:
/// the work a request does, which must not depend on whether its address is known (ASVS 5.0 V6.3).
/// </summary>
internal sealed class CallLog
{
    private readonly ConcurrentQueue<string> _calls = new();

    public IReadOnlyList<string> Calls => [.. _calls];

    /// <summary>Calls to the password hasher only.</summary>
    public IReadOnlyList<string> Hashing => [.. _calls.Where(c => c.StartsWith(nameof(IPasswordHasher), StringComparison.Ordinal))];

    public void Clear() => _calls.Clear();

    /// <summary>
    /// Puts every store contract in front of the in-memory store, and the password hasher (the real Argon2id with the
    /// school's cheap parameters) in front of nothing else, all writing to this log.
    /// </summary>
    public void Install(IServiceCollection services) =>
        services.AddSingleton<IPasswordHasher>(sp => RecordingProxy<IPasswordHasher>.Create(new Argon2idPasswordHasher(sp.GetRequiredService<IOptions<UonetAccessOptions>>()), this));

    /// <summary>Replaces the store registrations of <paramref name="builder"/> with recording ones over the same store.</summary>
    public void Install(UonetAccessBuilder builder)
    {
        Replace<ISchoolDirectoryStore>(builder.Services);
        Replace<IStudentRecordStore>(builder.Services);
        Replace<ICredentialStore>(builder.Services);
        Replace<IOutboxStore>(builder.Services);
        Replace<IDeviceStore>(builder.Services);
        Replace<IMaintenanceStore>(builder.Services);
        Replace<IImportRunStore>(builder.Services);
    }

    internal void Add(string call) => _calls.Enqueue(call);

    private void Replace<TContract>(IServiceCollection services)
        where TContract : class =>
        services.Replace(ServiceDescriptor.Singleton(sp => RecordingProxy<TContract>.Create((TContract)(object)sp.GetRequiredService<InMemoryAccessStore>(), this)));
}

/// <summary>A <typeparamref name="TContract"/> in front of another that logs each call by name before passing it on.</summary>
#pragma warning disable CA1852 // DispatchProxy derives a proxy type from this class, so it cannot be sealed.
internal class RecordingProxy<TContract> : DispatchProxy
#pragma warning restore CA1852
    where TContract : class
{
    private TContract _inner = null!;
    private CallLog _log = null!;

    public static TContract Create(TContract inner, CallLog log)
    {
        var proxy = Create<TContract, RecordingProxy<TContract>>();
        var recorder = (RecordingProxy<TContract>)(object)proxy;
        recorder._inner = inner;
        recorder._log = log;
        return proxy;
    }

    protected override object? Invoke(MethodInfo? targetMethod, object?[]? args)
    {
        ArgumentNullException.ThrowIfNull(targetMethod);
        _log.Add($"{typeof(TContract).Name}.{targetMethod.Name}");
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
