using System.Diagnostics.CodeAnalysis;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;

namespace Uonet.Access.Mail;

/// <summary>
/// The default <see cref="IMailProtector"/>: AES-256-GCM with a fresh 96-bit nonce per value, keyed from
/// <see cref="MailProtectionOptions"/>. A protected value is <c>mk1:&lt;key id&gt;:&lt;base64(nonce | tag | ciphertext)&gt;</c>;
/// the prefix and key id are authenticated too, so a value cannot be moved under another key id.
/// </summary>
internal sealed class AesGcmMailProtector : IMailProtector
{
    private const string Prefix = "mk1:";
    private const int NonceBytes = 12;
    private const int TagBytes = 16;

    private readonly MailKeyRing _keys;

    public AesGcmMailProtector(IOptions<UonetAccessOptions> options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var value = options.Value;
        _keys = MailKeyRing.Load(value.Mail.Protection, IsDevelopment(value));
    }

    internal AesGcmMailProtector(MailKeyRing keys) => _keys = keys;

    /// <summary>The id of the key new values are protected with.</summary>
    public string CurrentKeyId => _keys.CurrentId;

    public string Protect(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        var plain = Encoding.UTF8.GetBytes(value);
        var sealedBytes = new byte[NonceBytes + TagBytes + plain.Length];
        var nonce = sealedBytes.AsSpan(0, NonceBytes);
        RandomNumberGenerator.Fill(nonce);
        using (var aes = new AesGcm(_keys.Current, TagBytes))
        {
            aes.Encrypt(nonce, plain, sealedBytes.AsSpan(NonceBytes + TagBytes), sealedBytes.AsSpan(NonceBytes, TagBytes), Header(_keys.CurrentId));
        }

        return Prefix + _keys.CurrentId + ":" + Convert.ToBase64String(sealedBytes);
    }

    public bool TryUnprotect(string protectedValue, [NotNullWhen(true)] out string? value, [NotNullWhen(false)] out string? error)
    {
        ArgumentNullException.ThrowIfNull(protectedValue);
        value = null;
        var separator = protectedValue.StartsWith(Prefix, StringComparison.Ordinal) ? protectedValue.IndexOf(':', Prefix.Length) : -1;
        if (separator < 0 || !MailKeyRing.IsValidKeyId(protectedValue[Prefix.Length..separator]))
        {
            error = "MailProtection: the value is not protected mail (no 'mk1:<key id>:' prefix).";
            return false;
        }

        var keyId = protectedValue[Prefix.Length..separator];
        if (!_keys.TryGet(keyId, out var key))
        {
            error = $"MailProtection: key '{keyId}' is not configured (add it to options.Mail.Protection.Keys to send this mail).";
            return false;
        }

        // One spelling per value: base64 that decodes leniently (stray padding bits) is refused, not read.
        var text = protectedValue[(separator + 1)..];
        byte[] sealedBytes;
        try
        {
            sealedBytes = Convert.FromBase64String(text);
        }
        catch (FormatException)
        {
            sealedBytes = [];
        }

        if (sealedBytes.Length == 0 || Convert.ToBase64String(sealedBytes) != text)
        {
            error = $"MailProtection: the value under key '{keyId}' is not canonical base64.";
            return false;
        }

        if (sealedBytes.Length < NonceBytes + TagBytes)
        {
            error = $"MailProtection: the value under key '{keyId}' is too short.";
            return false;
        }

        var plain = new byte[sealedBytes.Length - NonceBytes - TagBytes];
        try
        {
            using var aes = new AesGcm(key, TagBytes);
            aes.Decrypt(sealedBytes.AsSpan(0, NonceBytes), sealedBytes.AsSpan(NonceBytes + TagBytes), sealedBytes.AsSpan(NonceBytes, TagBytes), plain, Header(keyId));
        }
        catch (AuthenticationTagMismatchException)
        {
            error = $"MailProtection: the value under key '{keyId}' fails authentication (altered, or made with another key of the same id).";
            return false;
        }

        value = Encoding.UTF8.GetString(plain);
        error = null;
        return true;
    }

    internal static bool IsDevelopment(UonetAccessOptions options) =>
        string.Equals(options.EnvironmentName, "Development", StringComparison.OrdinalIgnoreCase);

    private static byte[] Header(string keyId) => Encoding.ASCII.GetBytes(Prefix + keyId + ":");
}
