using System.Text;
using Microsoft.Extensions.Options;
using Uonet.Access.Credentials;
using Uonet.Access.Credentials.Passwords;

namespace Uonet.Access.Tests.Credentials.Passwords;

public sealed class Argon2idPasswordHasherTests
{
    private const string Password = "Zażółć gęślą jaźń, 4A!";

    [Fact]
    public async Task HashAsync_DefaultOptions_WritesTheOwaspRowAndVerifies()
    {
        // The one test at full cost: m=19456 KiB, t=2, p=1 (DESIGN §5).
        var hasher = new Argon2idPasswordHasher(Options.Create(new UonetAccessOptions()));

        var encoded = await hasher.HashAsync(Password, CancellationToken.None);
        var result = await hasher.VerifyAsync(Password, encoded, CancellationToken.None);

        Assert.StartsWith("$argon2id$v=19$m=19456,t=2,p=1$", encoded, StringComparison.Ordinal);
        Assert.True(PhcArgon2String.TryParse(encoded, out var phc));
        Assert.Equal(16, phc.Salt.Length);
        Assert.Equal(32, phc.Hash.Length);
        Assert.Equal(PasswordVerificationResult.Success, result);
    }

    [Fact]
    public async Task VerifyAsync_WrongPassword_Fails()
    {
        var hasher = PasswordHashers.Create();
        var encoded = await hasher.HashAsync(Password, CancellationToken.None);

        var result = await hasher.VerifyAsync("Zazolc gesla jazn, 4A!", encoded, CancellationToken.None);

        Assert.Equal(PasswordVerificationResult.Failed, result);
    }

    [Fact]
    public async Task HashAsync_SamePasswordTwice_UsesFreshSalts()
    {
        var hasher = PasswordHashers.Create();

        var first = await hasher.HashAsync(Password, CancellationToken.None);
        var second = await hasher.HashAsync(Password, CancellationToken.None);

        Assert.True(PhcArgon2String.TryParse(first, out var a));
        Assert.True(PhcArgon2String.TryParse(second, out var b));
        Assert.NotEqual(a.Salt, b.Salt);
        Assert.NotEqual(a.Hash, b.Hash);
        Assert.Equal(PasswordVerificationResult.Success, await hasher.VerifyAsync(Password, first, CancellationToken.None));
        Assert.Equal(PasswordVerificationResult.Success, await hasher.VerifyAsync(Password, second, CancellationToken.None));
    }

    [Fact]
    public async Task HashAsync_ConfiguredLengths_AreWritten()
    {
        var hasher = PasswordHashers.Create(memoryKiB: 32, iterations: 2, parallelism: 2, saltLength: 24, hashLength: 48);

        var encoded = await hasher.HashAsync(Password, CancellationToken.None);

        Assert.True(PhcArgon2String.TryParse(encoded, out var phc));
        Assert.Equal(new Argon2Parameters(32, 2, 2), phc.Parameters);
        Assert.Equal(24, phc.Salt.Length);
        Assert.Equal(48, phc.Hash.Length);
    }

    [Theory]
    [InlineData("hash")]
    [InlineData("salt")]
    [InlineData("m")]
    [InlineData("t")]
    [InlineData("p")]
    public async Task VerifyAsync_TamperedHash_Fails(string field)
    {
        var hasher = PasswordHashers.Create();
        Assert.True(PhcArgon2String.TryParse(await hasher.HashAsync(Password, CancellationToken.None), out var genuine));
        var salt = genuine.Salt.ToArray();
        var hash = genuine.Hash.ToArray();
        var parameters = genuine.Parameters;
        switch (field)
        {
            case "hash": hash[^1] ^= 1; break;
            case "salt": salt[0] ^= 1; break;
            case "m": parameters = parameters with { MemoryKiB = parameters.MemoryKiB + 8 }; break;
            case "t": parameters = parameters with { Iterations = parameters.Iterations + 1 }; break;
            case "p": parameters = parameters with { Parallelism = parameters.Parallelism + 1 }; break;
        }

        var tampered = new PhcArgon2String(parameters, salt, hash).ToString();

        Assert.Equal(PasswordVerificationResult.Failed, await hasher.VerifyAsync(Password, tampered, CancellationToken.None));
    }

