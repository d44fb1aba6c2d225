using Uonet.Access.Credentials;
using Uonet.Access.Credentials.Passwords;

namespace Uonet.Access.Sodium;

/// <summary>
/// Argon2id computed by libsodium (<c>crypto_pwhash</c> with <c>crypto_pwhash_ALG_ARGON2ID13</c>) through Geralt: native
/// code with the platform's vector instructions, its memory allocated and freed outside the managed heap.
/// </summary>
/// <remarks>
/// libsodium computes one lane only, takes a salt of exactly 16 bytes (<c>crypto_pwhash_SALTBYTES</c>), a tag of at
/// least 16 bytes (<c>crypto_pwhash_BYTES_MIN</c>) and, through Geralt, a memory size in bytes that fits an
/// <see cref="int"/> (less than 2 GiB). Within those it writes the reference implementation's tag; outside them
/// <see cref="Argon2idPasswordHasher"/> computes on its managed default.
/// </remarks>
internal sealed class SodiumArgon2id : IArgon2idFunction
{
    /// <summary>The only salt length libsodium accepts.</summary>
    public const int SaltLength = 16;

    /// <summary>The least tag length libsodium computes.</summary>
    public const int MinTagLength = 16;

    /// <summary>The most memory Geralt passes to libsodium, in KiB (its memory size is an <see cref="int"/> of bytes).</summary>
    public const int MaxMemoryKiB = int.MaxValue / 1024;

    public static SodiumArgon2id Instance { get; } = new();

    private SodiumArgon2id()
    {
    }

    public bool Supports(Argon2Parameters parameters, int saltLength, int tagLength) =>
        parameters.Parallelism == 1
        && parameters.MemoryKiB is >= Geralt.Argon2id.MinMemorySize / 1024 and <= MaxMemoryKiB
        && parameters.Iterations >= Geralt.Argon2id.MinIterations
        && saltLength == SaltLength
        && tagLength >= MinTagLength;

    // The call runs on the caller's thread: it is CPU work either way, and a hop to another thread would only add one.
    public ValueTask<byte[]> ComputeAsync(byte[] password, byte[] salt, Argon2Parameters parameters, int tagLength)
    {
        var tag = new byte[tagLength];
        Geralt.Argon2id.DeriveKey(tag, password, salt, parameters.Iterations, parameters.MemoryKiB * 1024);
        return ValueTask.FromResult(tag);
    }

    /// <summary>Every configured number libsodium cannot hash with, each a sentence naming the option; empty when none.</summary>
    public static List<string> Problems(PasswordHashingOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var problems = new List<string>();
        if (options.Parallelism != 1)
        {
            problems.Add($"{nameof(options.Parallelism)} must be 1: libsodium computes one lane (was {options.Parallelism}).");
        }

        if (options.SaltLength != SaltLength)
        {
            problems.Add($"{nameof(options.SaltLength)} must be {SaltLength} bytes, the only salt libsodium takes (was {options.SaltLength}).");
        }

        if (options.HashLength < MinTagLength)
        {
            problems.Add($"{nameof(options.HashLength)} must be at least {MinTagLength} bytes for libsodium (was {options.HashLength}).");
        }

        if (options.MemoryKiB > MaxMemoryKiB)
        {
            problems.Add($"{nameof(options.MemoryKiB)} must be at most {MaxMemoryKiB} (just under 2 GiB) for libsodium (was {options.MemoryKiB}).");
        }

        return problems;
    }
}
