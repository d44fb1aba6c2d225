namespace Uonet.Access.Mail;

/// <summary>
/// The keys that protect outbox mail at rest with AES-256-GCM (the default <see cref="IMailProtector"/>). Several keys
/// may be configured by id, so mail protected with an older key still sends after a rotation; new mail uses the
/// current key. Configure either <see cref="Keys"/> or a <see cref="KeyFile"/>.
/// </summary>
public sealed class MailProtectionOptions
{
    /// <summary>
    /// Keys by id: each a base64 string of 32 random bytes (e.g. <c>openssl rand -base64 32</c>). Ids are 1–32 letters,
    /// digits, <c>-</c> or <c>_</c>. From configuration: <c>UonetAccess:Mail:Protection:Keys:2026-09 = …</c>.
    /// </summary>
    public IDictionary<string, string> Keys { get; } = new Dictionary<string, string>(StringComparer.Ordinal);

    /// <summary>The id of the key new mail is protected with; may be left empty when exactly one key is configured.</summary>
    public string? CurrentKeyId { get; set; }

    /// <summary>
    /// A file of keys, one <c>id:base64</c> per line, the last line being the current key, used when <see cref="Keys"/>
    /// is empty. In the <c>Development</c> environment a missing file is created with one fresh key, readable by its
    /// owner only (0600 on Unix), so that hosts sharing one database (the portal and the console tool) share the key.
    /// <c>UseSqlite</c> sets it beside the database file (<c>&lt;database&gt;.mail-keys</c>) unless set.
    /// </summary>
    public string? KeyFile { get; set; }
}
