using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authorization;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Uonet.Access.AspNetCore;
using Uonet.Access.AspNetCore.Authorization;
using Uonet.Access.AspNetCore.DependencyInjection;
using Uonet.Access.AspNetCore.Devices;
using Uonet.Access.AspNetCore.Maintenance;
using Uonet.Access.AspNetCore.Outbox;
using Uonet.Access.AspNetCore.Retention;
using Uonet.Access.AspNetCore.Sessions;
using Uonet.Access.DependencyInjection;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers the ASP.NET Core integration of Uonet.Access.</summary>
public static class AspNetCoreUonetAccessBuilderExtensions
{
    /// <summary>
    /// Adds the session scheme (<see cref="UonetAccessSchemes.Session"/>, the default scheme unless the host chose one),
    /// the device-signature scheme (<see cref="UonetAccessSchemes.Device"/>), the policies of <see cref="UonetPolicies"/>,
    /// <see cref="SessionCookies"/>, <see cref="SecondStepCookie"/>, the default <see cref="IMaintenanceResponder"/>
    /// and the outbox delivery service (which runs only when
    /// <see cref="UonetAccessAspNetCoreOptions.OutboxDeliveryInterval"/> is set) and the retention job (which runs only
    /// when <see cref="UonetAccessAspNetCoreOptions.RetentionInterval"/> is set). Services are added with <c>TryAdd</c>
    /// (a host's own registration wins) and repeated calls only add their options. Options are validated when the host
    /// starts. Then map the API with <c>app.MapUonetMobileApi()</c> and gate technical breaks with <c>app.UseUonetMaintenance()</c>.
    /// </summary>
    /// <param name="builder">The builder from <c>AddUonetAccess</c>.</param>
    /// <param name="configure">Sets the integration's options.</param>
    public static UonetAccessBuilder AddAspNetCore(this UonetAccessBuilder builder, Action<UonetAccessAspNetCoreOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var services = builder.Services;
        var options = services.AddOptions<UonetAccessAspNetCoreOptions>();
        if (configure is not null)
        {
            options.Configure(configure);
        }

        if (services.Any(d => d.ServiceType == typeof(AspNetCoreRegistration)))
        {
            return builder;
        }

        services.AddSingleton<AspNetCoreRegistration>();
        options.ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<UonetAccessAspNetCoreOptions>, AspNetCoreOptionsValidator>());
        services.AddHttpContextAccessor();
        services.AddDataProtection();
        services.TryAddSingleton<SessionCookies>();
        services.TryAddSingleton<SecondStepCookie>();
        services.TryAddSingleton<IMaintenanceResponder, DefaultMaintenanceResponder>();

        services.AddAuthentication()
            .AddScheme<AuthenticationSchemeOptions, SessionAuthenticationHandler>(UonetAccessSchemes.Session, displayName: null, configureOptions: null)
            .AddScheme<AuthenticationSchemeOptions, DeviceSignatureHandler>(UonetAccessSchemes.Device, displayName: null, configureOptions: null);
        services.AddOptions<AuthenticationOptions>().PostConfigure<IOptions<UonetAccessAspNetCoreOptions>>((authentication, access) =>
        {
            if (access.Value.UseSessionAsDefaultScheme)
            {
                authentication.DefaultScheme ??= UonetAccessSchemes.Session;
            }
        });

        services.AddAuthorization(authorization =>
        {
            Add(authorization, UonetPolicies.SignedIn, UonetRequirementKind.SignedIn);
            Add(authorization, UonetPolicies.Staff, UonetRequirementKind.Staff);
            Add(authorization, UonetPolicies.SecretaryOfUnit, UonetRequirementKind.SecretaryOfUnit);
            Add(authorization, UonetPolicies.Administrator, UonetRequirementKind.Administrator);
        });
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IAuthorizationHandler, UonetRequirementHandler>());
        services.AddHostedService<OutboxDeliveryService>();
        services.AddHostedService<RetentionService>();
        return builder;
    }

    /// <summary>
    /// Protects queued mail's bodies and link at rest with ASP.NET Core Data Protection (purpose
    /// <c>Uonet.Access.Mail.Outbox.v1</c>) instead of the AES keys of <c>options.Mail.Protection</c>, which then need not
    /// be configured. Persist the key ring where every node and every tool that delivers the outbox reads it (e.g.
    /// <c>services.AddDataProtection().PersistKeysToFileSystem(…)</c>), or mail queued by one cannot be sent by another.
    /// </summary>
    /// <param name="builder">The builder from <c>AddUonetAccess</c>.</param>
    public static UonetAccessBuilder UseDataProtectionMailProtector(this UonetAccessBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.AddDataProtection();
        return builder.UseMailProtector(sp => new DataProtectionMailProtector(sp.GetRequiredService<Microsoft.AspNetCore.DataProtection.IDataProtectionProvider>()));
    }

    private static void Add(AuthorizationOptions authorization, string name, UonetRequirementKind kind) =>
        authorization.AddPolicy(name, policy => policy.AddAuthenticationSchemes(UonetAccessSchemes.Session).AddRequirements(new UonetRequirement(kind)));
}
