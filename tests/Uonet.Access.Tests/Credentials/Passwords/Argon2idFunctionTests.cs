using Microsoft.Extensions.Options;
using Uonet.Access.Credentials;
using Uonet.Access.Credentials.Passwords;

namespace Uonet.Access.Tests.Credentials.Passwords;

/// <summary>
/// Another implementation of Argon2id (libsodium's, in Uonet.Access.Sodium) computes what it supports; the hasher keeps
/// the rest, so no stored hash stops verifying when the implementation changes.
/// </summary>
public sealed class Argon2idFunctionTests
{
    private const string Password = "Zażółć gęślą jaźń, 4A!";

    [Fact]
    public async Task HashAndVerify_SupportedNumbers_ComputedByTheGivenFunction()
    {
        var oneLane = new OneLaneArgon2id();
        var hasher = new Argon2idPasswordHasher(Options.Create(Configured()), oneLane);

        var encoded = await hasher.HashAsync(Password, CancellationToken.None);
        var result = await hasher.VerifyAsync(Password, encoded, CancellationToken.None);

        Assert.Equal(PasswordVerificationResult.Success, result);
        Assert.Equal(2, oneLane.Calls);
    }

    [Fact]
    public async Task VerifyAsync_StoredNumbersTheFunctionDoesNotSupport_ComputedOnKonsciousAndAsksForARehash()
    {
        var twoLanes = Configured();
        twoLanes.PasswordHashing.Parallelism = 2;
        var encoded = await new Argon2idPasswordHasher(Options.Create(twoLanes)).HashAsync(Password, CancellationToken.None);
        var oneLane = new OneLaneArgon2id();
        var hasher = new Argon2idPasswordHasher(Options.Create(Configured()), oneLane);

        var right = await hasher.VerifyAsync(Password, encoded, CancellationToken.None);
        var wrong = await hasher.VerifyAsync(Password + "!", encoded, CancellationToken.None);

        Assert.Equal(PasswordVerificationResult.SuccessRehashNeeded, right);
        Assert.Equal(PasswordVerificationResult.Failed, wrong);
        Assert.Equal(0, oneLane.Calls);
    }

    [Fact]
    public void Constructor_ConfiguredNumbersTheFunctionDoesNotSupport_Throws()
    {
        // New hashes would silently come from Konscious at several times the cost the host chose the function to avoid.
        var twoLanes = Configured();
        twoLanes.PasswordHashing.Parallelism = 2;

        var exception = Assert.Throws<ArgumentException>(() => new Argon2idPasswordHasher(Options.Create(twoLanes), new OneLaneArgon2id()));

        Assert.Contains("OneLaneArgon2id cannot compute Argon2id with m=64, t=1, p=2", exception.Message, StringComparison.Ordinal);
    }

    private static UonetAccessOptions Configured()
    {
        var options = new UonetAccessOptions();
        options.PasswordHashing.MemoryKiB = 64;
        options.PasswordHashing.Iterations = 1;
        return options;
    }

    /// <summary>Supports a single lane only, as libsodium does; computes on Konscious and counts its calls.</summary>
    private sealed class OneLaneArgon2id : IArgon2idFunction
    {
        private int _calls;

        public int Calls => Volatile.Read(ref _calls);

        public bool Supports(Argon2Parameters parameters, int saltLength, int tagLength) => parameters.Parallelism == 1;

        public ValueTask<byte[]> ComputeAsync(byte[] password, byte[] salt, Argon2Parameters parameters, int tagLength)
        {
            Interlocked.Increment(ref _calls);
            return KonsciousArgon2id.Instance.ComputeAsync(password, salt, parameters, tagLength);
        }
    }
}
