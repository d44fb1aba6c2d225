using System.Text;
using Microsoft.Extensions.Options;
using Uonet.Access.Credentials;
using Uonet.Access.Credentials.Passwords;

namespace Uonet.Access.Sodium.Tests;

/// <summary>
/// The libsodium hasher and the default (Konscious) hasher write the same PHC strings and each verifies the other's,
/// so a host can switch either way without anybody setting a new password.
/// </summary>
public sealed class InteroperabilityTests
{
    private const string Password = "Zażółć gęślą jaźń, 4A!";

    /// <summary>m (KiB), t, tag length: the minimums, m not a multiple of 4, long tags, and the OWASP row.</summary>
    public static TheoryData<int, int, int> ParameterSets => new()
    {
        { 8, 1, 16 },
        { 64, 1, 32 },
        { 1023, 2, 32 },
        { 1024, 3, 64 },
        { 256, 1, 1024 },
        { 19_456, 2, 32 },
    };

    [Theory]
    [MemberData(nameof(ParameterSets))]
    public async Task HashAsync_BySodium_VerifiesWithTheDefaultHasher(int memoryKiB, int iterations, int hashLength)
    {
        var options = Hashers.Options(memoryKiB, iterations, hashLength: hashLength);
        var encoded = await Hashers.Sodium(options).HashAsync(Password, CancellationToken.None);

        var result = await Hashers.Konscious(options).VerifyAsync(Password, encoded, CancellationToken.None);

        Assert.Equal(PasswordVerificationResult.Success, result);
        Assert.StartsWith($"$argon2id$v=19$m={memoryKiB},t={iterations},p=1$", encoded, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(ParameterSets))]
    public async Task HashAsync_ByTheDefaultHasher_VerifiesWithSodium(int memoryKiB, int iterations, int hashLength)
    {
        var options = Hashers.Options(memoryKiB, iterations, hashLength: hashLength);
        var encoded = await Hashers.Konscious(options).HashAsync(Password, CancellationToken.None);
        var libsodium = new CountingSodium();
        var hasher = new SodiumArgon2idPasswordHasher(Options.Create(options), libsodium);

        var result = await hasher.VerifyAsync(Password, encoded, CancellationToken.None);

        Assert.Equal(PasswordVerificationResult.Success, result);
        Assert.Equal(1, libsodium.Calls);
    }

    [Theory]
    [MemberData(nameof(ParameterSets))]
    public async Task VerifyAsync_WrongPasswordAgainstEitherHashersString_FailsInBoth(int memoryKiB, int iterations, int hashLength)
    {
        var options = Hashers.Options(memoryKiB, iterations, hashLength: hashLength);
        IPasswordHasher[] hashers = [Hashers.Sodium(options), Hashers.Konscious(options)];
        foreach (var writer in hashers)
        {
            var encoded = await writer.HashAsync(Password, CancellationToken.None);
            foreach (var reader in hashers)
            {
                Assert.Equal(PasswordVerificationResult.Failed, await reader.VerifyAsync("Zazolc gesla jazn, 4A!", encoded, CancellationToken.None));
            }
        }
    }

    [Fact]
    public async Task ComputeAsync_SaltOfADefaultHash_SameTagAsTheDefaultHasher()
    {
        var written = await Hashers.Konscious(Hashers.Options(1000, 3, hashLength: 48)).HashAsync(Password, CancellationToken.None);
        var (parameters, salt, tag) = Hashers.Parts(written);

        var sodiumTag = await SodiumArgon2id.Instance.ComputeAsync(Encoding.UTF8.GetBytes(Password), salt, new Argon2Parameters(1000, 3, 1), 48);

        Assert.Equal("m=1000,t=3,p=1", parameters);
        Assert.Equal(tag, sodiumTag);
    }

    /// <summary>
    /// Stored strings with other numbers than configured, verified by both hashers: the answers (including whether to
    /// rehash) are the same. Two of them libsodium cannot compute (two lanes, a 24-byte salt): the libsodium hasher then
    /// verifies on the managed default rather than refusing a correct password (tags under 16 bytes: see
    /// <see cref="ReferenceVectorTests"/>).
    /// </summary>
    public static TheoryData<string, int, int, int, int, int> StoredElsewhere => new()
    {
        { "as configured", 64, 2, 1, 16, 32 },
        { "less memory", 32, 2, 1, 16, 32 },
        { "more memory", 128, 2, 1, 16, 32 },
        { "fewer passes", 64, 1, 1, 16, 32 },
        { "more passes", 64, 3, 1, 16, 32 },
        { "shorter tag", 64, 2, 1, 16, 16 },
        { "longer tag", 64, 2, 1, 16, 64 },
        { "two lanes", 64, 2, 2, 16, 32 },
        { "longer salt", 64, 2, 1, 24, 32 },
    };

    [Theory]
    [MemberData(nameof(StoredElsewhere))]
    public async Task VerifyAsync_StoredWithOtherNumbers_SameAnswerAsTheDefaultHasher(string stored, int memoryKiB, int iterations, int parallelism, int saltLength, int hashLength)
    {
        var writer = Hashers.Konscious(Hashers.Options(memoryKiB, iterations, parallelism, saltLength, hashLength));
        var encoded = await writer.HashAsync(Password, CancellationToken.None);
        var configured = Hashers.Options(memoryKiB: 64, iterations: 2);

        var bySodium = await Hashers.Sodium(configured).VerifyAsync(Password, encoded, CancellationToken.None);
        var byDefault = await Hashers.Konscious(configured).VerifyAsync(Password, encoded, CancellationToken.None);

        Assert.Equal(byDefault, bySodium);
        var expected = (memoryKiB, iterations, parallelism, saltLength, hashLength) == (64, 2, 1, 16, 32)
            ? PasswordVerificationResult.Success
            : PasswordVerificationResult.SuccessRehashNeeded;
        Assert.True(expected == bySodium, stored);
    }
}
