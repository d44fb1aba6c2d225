namespace Uonet.Access.Credentials;

/// <summary>
/// Argon2id parameters. The defaults are the OWASP Password Storage row m=19456 KiB, t=2, p=1 (≈19 MiB per hash).
/// </summary>
public sealed class PasswordHashingOptions
{
    /// <summary>Memory in KiB. Default 19,456 (OWASP). At least 8 × <see cref="Parallelism"/>.</summary>
    public int MemoryKiB { get; set; } = 19_456;

    /// <summary>Passes over memory. Default 2 (OWASP).</summary>
    public int Iterations { get; set; } = 2;

    /// <summary>Lanes. Default 1 (OWASP); the web server's parallelism comes from concurrent requests instead.</summary>
    public int Parallelism { get; set; } = 1;

    /// <summary>Salt length in bytes. Default 16 (128 bits, RFC 9106 recommendation).</summary>
    public int SaltLength { get; set; } = 16;

    /// <summary>Hash (tag) length in bytes. Default 32.</summary>
    public int HashLength { get; set; } = 32;

    /// <summary>
    /// How many hashes may run at once; further callers wait (honouring cancellation). Each hash holds
    /// <see cref="MemoryKiB"/> of managed memory, so this bounds memory under a burst of sign-ins.
    /// Default: the processor count (hashing is CPU-bound, more would only queue inside the thread pool).
    /// </summary>
    public int MaxConcurrentHashes { get; set; } = Math.Max(1, Environment.ProcessorCount);
}
