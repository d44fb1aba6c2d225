using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;

namespace Uonet.Access.AspNetCore.DependencyInjection;

/// <summary>Checks the integration's options at start-up, every problem in one message, each saying how to fix it.</summary>
internal sealed class AspNetCoreOptionsValidator : IValidateOptions<UonetAccessAspNetCoreOptions>
{
    public ValidateOptionsResult Validate(string? name, UonetAccessAspNetCoreOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = new List<string>();
        CheckCookieName(failures, nameof(options.SessionCookieName), options.SessionCookieName);
        CheckCookieName(failures, nameof(options.SecondStepCookieName), options.SecondStepCookieName);
        if (string.Equals(options.SessionCookieName, options.SecondStepCookieName, StringComparison.OrdinalIgnoreCase))
        {
            failures.Add("UonetAccessAspNetCoreOptions.SessionCookieName and SecondStepCookieName must differ: give each cookie its own name.");
        }

        if (options.SessionCookieSameSite is not (SameSiteMode.Lax or SameSiteMode.Strict))
        {
            failures.Add($"UonetAccessAspNetCoreOptions.SessionCookieSameSite must be Lax or Strict (it is {options.SessionCookieSameSite}): a session cookie sent with cross-site posts invites request forgery.");
        }

        if (options.SecondStepLifetime < TimeSpan.FromMinutes(1) || options.SecondStepLifetime > TimeSpan.FromMinutes(15))
        {
            failures.Add($"UonetAccessAspNetCoreOptions.SecondStepLifetime must be between 1 and 15 minutes (it is {options.SecondStepLifetime}).");
        }

        if (options.MaxMobileBodyBytes is < 1024 or > 1024 * 1024)
        {
            failures.Add($"UonetAccessAspNetCoreOptions.MaxMobileBodyBytes must be between 1024 and 1048576 (it is {options.MaxMobileBodyBytes}).");
        }

        if (options.OutboxDeliveryInterval is { } interval && interval < TimeSpan.FromSeconds(1))
        {
            failures.Add($"UonetAccessAspNetCoreOptions.OutboxDeliveryInterval must be at least one second, or null to run no delivery service (it is {interval}).");
        }

        if (options.RetentionInterval is { } retention && retention < TimeSpan.FromMinutes(1))
        {
            failures.Add($"UonetAccessAspNetCoreOptions.RetentionInterval must be at least one minute, or null to run no retention job (it is {retention}).");
        }

        CheckPath(failures, nameof(options.SignInPath), options.SignInPath);
        CheckPath(failures, nameof(options.AccessDeniedPath), options.AccessDeniedPath);
        CheckParameter(failures, nameof(options.SignInReturnUrlParameter), options.SignInReturnUrlParameter);
        CheckParameter(failures, nameof(options.SignInReasonParameter), options.SignInReasonParameter);
        if (!string.IsNullOrEmpty(options.SignInReturnUrlParameter) && string.Equals(options.SignInReturnUrlParameter, options.SignInReasonParameter, StringComparison.Ordinal))
        {
            failures.Add("UonetAccessAspNetCoreOptions.SignInReturnUrlParameter and SignInReasonParameter must differ: give each query parameter its own name.");
        }

        if (string.IsNullOrWhiteSpace(options.UnitRouteValue))
        {
            failures.Add("UonetAccessAspNetCoreOptions.UnitRouteValue must name the route value that holds a unit code, e.g. \"unit\".");
        }

        if (string.IsNullOrWhiteSpace(options.MaintenanceBypassPolicy))
        {
            failures.Add("UonetAccessAspNetCoreOptions.MaintenanceBypassPolicy must name an authorization policy, e.g. UonetPolicies.Administrator.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    private static void CheckCookieName(List<string> failures, string option, string? value)
    {
        if (string.IsNullOrWhiteSpace(value) || value.Any(c => c <= ' ' || c >= 0x7F || "()<>@,;:\\\"/[]?={}".Contains(c, StringComparison.Ordinal)))
        {
            failures.Add($"UonetAccessAspNetCoreOptions.{option} must be a cookie name of visible ASCII letters, digits and -_. (it is '{value}').");
        }
    }

    private static void CheckParameter(List<string> failures, string option, string? value)
    {
        if (!string.IsNullOrEmpty(value) && !value.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.'))
        {
            failures.Add($"UonetAccessAspNetCoreOptions.{option} must be a query parameter name of ASCII letters, digits and -_. or empty for none (it is '{value}').");
        }
    }

    private static void CheckPath(List<string> failures, string option, PathString value)
    {
        if (value.HasValue && (value.Value!.Contains("//", StringComparison.Ordinal) || value.Value.Contains('?', StringComparison.Ordinal)))
        {
            failures.Add($"UonetAccessAspNetCoreOptions.{option} must be a path under the instance such as /logowanie, without a query (it is '{value}').");
        }
    }
}
