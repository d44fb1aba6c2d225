using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Uonet.Access;
using Uonet.Access.DependencyInjection;
using Uonet.Access.MailKit;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers <see cref="SmtpMailSender"/> as the mail sender of Uonet.Access.</summary>
public static class SmtpUonetAccessBuilderExtensions
{
    /// <summary>
    /// Delivers mail over SMTP: <c>services.AddUonetAccess().UseSmtp(o =&gt; { o.Host = "smtp.example.pl"; … })</c>.
    /// The options are validated when the host starts (or when the sender is first resolved), every problem reported
    /// together; one sender, and so one reused connection, serves the process.
    /// </summary>
    /// <param name="builder">The builder from <c>AddUonetAccess</c>.</param>
    /// <param name="configure">Sets the server, security, credentials and timeouts.</param>
    public static UonetAccessBuilder UseSmtp(this UonetAccessBuilder builder, Action<SmtpOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(configure);
        builder.Services.AddOptions<SmtpOptions>().Configure(configure).ValidateOnStart();
        builder.Services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<SmtpOptions>, SmtpOptionsValidator>());
        return builder.UseMailSender(sp => new SmtpMailSender(
            sp.GetRequiredService<IOptions<SmtpOptions>>().Value,
            sp.GetRequiredService<IOptions<UonetAccessOptions>>().Value.Mail,
            sp.GetRequiredService<TimeProvider>()));
    }
}
