using Microsoft.Extensions.Options;
using Uonet.Access.Credentials.Passwords;

namespace Uonet.Access.Tests.Credentials.Passwords;

/// <summary>Hashers with small parameters, so that tests run in milliseconds instead of the OWASP row's ~100 ms a hash.</summary>
internal static class PasswordHashers
{
    public static Argon2idPasswordHasher Create(
        int memoryKiB = 64,
        int iterations = 1,
        int parallelism = 1,
        int saltLength = 16,
        int hashLength = 32,
        int maxConcurrentHashes = 4,
        IArgon2idFunction? argon2id = null)
    {
        var options = new UonetAccessOptions();
        var hashing = options.PasswordHashing;
        hashing.MemoryKiB = memoryKiB;
        hashing.Iterations = iterations;
        hashing.Parallelism = parallelism;
        hashing.SaltLength = saltLength;
        hashing.HashLength = hashLength;
        hashing.MaxConcurrentHashes = maxConcurrentHashes;
        return argon2id is null
            ? new Argon2idPasswordHasher(Options.Create(options))
            : new Argon2idPasswordHasher(Options.Create(options), argon2id);
    }
}

/// <summary>
/// Wraps the real Argon2id engine: counts calls and how many run at once, keeps the password arrays it was given, and
/// holds every call at a gate until <see cref="Open"/> — so a test can keep a hashing slot occupied without sleeping.
/// </summary>
internal sealed class WatchedArgon2id : IArgon2idFunction
{
    private readonly TaskCompletionSource _gate = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly Lock _lock = new();
    private readonly List<(byte[] Array, byte[] ContentDuringCall)> _passwords = [];
    private int _running;
    private int _calls;
    private int _maxRunning;

    public WatchedArgon2id(bool open = false)
    {
        if (open)
        {
            Open();
        }
    }

    public int Calls
    {
        get
        {
            lock (_lock)
            {
                return _calls;
            }
        }
    }

    public int MaxRunning
    {
        get
        {
            lock (_lock)
            {
                return _maxRunning;
            }
        }
    }

    /// <summary>Completes when the first call has entered the engine (and so holds a slot).</summary>
    public TaskCompletionSource FirstEntered { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public IReadOnlyList<(byte[] Array, byte[] ContentDuringCall)> Passwords
    {
        get
        {
            lock (_lock)
            {
                return [.. _passwords];
            }
        }
    }

    public void Open() => _gate.TrySetResult();

    public bool Supports(Argon2Parameters parameters, int saltLength, int tagLength) => true;

    public async ValueTask<byte[]> ComputeAsync(byte[] password, byte[] salt, Argon2Parameters parameters, int tagLength)
    {
        lock (_lock)
        {
            _passwords.Add((password, password.ToArray()));
            _calls++;
            _running++;
            _maxRunning = Math.Max(_maxRunning, _running);
        }

        FirstEntered.TrySetResult();
        try
        {
            await _gate.Task;
            return await KonsciousArgon2id.Instance.ComputeAsync(password, salt, parameters, tagLength);
        }
        finally
        {
            lock (_lock)
            {
                _running--;
            }
        }
    }
}
