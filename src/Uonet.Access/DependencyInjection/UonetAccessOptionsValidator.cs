using Microsoft.Extensions.Options;
using Uonet.Access.Credentials;
using Uonet.Access.Credentials.Passwords;

namespace Uonet.Access.DependencyInjection;

/// <summary>Checks options and the chosen adapters at start-up, reporting every problem together.</summary>
internal sealed class UonetAccessOptionsValidator(
    IEnumerable<StoreRegistration> stores,
    IEnumerable<MailSenderRegistration> mailSenders,
    IEnumerable<MailProtectorRegistration> mailProtectors,
    IHumanCheck humanCheck) : IValidateOptions<UonetAccessOptions>
{
    public const string MissingStoreMessage =
        "Uonet.Access has no store. Choose one where you call AddUonetAccess: .UseSqlite(\"Data Source=access.db\") " +
        "(package Uonet.Access.Sqlite), .UsePostgreSql(connectionString) (package Uonet.Access.PostgreSql), " +
        "or .UseInMemoryStore() for tests and demos.";

    public const string MissingMailSenderMessage =
        "Uonet.Access has no mail sender. Choose one where you call AddUonetAccess: .UseSmtp(...) (package " +
        "Uonet.Access.MailKit), .UseMailSender(sp => new MySender()), or .UsePickupFolder(\"mail\") for development.";

    public ValidateOptionsResult Validate(string? name, UonetAccessOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = new List<string>();
        failures.AddRange(StoreComposition.Check([.. stores]));

        if (!mailSenders.Any())
        {
            failures.Add(MissingMailSenderMessage);
        }

        var development = string.Equals(options.EnvironmentName, "Development", StringComparison.OrdinalIgnoreCase);
        if (!mailProtectors.Any())
        {
            failures.AddRange(Mail.MailKeyRing.Validate(options.Mail.Protection, development));
        }

        if (humanCheck is DevelopmentHumanCheck && !development && !options.AccessLinks.AllowDevelopmentHumanCheck)
        {
            failures.Add(
                $"Uonet.Access uses DevelopmentHumanCheck (accepts everyone) in the '{options.EnvironmentName}' environment. " +
                "Register your captcha with .UseHumanCheck<MyCaptcha>(), or set options.AccessLinks.AllowDevelopmentHumanCheck = true for a test server.");
        }

        if (options.Import.MaxRows is < 1 or > 1_000_000)
        {
            failures.Add($"UonetAccessOptions.Import.MaxRows must be between 1 and 1,000,000 (it is {options.Import.MaxRows}).");
        }

        failures.AddRange(Argon2idPasswordHasher.Validate(options.PasswordHashing).Select(p => "UonetAccessOptions.PasswordHashing: " + p));
        failures.AddRange(options.PasswordPolicy.Validate());
        failures.AddRange(options.Retention.Validate());
        CheckPolicy(failures, "AccessLinks.PerAddress", options.AccessLinks.PerAddress);
        CheckPolicy(failures, "AccessLinks.PerClient", options.AccessLinks.PerClient);
        CheckPolicy(failures, "SignIn.PerAddress", options.SignIn.PerAddress);
        CheckPolicy(failures, "SignIn.PerClient", options.SignIn.PerClient);
        if (options.SignIn.SecondFactorTicketLifetime < TimeSpan.FromSeconds(30) || options.SignIn.SecondFactorTicketLifetime > TimeSpan.FromMinutes(30))
        {
            failures.Add("SignIn.SecondFactorTicketLifetime must be between 30 seconds and 30 minutes: long enough to open an authenticator app, short enough that a ticket left behind is soon worthless.");
        }
        if (options.AccessLinks.TokenLifetime < TimeSpan.FromMinutes(1) || options.AccessLinks.TokenLifetime > TimeSpan.FromDays(7))
        {
            failures.Add("UonetAccessOptions.AccessLinks.TokenLifetime must be between 1 minute and 7 days.");
        }

        if (!options.AccessLinks.LinkTemplate.Contains("{token}", StringComparison.Ordinal) || Uri.TryCreate(options.AccessLinks.LinkTemplate, UriKind.Absolute, out _))
        {
            failures.Add("UonetAccessOptions.AccessLinks.LinkTemplate must be a relative address containing {token}.");
        }

        if (options.Sessions.IdleTimeout <= TimeSpan.Zero || options.Sessions.AbsoluteLifetime < options.Sessions.IdleTimeout)
        {
            failures.Add("UonetAccessOptions.Sessions: IdleTimeout must be positive and AbsoluteLifetime at least IdleTimeout.");
        }

        if (options.Sessions.Generation < 0)
        {
            failures.Add("UonetAccessOptions.Sessions.Generation must not be negative.");
        }

        if (options.Mail.DispatchBatchSize < 1 || options.Mail.ClaimDuration <= TimeSpan.Zero || options.Mail.RetryBaseDelay < TimeSpan.FromSeconds(1) || options.Mail.PermanentFailureDelay < TimeSpan.FromSeconds(1) || options.Mail.RetryMaxDelay < options.Mail.RetryBaseDelay)
        {
            failures.Add("UonetAccessOptions.Mail: DispatchBatchSize ≥ 1, ClaimDuration > 0, 1 s ≤ RetryBaseDelay ≤ RetryMaxDelay, PermanentFailureDelay ≥ 1 s.");
        }

        var devices = options.Devices;
        if (devices.PinTries is < 1 or > 10 || devices.PairingLifetime < TimeSpan.FromMinutes(1) || devices.PairingLifetime > TimeSpan.FromHours(1))
        {
            failures.Add("UonetAccessOptions.Devices: PinTries must be 1–10 and PairingLifetime between 1 minute and 1 hour.");
        }

        if (devices.SignatureClockSkew < TimeSpan.FromSeconds(10) || devices.SignatureClockSkew > TimeSpan.FromHours(1))
        {
            failures.Add("UonetAccessOptions.Devices.SignatureClockSkew must be between 10 seconds and 1 hour.");
        }

        if (string.IsNullOrWhiteSpace(devices.ApiPath) || !Uri.TryCreate(devices.ApiPath, UriKind.RelativeOrAbsolute, out var api)
            || (api.IsAbsoluteUri && api.Scheme != Uri.UriSchemeHttps && api.Scheme != Uri.UriSchemeHttp))
        {
            failures.Add($"UonetAccessOptions.Devices.ApiPath '{devices.ApiPath}' must be a relative path or an absolute http(s) address.");
        }

        if (options.Maintenance.DefaultRetryAfter <= TimeSpan.Zero || options.Maintenance.StatusCacheDuration < TimeSpan.Zero)
        {
            failures.Add("UonetAccessOptions.Maintenance: DefaultRetryAfter must be positive and StatusCacheDuration not negative.");
        }

        if (Records.EmailAddress.TryNormalize(options.Mail.FromAddress, out _) is not null)
        {
            failures.Add($"UonetAccessOptions.Mail.FromAddress '{options.Mail.FromAddress}' is not an e-mail address.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    private static void CheckPolicy(List<string> failures, string name, AttemptPolicy? policy)
    {
        if (policy is null || policy.Limit < 1 || policy.Window <= TimeSpan.Zero || policy.LockDuration <= TimeSpan.Zero)
        {
            failures.Add($"UonetAccessOptions.{name} needs a limit ≥ 1 and positive window and lock duration.");
        }
    }
}
