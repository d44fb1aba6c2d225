using System.Diagnostics.CodeAnalysis;
using System.Security.Cryptography;
using Microsoft.AspNetCore.DataProtection;
using Uonet.Access.Mail;

namespace Uonet.Access.AspNetCore.Outbox;

/// <summary>
/// Protects outbox mail at rest with ASP.NET Core Data Protection: its key ring (persisted and rotated as the host
/// configures it, e.g. <c>PersistKeysToFileSystem</c> shared by every web node) replaces the AES keys of
/// <c>options.Mail.Protection</c>. Each value carries the id of the key that protected it, as Data Protection payloads do.
/// </summary>
internal sealed class DataProtectionMailProtector(IDataProtectionProvider provider) : IMailProtector
{
    public const string Purpose = "Uonet.Access.Mail.Outbox.v1";
    private const string Prefix = "dp1:";

    private readonly IDataProtector _protector = provider.CreateProtector(Purpose);

    public string Protect(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        return Prefix + _protector.Protect(value);
    }

    public bool TryUnprotect(string protectedValue, [NotNullWhen(true)] out string? value, [NotNullWhen(false)] out string? error)
    {
        ArgumentNullException.ThrowIfNull(protectedValue);
        value = null;
        if (!protectedValue.StartsWith(Prefix, StringComparison.Ordinal))
        {
            error = "MailProtection: the value is not mail protected with Data Protection (no 'dp1:' prefix).";
            return false;
        }

        try
        {
            value = _protector.Unprotect(protectedValue[Prefix.Length..]);
            error = null;
            return true;
        }
        catch (CryptographicException exception)
        {
            // Data Protection's messages name the missing key's id, never key material.
            error = "MailProtection (Data Protection): " + exception.Message;
            return false;
        }
    }
}
