using System.Security.Cryptography;
using System.Text;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;
using Uonet.Access.Credentials;
using Uonet.Access.Credentials.Passwords;
using Uonet.Access.Sodium;
using IdentityResult = Microsoft.AspNetCore.Identity.PasswordVerificationResult;
using PasswordVerificationResult = Uonet.Access.Credentials.PasswordVerificationResult;

namespace Uonet.Access.Benchmarks;

/// <summary>
/// Hashing and verifying one password with the OWASP Argon2id row (m=19456 KiB, t=2, p=1): the libsodium hasher against
/// the raw libsodium call under it (target: within 1.10 times), the default Konscious hasher against the raw Konscious
/// call under it, and ASP.NET Core Identity's <c>PasswordHasher&lt;T&gt;</c> (PBKDF2-HMAC-SHA512, 100,000 iterations) as
/// the reference row. Each category's baseline is the raw libsodium call.
/// </summary>
[MemoryDiagnoser]
[MedianColumn]
[CategoriesColumn]
[GroupBenchmarksBy(BenchmarkLogicalGroupRule.ByCategory)]
// Rows a few percent apart, on a shared machine: 15 measured iterations rather than the short job's 3.
[IterationCount(15)]
public class PasswordHashingBenchmarks
{
    private const string Password = "kot ma ale i psa burka";
    private const string Verify = "Verify";
    private const string Hash = "Hash";

    private static readonly Argon2Parameters Owasp = new(19_456, 2, 1);
    private static readonly byte[] PasswordBytes = Encoding.UTF8.GetBytes(Password);

    private readonly PasswordHasher<IdentityBenchmarkUser> _identity = new();
    private readonly IdentityBenchmarkUser _user = new();
    private readonly byte[] _tag = new byte[32];
    private readonly byte[] _salt = new byte[16];
    private SodiumArgon2idPasswordHasher _sodium = null!;
    private Argon2idPasswordHasher _konscious = null!;
    private string _stored = null!;
    private byte[] _storedSalt = null!;
    private byte[] _storedTag = null!;
    private string _identityStored = null!;

    [GlobalSetup]
    public async Task SetupAsync()
    {
        var options = Options.Create(new UonetAccessOptions());
        _sodium = new SodiumArgon2idPasswordHasher(options);
        _konscious = new Argon2idPasswordHasher(options);
        _stored = await _sodium.HashAsync(Password, CancellationToken.None);
        var parts = _stored.Split('$');
        _storedSalt = Convert.FromBase64String(parts[4] + "==");
        _storedTag = Convert.FromBase64String(parts[5] + "=");
        _identityStored = _identity.HashPassword(_user, Password);

        // Every row must compute the same thing it claims: the stored tag, or a verified password.
        Expect(await VerifySodiumHasher() == PasswordVerificationResult.Success, "the libsodium hasher does not verify");
        Expect(await VerifyKonsciousHasher() == PasswordVerificationResult.Success, "the Konscious hasher does not verify the libsodium hash");
        Expect(VerifyRawLibsodium(), "the raw libsodium call does not give the stored tag");
        Expect(await VerifyRawKonscious(), "the raw Konscious call does not give the stored tag");
        Expect(VerifyIdentityPbkdf2() == IdentityResult.Success, "Identity does not verify its hash");
    }

    /// <summary>libsodium's <c>crypto_pwhash</c> through Geralt with the stored salt, and the comparison: the floor.</summary>
    [Benchmark(Baseline = true)]
    [BenchmarkCategory(Verify)]
    public bool VerifyRawLibsodium()
    {
        Geralt.Argon2id.DeriveKey(_tag, PasswordBytes, _storedSalt, Owasp.Iterations, Owasp.MemoryKiB * 1024);
        return CryptographicOperations.FixedTimeEquals(_tag, _storedTag);
    }

