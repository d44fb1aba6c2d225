using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Uonet.Access.Credentials;
using Uonet.Access.DependencyInjection;
using Uonet.Access.Localization;
using Uonet.Access.Mail;
using Uonet.Access.Records;
using Uonet.Access.Sessions;
using Uonet.Access.Storage;

namespace Uonet.Access.Passkeys;

/// <summary>Adds passkeys to Uonet.Access.</summary>
public static class PasskeysUonetAccessBuilderExtensions
{
    internal const string MissingStoreMessage =
        "Passkeys need a store that keeps them (IPasskeyStore): the in-memory, SQLite and PostgreSQL stores do; a store of your own must implement IPasskeyStore.";

    /// <summary>
    /// Registers <see cref="AccountPasskeys"/> and <see cref="PasskeySignIn"/>. The store chosen with the builder must
    /// implement <see cref="IPasskeyStore"/>; resolving either service otherwise fails with a message that says so.
    /// </summary>
    /// <param name="builder">The Uonet.Access builder.</param>
    /// <param name="configure">Sets <see cref="PasskeyOptions"/> (relying party behind a proxy, challenge lifetime).</param>
    public static UonetAccessBuilder AddPasskeys(this UonetAccessBuilder builder, Action<PasskeyOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var options = builder.Services.AddOptions<PasskeyOptions>();
        if (configure is not null)
        {
            options.Configure(configure);
        }

        options.Validate(o => o.ChallengeLifetime > TimeSpan.Zero && o.ChallengeLifetime <= TimeSpan.FromMinutes(30), "PasskeyOptions.ChallengeLifetime must be more than zero and at most 30 minutes.")
            .Validate(o => o.MaxPerAccount > 0, "PasskeyOptions.MaxPerAccount must be positive.")
            .Validate(o => o.Origins.All(IsOrigin), "PasskeyOptions.Origins must be absolute http(s) origins without a path.")
            .ValidateOnStart();
        builder.Services.TryAddSingleton(sp => new AccountPasskeys(
            sp.GetRequiredService<ISchoolDirectoryStore>(),
            Store(sp),
            sp.GetRequiredService<ICredentialStore>(),
            sp.GetRequiredService<SessionTickets>(),
            sp.GetRequiredService<MailComposer>(),
            sp.GetRequiredService<TimeProvider>(),
            sp.GetRequiredService<IOptions<PasskeyOptions>>(),
            sp.GetRequiredService<AccessTextProvider>()));
        builder.Services.TryAddSingleton(sp => new PasskeySignIn(
            sp.GetRequiredService<ISchoolDirectoryStore>(),
            sp.GetRequiredService<ICredentialStore>(),
            Store(sp),
            sp.GetRequiredService<AccountSignIn>(),
            sp.GetRequiredService<AccountPasskeys>(),
            sp.GetRequiredService<TimeProvider>(),
            sp.GetRequiredService<IOptions<PasskeyOptions>>()));
        return builder;
    }

    private static IPasskeyStore Store(IServiceProvider services) =>
        services.GetService<IPasskeyStore>() ?? throw new InvalidOperationException(MissingStoreMessage);

    private static bool IsOrigin(string origin) =>
        Uri.TryCreate(origin, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttps || uri.Scheme == Uri.UriSchemeHttp) && uri.AbsolutePath == "/" && string.IsNullOrEmpty(uri.Query);
}
