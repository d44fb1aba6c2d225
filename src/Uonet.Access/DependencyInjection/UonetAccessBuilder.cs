using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Uonet.Access.Storage;

namespace Uonet.Access.DependencyInjection;

/// <summary>Chooses the adapters of Uonet.Access: the store (required), and later mail and crypto.</summary>
public sealed class UonetAccessBuilder
{
    /// <summary>Creates a builder over a service collection (use <c>services.AddUonetAccess()</c>).</summary>
    public UonetAccessBuilder(IServiceCollection services) => Services = services ?? throw new ArgumentNullException(nameof(services));

    /// <summary>The service collection, for adapter packages that extend the builder.</summary>
    public IServiceCollection Services { get; }

    /// <summary>Keeps all data in process memory: for tests, demos and benchmarks, never for production data.</summary>
    public UonetAccessBuilder UseInMemoryStore() => UseStore(_ => new InMemoryAccessStore());

    /// <summary>Uses one object, created once by <paramref name="factory"/>, as every store contract.</summary>
    /// <typeparam name="TStore">A type implementing every store contract.</typeparam>
    public UonetAccessBuilder UseStore<TStore>(Func<IServiceProvider, TStore> factory)
        where TStore : class, ISchoolDirectoryStore, IStudentRecordStore
    {
        ArgumentNullException.ThrowIfNull(factory);
        Services.RemoveAll<StoreRegistration>();
        Services.AddSingleton(new StoreRegistration(typeof(TStore)));
        Services.Replace(ServiceDescriptor.Singleton(factory));
        Services.Replace(ServiceDescriptor.Singleton<ISchoolDirectoryStore>(sp => sp.GetRequiredService<TStore>()));
        Services.Replace(ServiceDescriptor.Singleton<IStudentRecordStore>(sp => sp.GetRequiredService<TStore>()));
        return this;
    }

    /// <summary>Uses <typeparamref name="TStore"/>, created by the container, as every store contract.</summary>
    public UonetAccessBuilder UseStore<TStore>()
        where TStore : class, ISchoolDirectoryStore, IStudentRecordStore =>
        UseStore(sp => ActivatorUtilities.CreateInstance<TStore>(sp));
}

/// <summary>Records which store a host chose, so that start-up validation can say when none was.</summary>
/// <param name="StoreType">The store's type.</param>
internal sealed record StoreRegistration(Type StoreType);
