using System.CommandLine;
using System.Globalization;
using Microsoft.Extensions.DependencyInjection;
using Uonet.Access.DependencyInjection;
using Uonet.Access.MailKit;
using Uonet.Access.Sample.Console.Output;

namespace Uonet.Access.Sample.Console.Hosting;

/// <summary>
/// Where <c>outbox dispatch</c> delivers: SMTP when a host is configured (options or UONET_ACCESS_SMTP_* variables),
/// otherwise a pickup folder of .eml files. The SMTP password comes only from the environment, never an argument.
/// </summary>
internal sealed record MailDelivery(string Sender, string Target, Action<UonetAccessBuilder> Register)
{
    public const string DefaultPickupFolder = "uonet-access-mail";

    public static readonly Option<string> SmtpHost = new("--smtp-host")
    {
        Description = "Deliver through this SMTP server (or UONET_ACCESS_SMTP_HOST). Also UONET_ACCESS_SMTP_USER, UONET_ACCESS_SMTP_PASSWORD, UONET_ACCESS_SMTP_FROM.",
        HelpName = "host",
    };

    public static readonly Option<int?> SmtpPort = new("--smtp-port")
    {
        Description = "The SMTP port (or UONET_ACCESS_SMTP_PORT). Default 587.",
        HelpName = "port",
    };

    public static readonly Option<SmtpSecurity?> SmtpSecurityOption = new("--smtp-security")
    {
        Description = "None, StartTls (default), StartTlsWhenAvailable or SslOnConnect (or UONET_ACCESS_SMTP_SECURITY).",
        HelpName = "mode",
    };

    public static readonly Option<string> PickupFolder = new("--pickup-folder")
    {
        Description = $"Without SMTP, write .eml files here (or UONET_ACCESS_PICKUP_FOLDER). Default: {DefaultPickupFolder} in the current directory.",
        HelpName = "folder",
    };

    public static IEnumerable<Option> Options => [SmtpHost, SmtpPort, SmtpSecurityOption, PickupFolder];

    public static MailDelivery From(ParseResult parse)
    {
        var host = parse.GetValue(SmtpHost) ?? Variable("SMTP_HOST");
        if (string.IsNullOrWhiteSpace(host))
        {
            var folder = Path.GetFullPath(parse.GetValue(PickupFolder) ?? Variable("PICKUP_FOLDER") ?? DefaultPickupFolder);
            return new MailDelivery("pickup", folder, builder => builder.UsePickupFolder(folder));
        }

        var port = parse.GetValue(SmtpPort) ?? ParseVariable<int>("SMTP_PORT", text => int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value) ? value : null) ?? 587;
        var security = parse.GetValue(SmtpSecurityOption) ?? ParseVariable<SmtpSecurity>("SMTP_SECURITY", text => Enum.TryParse<SmtpSecurity>(text, ignoreCase: true, out var value) ? value : null) ?? SmtpSecurity.StartTls;
        var user = Variable("SMTP_USER");
        var password = Variable("SMTP_PASSWORD");
        var from = Variable("SMTP_FROM");
        return new MailDelivery("smtp", string.Create(CultureInfo.InvariantCulture, $"{host}:{port}"), builder =>
        {
            builder.UseSmtp(smtp =>
            {
                smtp.Host = host;
                smtp.Port = port;
                smtp.Security = security;
                smtp.UserName = user;
                smtp.Password = password;
            });
            if (from is not null)
            {
                builder.Services.Configure<UonetAccessOptions>(options => options.Mail.FromAddress = from);
            }
        });
    }

    private static string? Variable(string name) => Environment.GetEnvironmentVariable("UONET_ACCESS_" + name) is { Length: > 0 } value ? value : null;

    private static T? ParseVariable<T>(string name, Func<string, T?> parse)
        where T : struct =>
        Variable(name) is not { } text ? null : parse(text) ?? throw new UsageFailure($"UONET_ACCESS_{name}='{text}' is not valid.");
}
