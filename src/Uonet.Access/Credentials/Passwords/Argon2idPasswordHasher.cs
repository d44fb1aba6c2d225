using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;

namespace Uonet.Access.Credentials.Passwords;

/// <summary>
/// The default <see cref="IPasswordHasher"/>: Argon2id v1.3 (RFC 9106), by default on Konscious.Security.Cryptography
/// (another <see cref="IArgon2idFunction"/>, such as libsodium's from Uonet.Access.Sodium, may compute it instead),
/// stored as a PHC string (<c>$argon2id$v=19$m=19456,t=2,p=1$salt$hash</c>, standard base64 without padding) exactly
/// as the reference implementation writes and reads it, so hashes move to and from other platforms unchanged.
/// </summary>
/// <remarks>
/// <para>
/// Parameters come from <see cref="UonetAccessOptions.PasswordHashing"/>, read once at construction. At most
/// <see cref="PasswordHashingOptions.MaxConcurrentHashes"/> hashes (hashing and verifying together) run at once,
/// whichever implementation computes them: each holds <see cref="PasswordHashingOptions.MemoryKiB"/> of memory (on the
/// managed heap under Konscious), so the cap is what keeps a burst of sign-ins from exhausting it. Further callers wait; a cancelled wait throws <see cref="OperationCanceledException"/>
/// and computes nothing. A hash that has started is not interrupted.
/// </para>
/// <para>
/// The password is hashed as its UTF-8 bytes, which are zeroed after use (the <see cref="string"/> itself is the
/// caller's and cannot be). An empty password cannot be hashed (Konscious refuses it, and no password policy allows
/// it): <see cref="HashAsync(string, CancellationToken)"/> throws and <see cref="VerifyAsync"/> answers
/// <see cref="PasswordVerificationResult.Failed"/>.
/// </para>
/// </remarks>
public sealed class Argon2idPasswordHasher : IPasswordHasher
{
    /// <summary>More lanes only add tasks: a web server's parallelism comes from concurrent requests.</summary>
    private const int MaxOptionsParallelism = 16;

    /// <summary>The least salt and tag we write: 128 bits, RFC 9106 §3.1's recommendation for the salt.</summary>
    private const int MinOptionsLength = 16;

    private readonly Argon2Parameters _parameters;
    private readonly int _saltLength;
    private readonly int _hashLength;
    private readonly SemaphoreSlim _slots;
    private readonly IArgon2idFunction _argon2id;

    /// <summary>Creates the hasher on Konscious (normally resolved from DI).</summary>
    /// <param name="options">The library options; <see cref="UonetAccessOptions.PasswordHashing"/> is read once, here.</param>
    /// <exception cref="ArgumentException">The options are out of range; the message lists every problem.</exception>
    public Argon2idPasswordHasher(IOptions<UonetAccessOptions> options)
        : this(options, KonsciousArgon2id.Instance)
    {
    }

    /// <summary>
    /// Creates the hasher on another implementation of Argon2id. A stored hash whose numbers <paramref name="argon2id"/>
    /// does not support is computed on Konscious, so every hash written before the switch still verifies (and, differing
    /// from the configured numbers, asks for a rehash).
    /// </summary>
    /// <param name="options">The library options; <see cref="UonetAccessOptions.PasswordHashing"/> is read once, here.</param>
    /// <param name="argon2id">Computes Argon2id; it must support the configured numbers.</param>
    /// <exception cref="ArgumentException">
    /// The options are out of range (the message lists every problem), or <paramref name="argon2id"/> does not support them.
    /// </exception>
    public Argon2idPasswordHasher(IOptions<UonetAccessOptions> options, IArgon2idFunction argon2id)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(argon2id);
        var hashing = options.Value.PasswordHashing;
        var problems = Validate(hashing);
        if (problems.Count > 0)
        {
            throw new ArgumentException(
                $"{nameof(UonetAccessOptions)}.{nameof(UonetAccessOptions.PasswordHashing)} is invalid: {string.Join(" ", problems)}",
                nameof(options));
        }

        _parameters = new Argon2Parameters(hashing.MemoryKiB, hashing.Iterations, hashing.Parallelism);
        _saltLength = hashing.SaltLength;
        _hashLength = hashing.HashLength;

        // New hashes must come from the implementation chosen; falling back for them would silently cost the difference.
        if (!argon2id.Supports(_parameters, _saltLength, _hashLength))
        {
            throw new ArgumentException(
                $"{argon2id.GetType().Name} cannot compute Argon2id with m={hashing.MemoryKiB}, t={hashing.Iterations}, p={hashing.Parallelism}, a {_saltLength}-byte salt and a {_hashLength}-byte tag ({nameof(UonetAccessOptions)}.{nameof(UonetAccessOptions.PasswordHashing)}).",
                nameof(argon2id));
        }

