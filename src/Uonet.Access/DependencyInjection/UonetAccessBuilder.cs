using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Uonet.Access.Credentials;
using Uonet.Access.Mail;
using Uonet.Access.Storage;

namespace Uonet.Access.DependencyInjection;

/// <summary>
/// Chooses the adapters of Uonet.Access: the store (required; one for everything with <c>UseStore</c>, or one per
/// contract with <c>UseCredentialStore</c>, <c>UseOutboxStore</c>…), the mail sender, the human check.
/// </summary>
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
        Services.Replace(ServiceDescriptor.Singleton(factory));
        return RegisterEveryContract<TStore>();
    }

    /// <summary>Uses <typeparamref name="TStore"/>, created by the container, as every store contract.</summary>
    public UonetAccessBuilder UseStore<TStore>()
        where TStore : class, ISchoolDirectoryStore, IStudentRecordStore, ICredentialStore, IOutboxStore, IDeviceStore, IMaintenanceStore, IImportRunStore, IRetentionStore =>
        UseStore(sp => ActivatorUtilities.CreateInstance<TStore>(sp));

    /// <summary>
    /// Uses <typeparamref name="TStore"/> for the accounts, link tokens, sessions, attempt counters, account closure,
    /// account links and security events (<see cref="ICredentialStore"/> and each of its parts), and for passkeys when
    /// it is also an <see cref="IPasskeyStore"/>. Its writes queue mail and close devices in the same transaction, so
    /// <see cref="UseOutboxStore{TStore}()"/> and <see cref="UseDeviceStore{TStore}()"/> must name the same type; start-up
    /// validation refuses anything else.
    /// </summary>
    /// <typeparam name="TStore">The store type; one instance of it serves every contract registered with it.</typeparam>
    public UonetAccessBuilder UseCredentialStore<TStore>()
        where TStore : class, ICredentialStore => UseContract<ICredentialStore, TStore>(null);

    /// <inheritdoc cref="UseCredentialStore{TStore}()"/>
    /// <param name="factory">Creates the one instance of <typeparamref name="TStore"/>.</param>
    public UonetAccessBuilder UseCredentialStore<TStore>(Func<IServiceProvider, TStore> factory)
        where TStore : class, ICredentialStore => UseContract<ICredentialStore, TStore>(factory ?? throw new ArgumentNullException(nameof(factory)));

    /// <summary>
    /// Uses <typeparamref name="TStore"/> for the outbox of mail (<see cref="IOutboxStore"/>): the same type as the
    /// credential and device stores, which queue their mail in it within their own transactions.
    /// </summary>
    /// <typeparam name="TStore">The store type; one instance of it serves every contract registered with it.</typeparam>
    public UonetAccessBuilder UseOutboxStore<TStore>()
        where TStore : class, IOutboxStore => UseContract<IOutboxStore, TStore>(null);

    /// <inheritdoc cref="UseOutboxStore{TStore}()"/>
    /// <param name="factory">Creates the one instance of <typeparamref name="TStore"/>.</param>
    public UonetAccessBuilder UseOutboxStore<TStore>(Func<IServiceProvider, TStore> factory)
        where TStore : class, IOutboxStore => UseContract<IOutboxStore, TStore>(factory ?? throw new ArgumentNullException(nameof(factory)));

    /// <summary>
    /// Uses <typeparamref name="TStore"/> for pairing tickets, devices and the replay cache (<see cref="IDeviceStore"/>):
    /// the same type as the credential store, since a device belongs to an account the store must see and closing an
    /// account revokes its devices in one transaction.
    /// </summary>
    /// <typeparam name="TStore">The store type; one instance of it serves every contract registered with it.</typeparam>
    public UonetAccessBuilder UseDeviceStore<TStore>()
        where TStore : class, IDeviceStore => UseContract<IDeviceStore, TStore>(null);

    /// <inheritdoc cref="UseDeviceStore{TStore}()"/>
    /// <param name="factory">Creates the one instance of <typeparamref name="TStore"/>.</param>
    public UonetAccessBuilder UseDeviceStore<TStore>(Func<IServiceProvider, TStore> factory)
        where TStore : class, IDeviceStore => UseContract<IDeviceStore, TStore>(factory ?? throw new ArgumentNullException(nameof(factory)));

    /// <summary>
    /// Uses <typeparamref name="TStore"/> for instances, units and staff (<see cref="ISchoolDirectoryStore"/>): the same
    /// type as the record store, which writes a record only into a unit it holds.
    /// </summary>
    /// <typeparam name="TStore">The store type; one instance of it serves every contract registered with it.</typeparam>
    public UonetAccessBuilder UseSchoolDirectoryStore<TStore>()
        where TStore : class, ISchoolDirectoryStore => UseContract<ISchoolDirectoryStore, TStore>(null);

    /// <inheritdoc cref="UseSchoolDirectoryStore{TStore}()"/>
    /// <param name="factory">Creates the one instance of <typeparamref name="TStore"/>.</param>
    public UonetAccessBuilder UseSchoolDirectoryStore<TStore>(Func<IServiceProvider, TStore> factory)
        where TStore : class, ISchoolDirectoryStore => UseContract<ISchoolDirectoryStore, TStore>(factory ?? throw new ArgumentNullException(nameof(factory)));

    /// <summary>
    /// Uses <typeparamref name="TStore"/> for pupils' records and their audit trail (<see cref="IStudentRecordStore"/>):
    /// the same type as the school directory store.
    /// </summary>
    /// <typeparam name="TStore">The store type; one instance of it serves every contract registered with it.</typeparam>
    public UonetAccessBuilder UseStudentRecordStore<TStore>()
        where TStore : class, IStudentRecordStore => UseContract<IStudentRecordStore, TStore>(null);

    /// <inheritdoc cref="UseStudentRecordStore{TStore}()"/>
    /// <param name="factory">Creates the one instance of <typeparamref name="TStore"/>.</param>
    public UonetAccessBuilder UseStudentRecordStore<TStore>(Func<IServiceProvider, TStore> factory)
        where TStore : class, IStudentRecordStore => UseContract<IStudentRecordStore, TStore>(factory ?? throw new ArgumentNullException(nameof(factory)));

    /// <summary>Uses <typeparamref name="TStore"/> for maintenance windows (<see cref="IMaintenanceStore"/>), which may be a store of its own.</summary>
    /// <typeparam name="TStore">The store type; one instance of it serves every contract registered with it.</typeparam>
    public UonetAccessBuilder UseMaintenanceStore<TStore>()
        where TStore : class, IMaintenanceStore => UseContract<IMaintenanceStore, TStore>(null);

    /// <inheritdoc cref="UseMaintenanceStore{TStore}()"/>
    /// <param name="factory">Creates the one instance of <typeparamref name="TStore"/>.</param>
    public UonetAccessBuilder UseMaintenanceStore<TStore>(Func<IServiceProvider, TStore> factory)
        where TStore : class, IMaintenanceStore => UseContract<IMaintenanceStore, TStore>(factory ?? throw new ArgumentNullException(nameof(factory)));

    /// <summary>Uses <typeparamref name="TStore"/> for the runs of the CSV import (<see cref="IImportRunStore"/>), which may be a store of its own.</summary>
    /// <typeparam name="TStore">The store type; one instance of it serves every contract registered with it.</typeparam>
    public UonetAccessBuilder UseImportRunStore<TStore>()
        where TStore : class, IImportRunStore => UseContract<IImportRunStore, TStore>(null);

    /// <inheritdoc cref="UseImportRunStore{TStore}()"/>
    /// <param name="factory">Creates the one instance of <typeparamref name="TStore"/>.</param>
    public UonetAccessBuilder UseImportRunStore<TStore>(Func<IServiceProvider, TStore> factory)
        where TStore : class, IImportRunStore => UseContract<IImportRunStore, TStore>(factory ?? throw new ArgumentNullException(nameof(factory)));

    /// <summary>
    /// Uses <typeparamref name="TStore"/> for the deletes of the retention job (<see cref="IRetentionStore"/>): the same
    /// type as the credential and record stores, whose rows it deletes.
    /// </summary>
    /// <typeparam name="TStore">The store type; one instance of it serves every contract registered with it.</typeparam>
    public UonetAccessBuilder UseRetentionStore<TStore>()
        where TStore : class, IRetentionStore => UseContract<IRetentionStore, TStore>(null);

    /// <inheritdoc cref="UseRetentionStore{TStore}()"/>
    /// <param name="factory">Creates the one instance of <typeparamref name="TStore"/>.</param>
    public UonetAccessBuilder UseRetentionStore<TStore>(Func<IServiceProvider, TStore> factory)
        where TStore : class, IRetentionStore => UseContract<IRetentionStore, TStore>(factory ?? throw new ArgumentNullException(nameof(factory)));

    private UonetAccessBuilder RegisterEveryContract<TStore>()
        where TStore : class, ISchoolDirectoryStore, IStudentRecordStore, ICredentialStore, IOutboxStore, IDeviceStore, IMaintenanceStore, IImportRunStore, IRetentionStore
    {
        Register<ISchoolDirectoryStore, TStore>();
        Register<IStudentRecordStore, TStore>();
        Register<ICredentialStore, TStore>();
        Register<IOutboxStore, TStore>();
        Register<IDeviceStore, TStore>();
        Register<IMaintenanceStore, TStore>();
        Register<IImportRunStore, TStore>();
        Register<IRetentionStore, TStore>();
        return this;
    }

    private UonetAccessBuilder UseContract<TContract, TStore>(Func<IServiceProvider, TStore>? factory)
        where TContract : class
        where TStore : class, TContract
    {
        // One instance per store type: contracts registered with the same type share it, which is what lets the
        // validator tell "one store" from "two stores" by type alone. A store named only by its contract
        // (UseOutboxStore<IOutboxStore>(factory)) is a store of its own.
        if (typeof(TStore) == typeof(TContract))
        {
            ArgumentNullException.ThrowIfNull(factory);
            Register<TContract, TStore>();
            Services.Replace(ServiceDescriptor.Singleton(factory));
            return this;
        }

        if (factory is not null)
        {
            Services.Replace(ServiceDescriptor.Singleton(factory));
        }
        else
        {
            Services.TryAddSingleton(sp => ActivatorUtilities.CreateInstance<TStore>(sp));
        }

        Register<TContract, TStore>();
        return this;
    }

    private void Register<TContract, TStore>()
        where TContract : class
        where TStore : class, TContract
    {
        Services.RemoveAll<TContract>();
        foreach (var stale in Services.Where(d => d.ServiceType == typeof(StoreRegistration) && d.ImplementationInstance is StoreRegistration r && r.Contract == typeof(TContract)).ToList())
        {
            Services.Remove(stale);
        }

        Services.AddSingleton(new StoreRegistration(typeof(TContract), typeof(TStore)));
        if (typeof(TStore) != typeof(TContract))
        {
            Services.AddSingleton<TContract>(sp => sp.GetRequiredService<TStore>());
        }

        if (typeof(TContract) == typeof(ICredentialStore))
        {
            // The parts of the credential store come with it: they are one store by contract (see ICredentialStore).
            Services.Replace(ServiceDescriptor.Singleton<IAccountStore>(sp => sp.GetRequiredService<ICredentialStore>()));
            Services.Replace(ServiceDescriptor.Singleton<ILinkTokenStore>(sp => sp.GetRequiredService<ICredentialStore>()));
            Services.Replace(ServiceDescriptor.Singleton<ISessionStore>(sp => sp.GetRequiredService<ICredentialStore>()));
            Services.Replace(ServiceDescriptor.Singleton<IAttemptCounterStore>(sp => sp.GetRequiredService<ICredentialStore>()));
            Services.Replace(ServiceDescriptor.Singleton<IAccountClosureStore>(sp => sp.GetRequiredService<ICredentialStore>()));
            Services.Replace(ServiceDescriptor.Singleton<IAccountLinkStore>(sp => sp.GetRequiredService<ICredentialStore>()));
            Services.Replace(ServiceDescriptor.Singleton<ISecurityEventStore>(sp => sp.GetRequiredService<ICredentialStore>()));

            // Passkeys are a capability a credential store may add (closing an account removes them in its transaction):
            // registered when the store has it, so older stores keep working.
            Services.RemoveAll<IPasskeyStore>();
            if (typeof(IPasskeyStore).IsAssignableFrom(typeof(TStore)))
            {
                Services.AddSingleton(sp => (IPasskeyStore)sp.GetRequiredService<TStore>());
            }
        }
    }

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

/// <summary>
/// Records which store type a host chose for a contract, so that start-up validation can say when one is missing and
/// when two contracts that must share one store (their writes are atomic together) were given different ones.
/// </summary>
/// <param name="Contract">The store contract, e.g. <see cref="ICredentialStore"/>.</param>
/// <param name="StoreType">The store's type, registered as one singleton that serves every contract given it.</param>
internal sealed record StoreRegistration(Type Contract, Type StoreType);

/// <summary>Records that a host chose its own mail protector, so the default AES keys need not be configured.</summary>
/// <param name="ProtectorType">The protector's type.</param>
internal sealed record MailProtectorRegistration(Type ProtectorType);

/// <summary>Records which mail sender a host chose.</summary>
/// <param name="SenderType">The sender's type.</param>
internal sealed record MailSenderRegistration(Type SenderType);