    [Fact]
    public async Task VerifyAsync_UntamperedControl_Succeeds()
    {
        var hasher = PasswordHashers.Create();
        Assert.True(PhcArgon2String.TryParse(await hasher.HashAsync(Password, CancellationToken.None), out var genuine));

        var rewritten = new PhcArgon2String(genuine.Parameters, genuine.Salt, genuine.Hash).ToString();

        Assert.Equal(PasswordVerificationResult.Success, await hasher.VerifyAsync(Password, rewritten, CancellationToken.None));
    }

    [Theory]
    [MemberData(nameof(PhcArgon2StringTests.Malformed), MemberType = typeof(PhcArgon2StringTests))]
    public async Task VerifyAsync_MalformedHash_FailsWithoutHashing(string damage, string encoded)
    {
        var engine = new WatchedArgon2id(open: true);
        var hasher = PasswordHashers.Create(argon2id: engine);

        var result = await hasher.VerifyAsync(PhcArgon2StringTests.ValidPassword, encoded, CancellationToken.None);

        Assert.True(result == PasswordVerificationResult.Failed, damage);
        Assert.Equal(0, engine.Calls);
    }

    [Fact]
    public async Task VerifyAsync_UndamagedOriginalOfTheMalformedTable_Succeeds()
    {
        var hasher = PasswordHashers.Create(memoryKiB: 128, iterations: 1, hashLength: 16);

        var result = await hasher.VerifyAsync(PhcArgon2StringTests.ValidPassword, PhcArgon2StringTests.Valid, CancellationToken.None);

        // Stored salt (16 B), m, t, p and tag length (16 B) equal the options: no rehash.
        Assert.Equal(PasswordVerificationResult.Success, result);
    }

    [Theory]
    [InlineData(32, 2, 1, 16, 32)] // m lower than configured
    [InlineData(64, 1, 1, 16, 32)] // t lower
    [InlineData(64, 2, 2, 16, 32)] // p differs
    [InlineData(64, 2, 1, 24, 32)] // salt longer
    [InlineData(64, 2, 1, 16, 16)] // tag shorter
    [InlineData(64, 2, 1, 16, 48)] // tag longer
    [InlineData(128, 2, 1, 16, 32)] // m higher: costs more per sign-in than the cap was sized for
    [InlineData(64, 3, 1, 16, 32)] // t higher
    public async Task VerifyAsync_StoredParametersDiffer_SuccessRehashNeeded(int memoryKiB, int iterations, int parallelism, int saltLength, int hashLength)
    {
        var before = PasswordHashers.Create(memoryKiB, iterations, parallelism, saltLength, hashLength);
        var current = PasswordHashers.Create(memoryKiB: 64, iterations: 2, parallelism: 1, saltLength: 16, hashLength: 32);
        var encoded = await before.HashAsync(Password, CancellationToken.None);

        Assert.Equal(PasswordVerificationResult.SuccessRehashNeeded, await current.VerifyAsync(Password, encoded, CancellationToken.None));
        Assert.Equal(PasswordVerificationResult.Failed, await current.VerifyAsync(Password + "?", encoded, CancellationToken.None));
    }

    [Fact]
    public async Task VerifyAsync_StoredParametersEqual_SuccessWithoutRehash()
    {
        var before = PasswordHashers.Create(memoryKiB: 64, iterations: 2, parallelism: 1, saltLength: 16, hashLength: 32);
        var current = PasswordHashers.Create(memoryKiB: 64, iterations: 2, parallelism: 1, saltLength: 16, hashLength: 32);
        var encoded = await before.HashAsync(Password, CancellationToken.None);

        Assert.Equal(PasswordVerificationResult.Success, await current.VerifyAsync(Password, encoded, CancellationToken.None));
    }