        _slots = new SemaphoreSlim(hashing.MaxConcurrentHashes, hashing.MaxConcurrentHashes);
        _argon2id = argon2id;
    }

    /// <inheritdoc />
    /// <exception cref="ArgumentException"><paramref name="password"/> is empty.</exception>
    public ValueTask<string> HashAsync(string password, CancellationToken cancellationToken) =>
        HashAsync(password, RandomNumberGenerator.GetBytes(_saltLength), cancellationToken);

    /// <inheritdoc />
    /// <remarks>
    /// The password is recomputed with the stored hash's own parameters, salt and tag length, and compared in constant
    /// time. A string that is not a well-formed Argon2id v=19 PHC string, or whose numbers are out of range (m from
    /// 8·p to 4 GiB, t from 1 to 1,024, p from 1 to 255, salt 8 to 1,024 bytes, tag 4 to 1,024 bytes), is
    /// <see cref="PasswordVerificationResult.Failed"/>, never an exception. On a match the answer is
    /// <see cref="PasswordVerificationResult.SuccessRehashNeeded"/> when the stored hash differs from what
    /// <see cref="HashAsync(string, CancellationToken)"/> writes now in any of memory, iterations, lanes, salt length
    /// or tag length — higher as well as lower, as libsodium's <c>crypto_pwhash_str_needs_rehash</c> decides: lower is
    /// weaker, higher costs every sign-in more memory or time than the configured cap was sized for. Otherwise
    /// <see cref="PasswordVerificationResult.Success"/>.
    /// </remarks>
    public async ValueTask<PasswordVerificationResult> VerifyAsync(string password, string encodedHash, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(password);
        ArgumentNullException.ThrowIfNull(encodedHash);
        if (password.Length == 0 || !PhcArgon2String.TryParse(encodedHash, out var stored))
        {
            return PasswordVerificationResult.Failed;
        }

        var computed = await ComputeAsync(password, stored.Salt, stored.Parameters, stored.Hash.Length, cancellationToken).ConfigureAwait(false);
        if (!CryptographicOperations.FixedTimeEquals(computed, stored.Hash))
        {
            return PasswordVerificationResult.Failed;
        }

        return stored.Parameters == _parameters && stored.Salt.Length == _saltLength && stored.Hash.Length == _hashLength
            ? PasswordVerificationResult.Success
            : PasswordVerificationResult.SuccessRehashNeeded;
    }

    /// <summary>Hashes with a given salt and the configured parameters: for test vectors, never for storage.</summary>
    internal async ValueTask<string> HashAsync(string password, byte[] salt, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(password);
        ArgumentNullException.ThrowIfNull(salt);
        var hash = await ComputeAsync(password, salt, _parameters, _hashLength, cancellationToken).ConfigureAwait(false);
        return new PhcArgon2String(_parameters, salt, hash).ToString();
    }

    /// <summary>Every problem with the options, each a sentence naming the property; empty when they are usable.</summary>
    internal static List<string> Validate(PasswordHashingOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var problems = new List<string>();
        if (options.Parallelism is < 1 or > MaxOptionsParallelism)
        {
            problems.Add($"{nameof(options.Parallelism)} must be between 1 and {MaxOptionsParallelism} (was {options.Parallelism}).");
        }

        if (options.MemoryKiB < 8L * Math.Max(1, options.Parallelism) || options.MemoryKiB > PhcArgon2String.MaxMemoryKiB)
        {
            problems.Add($"{nameof(options.MemoryKiB)} must be at least 8 × {nameof(options.Parallelism)} ({8L * Math.Max(1, options.Parallelism)}) and at most {PhcArgon2String.MaxMemoryKiB} (4 GiB) (was {options.MemoryKiB}).");
        }

        if (options.Iterations is < 1 or > PhcArgon2String.MaxIterations)
        {
            problems.Add($"{nameof(options.Iterations)} must be between 1 and {PhcArgon2String.MaxIterations} (was {options.Iterations}).");
        }

        if (options.SaltLength is < MinOptionsLength or > PhcArgon2String.MaxSaltLength)
        {
            problems.Add($"{nameof(options.SaltLength)} must be between {MinOptionsLength} and {PhcArgon2String.MaxSaltLength} bytes (was {options.SaltLength}).");
        }

        if (options.HashLength is < MinOptionsLength or > PhcArgon2String.MaxHashLength)
        {
            problems.Add($"{nameof(options.HashLength)} must be between {MinOptionsLength} and {PhcArgon2String.MaxHashLength} bytes (was {options.HashLength}).");
        }

        if (options.MaxConcurrentHashes < 1)
        {
            problems.Add($"{nameof(options.MaxConcurrentHashes)} must be at least 1 (was {options.MaxConcurrentHashes}).");
        }

        return problems;
    }

    private async Task<byte[]> ComputeAsync(string password, byte[] salt, Argon2Parameters parameters, int hashLength, CancellationToken cancellationToken)
    {
        // A cancelled or already-cancelled wait throws here, before any memory is taken or any work done.
        await _slots.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var argon2id = _argon2id.Supports(parameters, salt.Length, hashLength) ? _argon2id : KonsciousArgon2id.Instance;
            var passwordBytes = Encoding.UTF8.GetBytes(password);
            try
            {
                return await argon2id.ComputeAsync(passwordBytes, salt, parameters, hashLength).ConfigureAwait(false);
            }
            finally
            {
                CryptographicOperations.ZeroMemory(passwordBytes);
            }
        }
        finally
        {
            _slots.Release();
        }
    }
}
