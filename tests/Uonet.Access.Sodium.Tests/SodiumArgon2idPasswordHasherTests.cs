using Microsoft.Extensions.Options;
using Uonet.Access.Credentials;
using Uonet.Access.Credentials.Passwords;

namespace Uonet.Access.Sodium.Tests;

public sealed class SodiumArgon2idPasswordHasherTests
{
    private const string Password = "Zażółć gęślą jaźń, 4A!";

    [Fact]
    public async Task HashAsync_DefaultOptions_WritesTheOwaspRowAndVerifies()
    {
        var hasher = new SodiumArgon2idPasswordHasher(Options.Create(new UonetAccessOptions()));

        var encoded = await hasher.HashAsync(Password, CancellationToken.None);

        Assert.StartsWith("$argon2id$v=19$m=19456,t=2,p=1$", encoded, StringComparison.Ordinal);
        var (_, salt, tag) = Hashers.Parts(encoded);
        Assert.Equal(16, salt.Length);
        Assert.Equal(32, tag.Length);
        Assert.Equal(PasswordVerificationResult.Success, await hasher.VerifyAsync(Password, encoded, CancellationToken.None));
    }

    [Fact]
    public async Task HashAsync_SamePasswordTwice_UsesFreshSalts()
    {
        var hasher = Hashers.Sodium();

        var first = Hashers.Parts(await hasher.HashAsync(Password, CancellationToken.None));
        var second = Hashers.Parts(await hasher.HashAsync(Password, CancellationToken.None));

        Assert.NotEqual(first.Salt, second.Salt);
        Assert.NotEqual(first.Tag, second.Tag);
    }

    [Fact]
    public async Task VerifyAsync_OneBitOfTheTagChanged_Fails()
    {
        var hasher = Hashers.Sodium();
        var encoded = await hasher.HashAsync(Password, CancellationToken.None);
        var (parameters, salt, tag) = Hashers.Parts(encoded);
        tag[^1] ^= 1;
        var tampered = $"$argon2id$v=19${parameters}${Convert.ToBase64String(salt).TrimEnd('=')}${Convert.ToBase64String(tag).TrimEnd('=')}";

        Assert.Equal(PasswordVerificationResult.Failed, await hasher.VerifyAsync(Password, tampered, CancellationToken.None));
    }

    [Theory]
    [InlineData("")]
    [InlineData("plain text")]
    [InlineData("$argon2i$v=19$m=64,t=1,p=1$c2FsdHNhbHRzYWx0MTIzNA$oh5ObQ/KXCx7vJsbvlieYA")]
    [InlineData("$argon2id$v=16$m=64,t=1,p=1$c2FsdHNhbHRzYWx0MTIzNA$oh5ObQ/KXCx7vJsbvlieYA")]
    [InlineData("$argon2id$v=19$m=4194305,t=1,p=1$c2FsdHNhbHRzYWx0MTIzNA$oh5ObQ/KXCx7vJsbvlieYA")]
    [InlineData("$argon2id$v=19$m=64,t=1,p=1$c2FsdHNhbHRzYWx0MTIzNA==$oh5ObQ/KXCx7vJsbvlieYA")]
    public async Task VerifyAsync_MalformedString_FailsWithoutComputing(string encoded)
    {
        var libsodium = new CountingSodium();
        var hasher = new SodiumArgon2idPasswordHasher(Options.Create(Hashers.Options()), libsodium);

        var result = await hasher.VerifyAsync(Password, encoded, CancellationToken.None);

        Assert.Equal(PasswordVerificationResult.Failed, result);
        Assert.Equal(0, libsodium.Calls);
    }

    [Fact]
    public async Task EmptyPassword_HashThrowsAndVerifyFails()
    {
        var hasher = Hashers.Sodium();
        var encoded = await hasher.HashAsync(Password, CancellationToken.None);

        await Assert.ThrowsAsync<ArgumentException>(async () => await hasher.HashAsync(string.Empty, CancellationToken.None));
        Assert.Equal(PasswordVerificationResult.Failed, await hasher.VerifyAsync(string.Empty, encoded, CancellationToken.None));
    }

    [Fact]
    public async Task HashAsync_PasswordBytes_AreZeroedAfterTheCall()
    {
        var keeping = new KeepingSodium();
        var hasher = new SodiumArgon2idPasswordHasher(Options.Create(Hashers.Options()), keeping);

        await hasher.HashAsync(Password, CancellationToken.None);

        var (array, during) = Assert.Single(keeping.Passwords);
        Assert.Equal(System.Text.Encoding.UTF8.GetBytes(Password), during);
        Assert.All(array, b => Assert.Equal(0, b));
    }

    [Fact]
    public void Constructor_OptionsLibsodiumCannotHashWith_ThrowsNamingEachOne()
    {
        var options = Hashers.Options(parallelism: 2, saltLength: 32, hashLength: 12);

        var exception = Assert.Throws<ArgumentException>(() => Hashers.Sodium(options));

        Assert.Contains("Parallelism must be 1", exception.Message, StringComparison.Ordinal);
        Assert.Contains("SaltLength must be 16", exception.Message, StringComparison.Ordinal);
        Assert.Contains("HashLength must be at least 16", exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Constructor_OptionsOutOfRangeForAnyHasher_ThrowsLikeTheDefault()
    {
        var options = Hashers.Options(iterations: 0);

        var exception = Assert.Throws<ArgumentException>(() => Hashers.Sodium(options));

        Assert.Contains("Iterations must be between 1 and 1024", exception.Message, StringComparison.Ordinal);
    }

    /// <summary>Keeps each password array it is given, and its content during the call.</summary>
    private sealed class KeepingSodium : IArgon2idFunction
    {
        public List<(byte[] Array, byte[] During)> Passwords { get; } = [];

        public bool Supports(Argon2Parameters parameters, int saltLength, int tagLength) =>
            SodiumArgon2id.Instance.Supports(parameters, saltLength, tagLength);

        public ValueTask<byte[]> ComputeAsync(byte[] password, byte[] salt, Argon2Parameters parameters, int tagLength)
        {
            Passwords.Add((password, password.ToArray()));
            return SodiumArgon2id.Instance.ComputeAsync(password, salt, parameters, tagLength);
        }
    }
}