    /// <summary><see cref="SodiumArgon2idPasswordHasher.VerifyAsync"/>: parse, slot, libsodium, constant-time comparison.</summary>
    [Benchmark]
    [BenchmarkCategory(Verify)]
    public ValueTask<PasswordVerificationResult> VerifySodiumHasher() => _sodium.VerifyAsync(Password, _stored, CancellationToken.None);

    /// <summary>Konscious' Argon2id with the stored salt, and the comparison: the default hasher's floor.</summary>
    [Benchmark]
    [BenchmarkCategory(Verify)]
    public async Task<bool> VerifyRawKonscious()
    {
        using var argon2 = new Konscious.Security.Cryptography.Argon2id(PasswordBytes)
        {
            Salt = _storedSalt,
            MemorySize = Owasp.MemoryKiB,
            Iterations = Owasp.Iterations,
            DegreeOfParallelism = Owasp.Parallelism,
        };
        return CryptographicOperations.FixedTimeEquals(await argon2.GetBytesAsync(32), _storedTag);
    }

    /// <summary><see cref="Argon2idPasswordHasher.VerifyAsync"/>, the library's default.</summary>
    [Benchmark]
    [BenchmarkCategory(Verify)]
    public ValueTask<PasswordVerificationResult> VerifyKonsciousHasher() => _konscious.VerifyAsync(Password, _stored, CancellationToken.None);

    /// <summary>ASP.NET Core Identity's <c>PasswordHasher&lt;T&gt;.VerifyHashedPassword</c> (V3 format), the reference row.</summary>
    [Benchmark]
    [BenchmarkCategory(Verify)]
    public IdentityResult VerifyIdentityPbkdf2() => _identity.VerifyHashedPassword(_user, _identityStored, Password);

    /// <summary>A fresh 16-byte salt and libsodium's <c>crypto_pwhash</c>: the floor of hashing.</summary>
    [Benchmark(Baseline = true)]
    [BenchmarkCategory(Hash)]
    public byte[] HashRawLibsodium()
    {
        RandomNumberGenerator.Fill(_salt);
        Geralt.Argon2id.DeriveKey(_tag, PasswordBytes, _salt, Owasp.Iterations, Owasp.MemoryKiB * 1024);
        return _tag;
    }

    /// <summary><see cref="SodiumArgon2idPasswordHasher.HashAsync"/>: salt, slot, libsodium, PHC string.</summary>
    [Benchmark]
    [BenchmarkCategory(Hash)]
    public ValueTask<string> HashSodiumHasher() => _sodium.HashAsync(Password, CancellationToken.None);

    /// <summary>A fresh salt and Konscious' Argon2id.</summary>
    [Benchmark]
    [BenchmarkCategory(Hash)]
    public async Task<byte[]> HashRawKonscious()
    {
        RandomNumberGenerator.Fill(_salt);
        using var argon2 = new Konscious.Security.Cryptography.Argon2id(PasswordBytes)
        {
            Salt = _salt,
            MemorySize = Owasp.MemoryKiB,
            Iterations = Owasp.Iterations,
            DegreeOfParallelism = Owasp.Parallelism,
        };
        return await argon2.GetBytesAsync(32);
    }

    /// <summary><see cref="Argon2idPasswordHasher.HashAsync"/>, the library's default.</summary>
    [Benchmark]
    [BenchmarkCategory(Hash)]
    public ValueTask<string> HashKonsciousHasher() => _konscious.HashAsync(Password, CancellationToken.None);

    /// <summary>ASP.NET Core Identity's <c>PasswordHasher&lt;T&gt;.HashPassword</c>, the reference row.</summary>
    [Benchmark]
    [BenchmarkCategory(Hash)]
    public string HashIdentityPbkdf2() => _identity.HashPassword(_user, Password);

    private static void Expect(bool condition, string problem)
    {
        if (!condition)
        {
            throw new InvalidOperationException($"Setup check failed: {problem}.");
        }
    }
}
