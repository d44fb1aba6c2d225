namespace Uonet.Access.Sample.Web.Hosting;

/// <summary>The portal's own settings (section <c>Portal</c>); the library's are in section <c>UonetAccess</c>.</summary>
public sealed class PortalOptions
{
    /// <summary>The SQLite file (<c>--db</c>), relative to the content root. Default <c>uonet-access.db</c>.</summary>
    public string Database { get; set; } = "uonet-access.db";

    /// <summary>A PostgreSQL connection string (<c>--postgres</c>); when set it wins over <see cref="Database"/>.</summary>
    public string? Postgres { get; set; }

    /// <summary>Loads the demo district into an empty database outside Development too (<c>--demo</c>).</summary>
    public bool Demo { get; set; }

    /// <summary>
    /// The address people and phones reach the portal at (<c>--public-url</c>), used for the demo instances' addresses
    /// (mail links, the pairing QR code). Default: the first address the server listens on.
    /// </summary>
    public string? PublicUrl { get; set; }

    /// <summary>Where mail goes as <c>.eml</c> files when no SMTP server is configured, relative to the content root.</summary>
    public string MailPickupFolder { get; set; } = "mail-pickup";

    /// <summary>How often the outbox is delivered. Default 5 seconds.</summary>
    public TimeSpan MailDispatchInterval { get; set; } = TimeSpan.FromSeconds(5);
}
