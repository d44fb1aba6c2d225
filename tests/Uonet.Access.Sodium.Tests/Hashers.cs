using Microsoft.Extensions.Options;
using Uonet.Access.Credentials;
using Uonet.Access.Credentials.Passwords;

namespace Uonet.Access.Sodium.Tests;

/// <summary>Both hashers over the same options, small by default so that tests run in milliseconds.</summary>
internal static class Hashers
{
    public static UonetAccessOptions Options(
        int memoryKiB = 64,
        int iterations = 1,
        int parallelism = 1,
        int saltLength = 16,
        int hashLength = 32,
        int maxConcurrentHashes = 4)
    {
        var options = new UonetAccessOptions();
        var hashing = options.PasswordHashing;
        hashing.MemoryKiB = memoryKiB;
        hashing.Iterations = iterations;
        hashing.Parallelism = parallelism;
        hashing.SaltLength = saltLength;
        hashing.HashLength = hashLength;
        hashing.MaxConcurrentHashes = maxConcurrentHashes;
        return options;
    }

    public static SodiumArgon2idPasswordHasher Sodium(UonetAccessOptions? options = null) =>
        new(Microsoft.Extensions.Options.Options.Create(options ?? Options()));

    public static Argon2idPasswordHasher Konscious(UonetAccessOptions? options = null) =>
        new(Microsoft.Extensions.Options.Options.Create(options ?? Options()));

    /// <summary>The parts of a PHC string: parameters, salt and tag (the library's parser is internal to it).</summary>
    public static (string Parameters, byte[] Salt, byte[] Tag) Parts(string encoded)
    {
        var parts = encoded.Split('$');
        Assert.Equal(6, parts.Length);
        Assert.Equal("argon2id", parts[1]);
        Assert.Equal("v=19", parts[2]);
        return (parts[3], Base64(parts[4]), Base64(parts[5]));
    }

    private static byte[] Base64(string unpadded) => Convert.FromBase64String(unpadded + new string('=', (4 - (unpadded.Length % 4)) % 4));
}

/// <summary>
/// libsodium's function behind a gate: counts calls and how many run at once, and holds every call until
/// <see cref="Open"/>, so a test can keep a hashing slot occupied without sleeping.
/// </summary>
internal sealed class GatedSodium : IArgon2idFunction
{
    private readonly TaskCompletionSource _gate = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _calls;
    private int _running;
    private int _maxRunning;

    public int Calls => Volatile.Read(ref _calls);

    public int MaxRunning => Volatile.Read(ref _maxRunning);

    /// <summary>Completes when the first call has entered (and so holds a slot).</summary>
    public TaskCompletionSource FirstEntered { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public void Open() => _gate.TrySetResult();

    public bool Supports(Argon2Parameters parameters, int saltLength, int tagLength) =>
        SodiumArgon2id.Instance.Supports(parameters, saltLength, tagLength);

    public async ValueTask<byte[]> ComputeAsync(byte[] password, byte[] salt, Argon2Parameters parameters, int tagLength)
    {
        Interlocked.Increment(ref _calls);
        var running = Interlocked.Increment(ref _running);
        InterlockedMax(ref _maxRunning, running);
        FirstEntered.TrySetResult();
        try
        {
            await _gate.Task;
            return await SodiumArgon2id.Instance.ComputeAsync(password, salt, parameters, tagLength);
        }
        finally
        {
            Interlocked.Decrement(ref _running);
        }
    }

    private static void InterlockedMax(ref int target, int value)
    {
        var seen = Volatile.Read(ref target);
        while (value > seen)
        {
            var previous = Interlocked.CompareExchange(ref target, value, seen);
            if (previous == seen)
            {
                return;
            }

            seen = previous;
        }
    }
}

/// <summary>Counts the calls of a function that may or may not be used, delegating to libsodium.</summary>
internal sealed class CountingSodium : IArgon2idFunction
{
    private int _calls;

    public int Calls => Volatile.Read(ref _calls);

    public bool Supports(Argon2Parameters parameters, int saltLength, int tagLength) =>
        SodiumArgon2id.Instance.Supports(parameters, saltLength, tagLength);

    public ValueTask<byte[]> ComputeAsync(byte[] password, byte[] salt, Argon2Parameters parameters, int tagLength)
    {
        Interlocked.Increment(ref _calls);
        return SodiumArgon2id.Instance.ComputeAsync(password, salt, parameters, tagLength);
    }
}
