using System.Net;
using Microsoft.Extensions.Options;

namespace Uonet.Access.MailKit;

/// <summary>Checks <see cref="SmtpOptions"/> at start-up, reporting every problem together.</summary>
internal sealed class SmtpOptionsValidator : IValidateOptions<SmtpOptions>
{
    private static readonly TimeSpan MinimumTimeout = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan MaximumTimeout = TimeSpan.FromMinutes(10);

    public ValidateOptionsResult Validate(string? name, SmtpOptions options)
    {
        var failures = Failures(options);
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    public static List<string> Failures(SmtpOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = new List<string>();
        if (string.IsNullOrWhiteSpace(options.Host) || options.Host.Any(c => char.IsWhiteSpace(c) || char.IsControl(c)))
        {
            failures.Add("SmtpOptions.Host is required: the SMTP server's host name or address, without spaces (e.g. \"smtp.example.pl\").");
        }

        if (options.Port is < 1 or > 65535)
        {
            failures.Add($"SmtpOptions.Port must be between 1 and 65535 (it is {options.Port}); 587 for STARTTLS, 465 for SslOnConnect.");
        }

        if (!Enum.IsDefined(options.Security))
        {
            failures.Add($"SmtpOptions.Security '{options.Security}' is not one of None, StartTls, StartTlsWhenAvailable, SslOnConnect.");
        }

        if (options.Timeout < MinimumTimeout || options.Timeout > MaximumTimeout)
        {
            failures.Add($"SmtpOptions.Timeout must be between 1 second and 10 minutes (it is {options.Timeout}).");
        }

        var hasUser = !string.IsNullOrEmpty(options.UserName);
        if (hasUser != !string.IsNullOrEmpty(options.Password))
        {
            failures.Add("SmtpOptions.UserName and SmtpOptions.Password go together: set both to authenticate, or neither.");
        }

        // A password sent where TLS is optional can be read by anyone on the path; on loopback there is no path.
        if (hasUser && (options.Security is SmtpSecurity.None or SmtpSecurity.StartTlsWhenAvailable) && !IsLoopback(options.Host))
        {
            failures.Add($"SmtpOptions: credentials would cross the network without guaranteed encryption (Security = {options.Security}). Use StartTls or SslOnConnect.");
        }

        if (options.LocalDomain is not null && (options.LocalDomain.Length == 0 || options.LocalDomain.Any(c => char.IsWhiteSpace(c) || char.IsControl(c))))
        {
            failures.Add("SmtpOptions.LocalDomain must be null (the machine's name) or a host name without spaces.");
        }

        return failures;
    }

    private static bool IsLoopback(string? host) =>
        string.Equals(host, "localhost", StringComparison.OrdinalIgnoreCase) || (IPAddress.TryParse(host, out var address) && IPAddress.IsLoopback(address));
}