    [Fact]
    public async Task HashAsync_EmptyPassword_Throws()
    {
        var hasher = PasswordHashers.Create();

        await Assert.ThrowsAsync<ArgumentException>(async () => await hasher.HashAsync("", CancellationToken.None));
    }

    [Fact]
    public async Task VerifyAsync_EmptyPassword_FailsWithoutHashing()
    {
        var engine = new WatchedArgon2id(open: true);
        var hasher = PasswordHashers.Create(argon2id: engine);

        var result = await hasher.VerifyAsync("", PhcArgon2StringTests.Valid, CancellationToken.None);

        Assert.Equal(PasswordVerificationResult.Failed, result);
        Assert.Equal(0, engine.Calls);
    }

    [Fact]
    public async Task HashAndVerify_PasswordBytes_AreUtf8DuringTheHashAndZeroedAfter()
    {
        var engine = new WatchedArgon2id(open: true);
        var hasher = PasswordHashers.Create(argon2id: engine);

        var encoded = await hasher.HashAsync(Password, CancellationToken.None);
        var result = await hasher.VerifyAsync(Password, encoded, CancellationToken.None);

        Assert.Equal(PasswordVerificationResult.Success, result);
        Assert.Equal(2, engine.Passwords.Count);
        Assert.All(engine.Passwords, p =>
        {
            Assert.Equal(Encoding.UTF8.GetBytes(Password), p.ContentDuringCall);
            Assert.All(p.Array, b => Assert.Equal(0, b));
        });
    }

    [Theory]
    [InlineData(nameof(PasswordHashingOptions.MemoryKiB), 7, 2, 1, 16, 32, 1)] // m < 8·p
    [InlineData(nameof(PasswordHashingOptions.MemoryKiB), 31, 2, 4, 16, 32, 1)]
    [InlineData(nameof(PasswordHashingOptions.MemoryKiB), 4 * 1024 * 1024 + 1, 2, 1, 16, 32, 1)]
    [InlineData(nameof(PasswordHashingOptions.Iterations), 64, 0, 1, 16, 32, 1)]
    [InlineData(nameof(PasswordHashingOptions.Parallelism), 1024, 2, 0, 16, 32, 1)]
    [InlineData(nameof(PasswordHashingOptions.Parallelism), 1024, 2, 17, 16, 32, 1)]
    [InlineData(nameof(PasswordHashingOptions.SaltLength), 64, 2, 1, 15, 32, 1)]
    [InlineData(nameof(PasswordHashingOptions.HashLength), 64, 2, 1, 16, 15, 1)]
    [InlineData(nameof(PasswordHashingOptions.HashLength), 64, 2, 1, 16, 1025, 1)]
    [InlineData(nameof(PasswordHashingOptions.MaxConcurrentHashes), 64, 2, 1, 16, 32, 0)]
    public void Constructor_InvalidOption_ThrowsNamingIt(string property, int memoryKiB, int iterations, int parallelism, int saltLength, int hashLength, int maxConcurrentHashes)
    {
        var exception = Assert.Throws<ArgumentException>(() => PasswordHashers.Create(memoryKiB, iterations, parallelism, saltLength, hashLength, maxConcurrentHashes));

        Assert.Equal("options", exception.ParamName);
        Assert.Contains($"{property} must be", exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Constructor_SeveralInvalidOptions_ReportsThemTogether()
    {
        var exception = Assert.Throws<ArgumentException>(() => PasswordHashers.Create(memoryKiB: 4, iterations: 0, saltLength: 8, maxConcurrentHashes: 0));

        Assert.Contains("MemoryKiB must be", exception.Message, StringComparison.Ordinal);
        Assert.Contains("Iterations must be", exception.Message, StringComparison.Ordinal);
        Assert.Contains("SaltLength must be", exception.Message, StringComparison.Ordinal);
        Assert.Contains("MaxConcurrentHashes must be", exception.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("HashLength", exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_DefaultOptions_NoProblems()
    {
        Assert.Empty(Argon2idPasswordHasher.Validate(new PasswordHashingOptions()));
    }
}
