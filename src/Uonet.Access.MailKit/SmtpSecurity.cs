namespace Uonet.Access.MailKit;

/// <summary>How the connection to the SMTP server is protected.</summary>
public enum SmtpSecurity
{
    /// <summary>Plain text, no TLS: only for a relay on the same machine or a test server.</summary>
    None = 0,

    /// <summary>Connect in plain text and upgrade with STARTTLS; fail if the server does not offer it (port 587). The default.</summary>
    StartTls = 1,

    /// <summary>Upgrade with STARTTLS when the server offers it, else stay in plain text (open to a downgrade by anyone on the path).</summary>
    StartTlsWhenAvailable = 2,

    /// <summary>TLS from the first byte, "implicit TLS" (port 465).</summary>
    SslOnConnect = 3,
}
