namespace Uonet.Access.MailKit;

/// <summary>Where and how <see cref="SmtpMailSender"/> submits mail. Validated when the host starts.</summary>
public sealed class SmtpOptions
{
    /// <summary>The SMTP server's host name or address. Required.</summary>
    public string Host { get; set; } = string.Empty;

    /// <summary>The server's port, 1–65535. Default 587 (submission with STARTTLS); 465 goes with <see cref="SmtpSecurity.SslOnConnect"/>.</summary>
    public int Port { get; set; } = 587;

    /// <summary>How the connection is protected. Default <see cref="SmtpSecurity.StartTls"/>.</summary>
    public SmtpSecurity Security { get; set; } = SmtpSecurity.StartTls;

    /// <summary>The user name to authenticate with, or <see langword="null"/> for a server that takes mail without authentication.</summary>
    public string? UserName { get; set; }

    /// <summary>The password of <see cref="UserName"/>. Never written to errors or logs.</summary>
    public string? Password { get; set; }

    /// <summary>How long connecting and each SMTP command may take, 1 second to 10 minutes. Default 30 seconds.</summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>The name this machine gives in EHLO, or <see langword="null"/> for MailKit's default (the machine's name).</summary>
    public string? LocalDomain { get; set; }

    /// <summary>Whether the server's TLS certificate is checked against its revocation list. Default <see langword="true"/>.</summary>
    public bool CheckCertificateRevocation { get; set; } = true;

    internal SmtpOptions Copy() => (SmtpOptions)MemberwiseClone();
}
