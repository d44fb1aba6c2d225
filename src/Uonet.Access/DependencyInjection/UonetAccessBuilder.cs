using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Uonet.Access.Credentials;
using Uonet.Access.Mail;
using Uonet.Access.Storage;

namespace Uonet.Access.DependencyInjection;

/// <summary>Chooses the adapters of Uonet.Access: the store (required), the mail sender, the human check.</summary>
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
        where TStore : class, ISchoolDirectoryStore, IStudentRecordStore, ICredentialStore, IOutboxStore, IDeviceStore, IMaintenanceStore, IImportRunStore, IRetentionStore
    {
        ArgumentNullException.ThrowIfNull(factory);
        Services.RemoveAll<StoreRegistration>();
        Services.AddSingleton(new StoreRegistration(typeof(TStore)));
        Services.Replace(ServiceDescriptor.Singleton(factory));
        Services.Replace(ServiceDescriptor.Singleton<ISchoolDirectoryStore>(sp => sp.GetRequiredService<TStore>()));
        Services.Replace(ServiceDescriptor.Singleton<IStudentRecordStore>(sp => sp.GetRequiredService<TStore>()));
        Services.Replace(ServiceDescriptor.Singleton<ICredentialStore>(sp => sp.GetRequiredService<TStore>()));
        Services.Replace(ServiceDescriptor.Singleton<IOutboxStore>(sp => sp.GetRequiredService<TStore>()));
        Services.Replace(ServiceDescriptor.Singleton<IDeviceStore>(sp => sp.GetRequiredService<TStore>()));
        Services.Replace(ServiceDescriptor.Singleton<IMaintenanceStore>(sp => sp.GetRequiredService<TStore>()));
        Services.Replace(ServiceDescriptor.Singleton<IImportRunStore>(sp => sp.GetRequiredService<TStore>()));
        Services.Replace(ServiceDescriptor.Singleton<IRetentionStore>(sp => sp.GetRequiredService<TStore>()));

        // Passkeys are a capability a store may add: registered when the store has it, so older stores keep working.
        Services.RemoveAll<IPasskeyStore>();
        if (typeof(IPasskeyStore).IsAssignableFrom(typeof(TStore)))
        {
            Services.AddSingleton(sp => (IPasskeyStore)sp.GetRequiredService<TStore>());
        }

        return this;
    }

    /// <summary>Uses <typeparamref name="TStore"/>, created by the container, as every store contract.</summary>
    public UonetAccessBuilder UseStore<TStore>()
        where TStore : class, ISchoolDirectoryStore, IStudentRecordStore, ICredentialStore, IOutboxStore, IDeviceStore, IMaintenanceStore, IImportRunStore, IRetentionStore =>
        UseStore(sp => ActivatorUtilities.CreateInstance<TStore>(sp));

    /// <summary>Delivers mail through <paramref name="factory"/>'s sender (SMTP, a provider's API…).</summary>
    public UonetAccessBuilder UseMailSender<TSender>(Func<IServiceProvider, TSender> factory)
        where TSender : class, IMailSender
    {
        ArgumentNullException.ThrowIfNull(factory);
        Services.RemoveAll<MailSenderRegistration>();
        Services.AddSingleton(new MailSenderRegistration(typeof(TSender)));
        Services.Replace(ServiceDescriptor.Singleton<IMailSender>(factory));
        return this;
    }

    /// <summary>Writes mail as <c>.eml</c> files into <paramref name="folder"/> instead of sending it: for development.</summary>
    public UonetAccessBuilder UsePickupFolder(string folder)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(folder);
        return UseMailSender(sp => new PickupFolderMailSender(folder, sp.GetRequiredService<IOptions<UonetAccessOptions>>().Value.Mail, sp.GetRequiredService<TimeProvider>()));
    }

    /// <summary>
    /// Protects queued mail's bodies and link at rest with <paramref name="factory"/>'s protector instead of the default
    /// AES-GCM keys of <c>options.Mail.Protection</c> (which then need not be configured).
    /// </summary>
    public UonetAccessBuilder UseMailProtector<TProtector>(Func<IServiceProvider, TProtector> factory)
        where TProtector : class, IMailProtector
    {
        ArgumentNullException.ThrowIfNull(factory);
        Services.RemoveAll<MailProtectorRegistration>();
        Services.AddSingleton(new MailProtectorRegistration(typeof(TProtector)));
        Services.Replace(ServiceDescriptor.Singleton<IMailProtector>(factory));
        return this;
    }

    /// <summary>Uses the host's captcha (or other human check) for the first-login / restore procedure.</summary>
    public UonetAccessBuilder UseHumanCheck<THumanCheck>()
        where THumanCheck : class, IHumanCheck
    {
        Services.Replace(ServiceDescriptor.Singleton<IHumanCheck, THumanCheck>());
        return this;
    }
}

/// <summary>Records which store a host chose, so that start-up validation can say when none was.</summary>
/// <param name="StoreType">The store's type.</param>
internal sealed record StoreRegistration(Type StoreType);

/// <summary>Records that a host chose its own mail protector, so the default AES keys need not be configured.</summary>
/// <param name="ProtectorType">The protector's type.</param>
internal sealed record MailProtectorRegistration(Type ProtectorType);

/// <summary>Records which mail sender a host chose.</summary>
/// <param name="SenderType">The sender's type.</param>
internal sealed record MailSenderRegistration(Type SenderType);
