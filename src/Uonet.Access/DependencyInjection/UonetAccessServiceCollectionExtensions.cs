using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Uonet.Access;
using Uonet.Access.Credentials;
using Uonet.Access.DependencyInjection;
using Uonet.Access.Eligibility;
using Uonet.Access.Import;
using Uonet.Access.Localization;
using Uonet.Access.Mail;
using Uonet.Access.Records;
using Uonet.Access.Sessions;
using Uonet.Access.Storage;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers Uonet.Access in a service collection.</summary>
public static class UonetAccessServiceCollectionExtensions
{
    /// <summary>
    /// Adds the library's services with their defaults (each registered with <c>TryAdd</c>, so a host's own
    /// registration wins and repeated calls are safe) and returns a builder to choose the store and other adapters.
    /// Options are validated when the host starts, with every error reported at once.
    /// </summary>
    /// <param name="services">The service collection.</param>
    /// <param name="configure">Sets options; may be called again by a later <c>AddUonetAccess</c>.</param>
    public static UonetAccessBuilder AddUonetAccess(this IServiceCollection services, Action<UonetAccessOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        var options = services.AddOptions<UonetAccessOptions>();
        if (configure is not null)
        {
            options.Configure(configure);
        }

        options.ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<UonetAccessOptions>, UonetAccessOptionsValidator>());
        services.TryAddSingleton(TimeProvider.System);
        services.TryAdd(ServiceDescriptor.Singleton(typeof(ILogger<>), typeof(NullLogger<>)));

        foreach (var store in StoreContracts)
        {
            services.TryAdd(ServiceDescriptor.Singleton(store, _ => throw new InvalidOperationException(UonetAccessOptionsValidator.MissingStoreMessage)));
        }

        services.TryAddSingleton<IMailSender>(_ => throw new InvalidOperationException(UonetAccessOptionsValidator.MissingMailSenderMessage));
        // TryAdd: a host's own texts, registered before or after this call, win (the last registration is the one resolved).
        services.TryAddSingleton<AccessTextProvider>();
        services.TryAddSingleton<IMailTemplates>(sp => new DefaultMailTemplates(sp.GetRequiredService<AccessTextProvider>()));
        services.TryAddSingleton<IMailProtector>(sp => new AesGcmMailProtector(sp.GetRequiredService<IOptions<UonetAccessOptions>>()));
        services.TryAddSingleton<IHumanCheck, DevelopmentHumanCheck>();
        services.TryAddSingleton<IPasswordHasher, Uonet.Access.Credentials.Passwords.Argon2idPasswordHasher>();
        services.TryAddSingleton(sp => new PasswordPolicy(sp.GetRequiredService<IOptions<UonetAccessOptions>>().Value.PasswordPolicy));
        services.TryAddSingleton(sp => ActivatorUtilities.CreateInstance<MailComposer>(sp));

        services.TryAddSingleton<SchoolDirectory>();
        services.TryAddSingleton(sp => ActivatorUtilities.CreateInstance<AccountClosure>(sp));
        services.TryAddSingleton(sp => new StudentRecords(
            sp.GetRequiredService<ISchoolDirectoryStore>(),
            sp.GetRequiredService<IStudentRecordStore>(),
            sp.GetRequiredService<AccountClosure>(),
            sp.GetRequiredService<TimeProvider>(),
            sp.GetRequiredService<ILogger<StudentRecords>>()));
        services.TryAddSingleton(sp => new GuardianEmailChange(
            sp.GetRequiredService<StudentRecords>(),
            sp.GetRequiredService<ISchoolDirectoryStore>(),
            sp.GetRequiredService<IStudentRecordStore>(),
            sp.GetRequiredService<AccountClosure>(),
            sp.GetRequiredService<TimeProvider>(),
            sp.GetRequiredService<ILogger<GuardianEmailChange>>()));
        services.TryAddSingleton<StudentRecordImport>();
        services.TryAddSingleton<PupilResolver>();
        services.TryAddSingleton<LoginDiagnosis>();
        services.TryAddSingleton(sp => new RestoreAccess(
            sp.GetRequiredService<ISchoolDirectoryStore>(),
            sp.GetRequiredService<IStudentRecordStore>(),
            sp.GetRequiredService<ICredentialStore>(),
            sp.GetRequiredService<PupilResolver>(),
            sp.GetRequiredService<IPasswordHasher>(),
            sp.GetRequiredService<PasswordPolicy>(),
            sp.GetRequiredService<IHumanCheck>(),
            sp.GetRequiredService<MailComposer>(),
            sp.GetRequiredService<TimeProvider>(),
            sp.GetRequiredService<IOptions<UonetAccessOptions>>(),
            sp.GetRequiredService<ILogger<RestoreAccess>>()));
        services.TryAddSingleton<SessionTickets>();
        services.TryAddSingleton<Uonet.Access.SecurityEvents.AccountActivity>();
        services.TryAddSingleton<Uonet.Access.Retention.RetentionRun>();
        services.TryAddSingleton(sp => new PasswordChange(
            sp.GetRequiredService<ISchoolDirectoryStore>(),
            sp.GetRequiredService<IStudentRecordStore>(),
            sp.GetRequiredService<ICredentialStore>(),
            sp.GetRequiredService<SessionTickets>(),
            sp.GetRequiredService<IPasswordHasher>(),
            sp.GetRequiredService<PasswordPolicy>(),
            sp.GetRequiredService<MailComposer>(),
            sp.GetRequiredService<TimeProvider>(),
            sp.GetRequiredService<IOptions<UonetAccessOptions>>(),
            sp.GetRequiredService<ILogger<PasswordChange>>()));
        services.TryAddSingleton<AccountSignIn>();
        services.TryAddSingleton(sp => new TwoFactorSetup(
            sp.GetRequiredService<ISchoolDirectoryStore>(),
            sp.GetRequiredService<ICredentialStore>(),
            sp.GetRequiredService<SessionTickets>(),
            sp.GetRequiredService<MailComposer>(),
            sp.GetRequiredService<TimeProvider>(),
            sp.GetRequiredService<IOptions<UonetAccessOptions>>(),
            sp.GetRequiredService<ILogger<TwoFactorSetup>>()));
        services.TryAddSingleton<OutboxDispatcher>();
        services.TryAddSingleton<DevelopmentOutbox>();
        services.TryAddSingleton<Uonet.Access.Maintenance.MaintenanceSchedule>();
        services.TryAddSingleton<LinkedInstances>();
        services.TryAddSingleton<Uonet.Access.Privacy.PersonalDataExport>();
        services.TryAddSingleton<Uonet.Access.Devices.MobileDevices>();
        services.TryAddSingleton<Uonet.Access.Devices.DeviceRequestVerifier>();
        return new UonetAccessBuilder(services);
    }

    internal static readonly Type[] StoreContracts =
    [
        typeof(ISchoolDirectoryStore),
        typeof(IStudentRecordStore),
        typeof(ICredentialStore),
        typeof(IOutboxStore),
        typeof(IDeviceStore),
        typeof(IMaintenanceStore),
        typeof(IImportRunStore),
        typeof(IRetentionStore),
    ];
}
