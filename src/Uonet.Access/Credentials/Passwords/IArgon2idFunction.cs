namespace Uonet.Access.Credentials.Passwords;

/// <summary>
/// An implementation of the Argon2id function (RFC 9106, version 1.3) for <see cref="Argon2idPasswordHasher"/>, which
/// keeps everything around it: the configured parameters, the PHC strings, the cap on concurrent hashes, the rehash
/// decision and the constant-time comparison. The default is managed (Konscious.Security.Cryptography); the package
/// Uonet.Access.Sodium supplies libsodium's.
/// </summary>
/// <remarks>Implementations are shared by every caller of the hasher, so they must be safe to call concurrently.</remarks>
public interface IArgon2idFunction
{
    /// <summary>
    /// Whether <see cref="ComputeAsync"/> computes the standard tag for these numbers. Where it does not (libsodium,
    /// for one, has a single lane and a 16-byte salt), the hasher computes that hash with the managed default instead,
    /// so a stored hash verifies whichever implementation wrote it.
    /// </summary>
    /// <param name="parameters">Memory, passes and lanes; within the limits of the PHC strings the hasher reads.</param>
    /// <param name="saltLength">The salt's length in bytes.</param>
    /// <param name="tagLength">The tag's length in bytes.</param>
    bool Supports(Argon2Parameters parameters, int saltLength, int tagLength);

    /// <summary>Computes the Argon2id tag of <paramref name="password"/>; called only with numbers it <see cref="Supports"/>.</summary>
    /// <param name="password">The password's UTF-8 bytes, never empty; the hasher zeroes them after the call.</param>
    /// <param name="salt">The salt.</param>
    /// <param name="parameters">Memory, passes and lanes.</param>
    /// <param name="tagLength">How many bytes of tag to compute (Argon2's output length <c>T</c>, not a truncation).</param>
    /// <returns>A new array of <paramref name="tagLength"/> bytes.</returns>
    ValueTask<byte[]> ComputeAsync(byte[] password, byte[] salt, Argon2Parameters parameters, int tagLength);
}
