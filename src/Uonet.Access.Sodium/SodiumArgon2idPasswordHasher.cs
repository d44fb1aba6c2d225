using Microsoft.Extensions.Options;
using Uonet.Access.Credentials;
using Uonet.Access.Credentials.Passwords;

namespace Uonet.Access.Sodium;

/// <summary>
/// An <see cref="IPasswordHasher"/> computing Argon2id with libsodium: the same PHC strings as the default
/// <see cref="Argon2idPasswordHasher"/>, each readable by the other, at a fraction of its time and with no memory on the
/// managed heap. Register it with <c>services.AddUonetAccess(...).UseSodiumHasher()</c>.
/// </summary>
/// <remarks>
/// <para>
/// Everything but the computation is the default hasher's own code: the parameters from
/// <see cref="UonetAccessOptions.PasswordHashing"/>, the strict reading of PHC strings, the cap of
/// <see cref="PasswordHashingOptions.MaxConcurrentHashes"/> on hashes running at once (a cancelled wait computes
/// nothing), the constant-time comparison, and the rehash answer (any difference from the configured numbers, higher
/// or lower, as libsodium's <c>crypto_pwhash_str_needs_rehash</c> decides).
/// </para>
/// <para>
/// libsodium hashes with one lane and a 16-byte salt, so the configuration must say <c>Parallelism = 1</c> and
/// <c>SaltLength = 16</c> (the defaults) and a tag of at least 16 bytes; the constructor and the start-up validation
/// say which option is out. A stored hash libsodium cannot compute (several lanes, another salt length, a tag under
/// 16 bytes: written elsewhere or under other options) is verified on the managed default instead and answers
/// <see cref="PasswordVerificationResult.SuccessRehashNeeded"/>, so switching hashers never locks anybody out.
/// </para>
/// </remarks>
public sealed class SodiumArgon2idPasswordHasher : IPasswordHasher
{
    private readonly Argon2idPasswordHasher _hasher;

    /// <summary>Creates the hasher (normally resolved from DI).</summary>
    /// <param name="options">The library options; <see cref="UonetAccessOptions.PasswordHashing"/> is read once, here.</param>
    /// <exception cref="ArgumentException">The options are out of range or not computable by libsodium; the message lists every problem.</exception>
    public SodiumArgon2idPasswordHasher(IOptions<UonetAccessOptions> options)
        : this(options, SodiumArgon2id.Instance)
    {
    }

    /// <summary>For tests: the same hasher over a wrapped libsodium function.</summary>
    internal SodiumArgon2idPasswordHasher(IOptions<UonetAccessOptions> options, IArgon2idFunction argon2id)
    {
        ArgumentNullException.ThrowIfNull(options);
        var problems = SodiumArgon2id.Problems(options.Value.PasswordHashing);
        if (problems.Count > 0)
        {
            throw new ArgumentException(
                $"{nameof(UonetAccessOptions)}.{nameof(UonetAccessOptions.PasswordHashing)} does not suit libsodium: {string.Join(" ", problems)}",
                nameof(options));
        }

        _hasher = new Argon2idPasswordHasher(options, argon2id);
    }

    /// <inheritdoc />
    /// <exception cref="ArgumentException"><paramref name="password"/> is empty.</exception>
    public ValueTask<string> HashAsync(string password, CancellationToken cancellationToken) =>
        _hasher.HashAsync(password, cancellationToken);

    /// <inheritdoc cref="Argon2idPasswordHasher.VerifyAsync"/>
    public ValueTask<PasswordVerificationResult> VerifyAsync(string password, string encodedHash, CancellationToken cancellationToken) =>
        _hasher.VerifyAsync(password, encodedHash, cancellationToken);
}
