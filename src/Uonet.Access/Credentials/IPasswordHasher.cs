namespace Uonet.Access.Credentials;

/// <summary>
/// Turns passwords into self-describing hash strings and checks passwords against them. The default is Argon2id
/// in the PHC string format (<c>$argon2id$v=19$m=…,t=…,p=…$salt$hash</c>), so hashes move between implementations.
/// </summary>
public interface IPasswordHasher
{
    /// <summary>Hashes a password with a fresh random salt and the configured parameters.</summary>
    /// <param name="password">The password, already normalized by the caller.</param>
    /// <param name="cancellationToken">Cancels waiting for a hashing slot (a running hash is not interrupted).</param>
    /// <returns>The encoded hash.</returns>
    ValueTask<string> HashAsync(string password, CancellationToken cancellationToken);

    /// <summary>Checks a password against an encoded hash in constant time.</summary>
    /// <param name="password">The password, already normalized by the caller.</param>
    /// <param name="encodedHash">A hash made by <see cref="HashAsync"/> (now or with older parameters).</param>
    /// <param name="cancellationToken">Cancels waiting for a hashing slot.</param>
    /// <returns>Whether it matches, and whether the hash should be remade with the current parameters.</returns>
    ValueTask<PasswordVerificationResult> VerifyAsync(string password, string encodedHash, CancellationToken cancellationToken);
}

/// <summary>The outcome of <see cref="IPasswordHasher.VerifyAsync"/>.</summary>
public enum PasswordVerificationResult
{
    /// <summary>The password does not match (or the stored hash is unreadable).</summary>
    Failed = 0,

    /// <summary>The password matches.</summary>
    Success = 1,

    /// <summary>The password matches, but the hash uses weaker parameters than configured: store a new hash.</summary>
    SuccessRehashNeeded = 2,
}
