using System.Collections.Concurrent;
using System.Security.Cryptography;

namespace Uonet.Access.Devices;

/// <summary>
/// Device keys imported once and kept for the device's next requests. Importing a SubjectPublicKeyInfo costs about two
/// ECDSA verifications (OpenSSL checks the point), so importing it on every request would triple the verifier's time.
/// </summary>
/// <remarks>
/// <para>
/// An entry is found by device id and used only while its key bytes and kind are exactly those the store holds for
/// the device now: a device whose key changed (registered again under the same id, a store restored from a backup)
/// gets its new key imported, and the old one is dropped. The cache decides nothing else: whether the device exists,
/// belongs to the instance or is revoked is read from the store on every request before the cache is asked.
/// </para>
/// <para>
/// At most <see cref="Capacity"/> keys are kept; past it the least recently used tenth is dropped in one pass, so the
/// cost of trimming is spread over many imports. An <see cref="AsymmetricAlgorithm"/> is not safe for concurrent use,
/// so each entry's key is used under the entry's lock (concurrent requests of one device take turns, those of
/// different devices do not wait for each other), and a dropped key is disposed under the same lock: never while a
/// verification is using it. A request that finds its entry dropped meanwhile imports the key for itself.
/// </para>
/// </remarks>
internal sealed class DeviceKeyCache : IDisposable
{
    /// <summary>About 2 KB of native memory per P-256 key, so some 20 MB when full.</summary>
    public const int DefaultCapacity = 10_000;

    private readonly ConcurrentDictionary<Guid, Entry> _entries = new();
    private readonly Lock _trimming = new();
    private int _count;

    public DeviceKeyCache(int capacity = DefaultCapacity)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 1);
        Capacity = capacity;
    }

    /// <summary>The most keys kept at once.</summary>
    public int Capacity { get; }

    /// <summary>How many keys are kept now.</summary>
    public int Count => Volatile.Read(ref _count);

    /// <summary>
    /// Verifies <paramref name="signature"/> over <paramref name="data"/> with the device's current key, as
    /// <see cref="SignatureAlgorithms.Verify(DeviceKeyAlgorithm, byte[], byte[], byte[])"/> would, importing the key only
    /// when it is not kept already. Never throws for bad input.
    /// </summary>
    public bool Verify(Guid deviceId, DeviceKeyAlgorithm algorithm, byte[] publicKey, byte[] data, byte[] signature)
    {
        if (!_entries.TryGetValue(deviceId, out var entry) || !entry.Holds(algorithm, publicKey))
        {
            entry = Add(deviceId, algorithm, publicKey);
        }

        return entry.TryVerify(data, signature, out var verified)
            ? verified
            : SignatureAlgorithms.Verify(algorithm, publicKey, data, signature);
    }

    /// <summary>Drops the device's key, if one is kept (e.g. once the device is revoked, its key is no longer needed).</summary>
    public void Forget(Guid deviceId)
    {
        if (_entries.TryRemove(deviceId, out var entry))
        {
            Interlocked.Decrement(ref _count);
            entry.Retire();
        }
    }

    public void Dispose()
    {
        foreach (var deviceId in _entries.Keys)
        {
            Forget(deviceId);
        }
    }

    private Entry Add(Guid deviceId, DeviceKeyAlgorithm algorithm, byte[] publicKey)
    {
        var fresh = new Entry(algorithm, publicKey);
        while (true)
        {
            if (_entries.TryGetValue(deviceId, out var current))
            {
                // Another request of the device imported the same key meanwhile: one is enough.
                if (current.Holds(algorithm, publicKey))
                {
                    fresh.Retire();
                    return current;
                }

                if (_entries.TryUpdate(deviceId, fresh, current))
                {
                    current.Retire();
                    return fresh;
                }
            }
            else if (_entries.TryAdd(deviceId, fresh))
            {
                if (Interlocked.Increment(ref _count) > Capacity)
                {
                    Trim();
                }

                return fresh;
            }
        }
    }

    // One trimmer at a time; a request arriving while another trims goes on with the cache a little over its capacity.
    private void Trim()
    {
        if (!_trimming.TryEnter())
        {
            return;
        }

        try
        {
            var excess = Count - (Capacity - (Capacity / 10));
            if (excess <= 0)
            {
                return;
            }

            // ToArray is the dictionary's own snapshot; LINQ over the dictionary itself copies through ICollection.CopyTo,
            // which throws when another request adds a key in the middle of the copy.
            foreach (var (deviceId, entry) in _entries.ToArray().OrderBy(e => e.Value.LastUsed).Take(excess).ToList())
            {
                // Removed only if still the same entry: a device whose key changed meanwhile keeps its new one.
                if (_entries.TryRemove(new KeyValuePair<Guid, Entry>(deviceId, entry)))
                {
                    Interlocked.Decrement(ref _count);
                    entry.Retire();
                }
            }
        }
        finally
        {
            _trimming.Exit();
        }
    }

    /// <summary>One device's key: the bytes it was imported from and the imported key (null when it does not import).</summary>
    private sealed class Entry
    {
        private readonly Lock _lock = new();
        private readonly DeviceKeyAlgorithm _algorithm;
        private readonly byte[] _publicKey;
        private readonly AsymmetricAlgorithm? _key;
        private bool _retired;
        private long _lastUsed;

        public Entry(DeviceKeyAlgorithm algorithm, byte[] publicKey)
        {
            _algorithm = algorithm;
            // A copy, so that nothing the store hands out later can change what this entry is compared against.
            _publicKey = (byte[])publicKey.Clone();
            _key = SignatureAlgorithms.Import(algorithm, _publicKey);
            _lastUsed = Environment.TickCount64;
        }

        public long LastUsed => Volatile.Read(ref _lastUsed);

        public bool Holds(DeviceKeyAlgorithm algorithm, byte[] publicKey) =>
            algorithm == _algorithm && publicKey.AsSpan().SequenceEqual(_publicKey);

        /// <summary>False when the entry was retired before the key could be used; the caller then imports its own.</summary>
        public bool TryVerify(byte[] data, byte[] signature, out bool verified)
        {
            Volatile.Write(ref _lastUsed, Environment.TickCount64);
            lock (_lock)
            {
                if (_retired)
                {
                    verified = false;
                    return false;
                }

                verified = _key is not null && SignatureAlgorithms.Verify(_key, data, signature);
                return true;
            }
        }

        public void Retire()
        {
            lock (_lock)
            {
                if (_retired)
                {
                    return;
                }

                _retired = true;
                _key?.Dispose();
            }
        }
    }
}
