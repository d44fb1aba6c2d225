using System.Diagnostics.CodeAnalysis;

namespace Uonet.Access.Mail;

/// <summary>
/// Encrypts the secret-bearing parts of outbox mail (bodies and link) before they reach the store, so that a copy of
/// the database (a backup, a replica, a leaked file) holds no usable first-login link. The default uses AES-GCM with
/// the keys of <see cref="MailProtectionOptions"/>; <c>Uonet.Access.AspNetCore</c> offers ASP.NET Core Data Protection.
/// </summary>
public interface IMailProtector
{
    /// <summary>Encrypts and authenticates <paramref name="value"/> with the current key; the result names its key.</summary>
    /// <param name="value">A body or link in clear.</param>
    string Protect(string value);

    /// <summary>
    /// Decrypts a value made by <see cref="Protect"/>. Fails (never returns an empty or partial value) when its key is
    /// not configured any more or the value was altered.
    /// </summary>
    /// <param name="protectedValue">The value as stored.</param>
    /// <param name="value">The value in clear, when it could be read.</param>
    /// <param name="error">Why it could not be read (names the key id, never key material), when it could not.</param>
    bool TryUnprotect(string protectedValue, [NotNullWhen(true)] out string? value, [NotNullWhen(false)] out string? error);
}
