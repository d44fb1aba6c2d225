using System.Security.Cryptography;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Uonet.Access.Devices;
using Uonet.Access.Eligibility;
using Uonet.Access.Mail;
using Uonet.Access.Storage;
using Uonet.Access.Tests.Credentials.Workflows;

namespace Uonet.Access.Tests.Devices.Signatures;

/// <summary>
/// The verifier keeps each device's imported key between requests (R7: a request costs about one verification), but
/// never lets the kept key decide anything the store decides: which key the device has now, and whether it is revoked.
/// </summary>
public sealed class DeviceKeyCacheTests
{
    private static readonly byte[] Message = "@method: GET"u8.ToArray();

    [Fact]
    public async Task Verify_DeviceKeyReplacedUnderTheSameId_OldKeyRefusedNewKeyAccepted()
    {
        // A device registered again under its id (or a store restored from a backup) has a new key: a verifier that
        // went on using the key it imported first would accept the old phone's signatures.
        await using var world = await SignatureWorld.CreateAsync();
        var (device, oldKey) = await world.AddEcdsaDeviceAsync();
        var store = new RekeyingDeviceStore(world.School.Store);
        using var verifier = Verifier(world, store);
        Assert.True((await verifier.VerifyAsync(TestSchool.Symbol, world.Signed(device, oldKey), Flow.None)).Succeeded);
        using var newKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        store.Rekey(device.Id, newKey.ExportSubjectPublicKeyInfo());

        var byOldKey = await verifier.VerifyAsync(TestSchool.Symbol, world.Signed(device, oldKey), Flow.None);
        var byNewKey = await verifier.VerifyAsync(TestSchool.Symbol, world.Signed(device, newKey), Flow.None);

        Assert.Equal(AccessErrorCodes.SignatureInvalid, byOldKey.Error?.Code);
        Assert.True(byNewKey.Succeeded, byNewKey.ToString());
    }

    [Fact]
    public async Task Verify_DeviceRevokedAfterItsKeyWasKept_DeviceRevoked_R9()
    {
        await using var world = await SignatureWorld.CreateAsync();
        var (device, key) = await world.AddEcdsaDeviceAsync();
        Assert.True((await world.VerifyAsync(world.Signed(device, key))).Succeeded);
        Assert.True(await world.School.Store.RevokeDeviceAsync(device.Id, world.Now, DeviceRevocationReason.RevokedByUser, null, Flow.None));

        var result = await world.VerifyAsync(world.Signed(device, key));

        Assert.Equal(AccessErrorCodes.DeviceRevoked, result.Error?.Code);
    }

    [Fact]
    public async Task Verify_ManyConcurrentRequestsOfOneDevice_EveryOneAccepted()
    {
        await using var world = await SignatureWorld.CreateAsync();
        var (device, key) = await world.AddEcdsaDeviceAsync();
        var requests = Enumerable.Range(0, 64).Select(i => world.Signed(device, key, path: $"oceny?okres={i}")).ToList();

        var results = await Task.WhenAll(requests.Select(r => Task.Run(() => world.VerifyAsync(r))));

        Assert.All(results, r => Assert.True(r.Succeeded, r.ToString()));
    }

    [Fact]
    public void Verify_SameKeyAgain_KeptOnce()
    {
        using var cache = new DeviceKeyCache();
        using var phone = Phone.Create();

        Assert.True(cache.Verify(phone.Id, DeviceKeyAlgorithm.EcdsaP256, phone.PublicKey, Message, phone.Sign(Message)));
        Assert.True(cache.Verify(phone.Id, DeviceKeyAlgorithm.EcdsaP256, phone.PublicKey.ToArray(), Message, phone.Sign(Message)));

        Assert.Equal(1, cache.Count);
    }

    [Fact]
    public void Verify_KeyBytesChangedForTheSameId_OnlyTheNewKeyVerifies()
    {
        using var cache = new DeviceKeyCache();
        using var before = Phone.Create();
        using var after = Phone.Create();
        Assert.True(cache.Verify(before.Id, DeviceKeyAlgorithm.EcdsaP256, before.PublicKey, Message, before.Sign(Message)));

        var staleSignature = cache.Verify(before.Id, DeviceKeyAlgorithm.EcdsaP256, after.PublicKey, Message, before.Sign(Message));
        var newSignature = cache.Verify(before.Id, DeviceKeyAlgorithm.EcdsaP256, after.PublicKey, Message, after.Sign(Message));

        Assert.False(staleSignature);
        Assert.True(newSignature);
        Assert.Equal(1, cache.Count);
    }

    [Fact]
    public void Verify_KeyKindChangedForTheSameBytes_NotVerifiedWithTheKeptKey()
    {
        using var cache = new DeviceKeyCache();
        using var phone = Phone.Create();
        Assert.True(cache.Verify(phone.Id, DeviceKeyAlgorithm.EcdsaP256, phone.PublicKey, Message, phone.Sign(Message)));

        Assert.False(cache.Verify(phone.Id, DeviceKeyAlgorithm.Rsa, phone.PublicKey, Message, phone.Sign(Message)));
    }

    [Fact]
    public void Verify_MoreDevicesThanCapacity_KeepsAtMostCapacityAndVerifiesEvery()
    {
        using var cache = new DeviceKeyCache(capacity: 10);
        var phones = Enumerable.Range(0, 50).Select(_ => Phone.Create()).ToList();
        try
        {
            foreach (var phone in phones)
            {
                Assert.True(cache.Verify(phone.Id, DeviceKeyAlgorithm.EcdsaP256, phone.PublicKey, Message, phone.Sign(Message)));
                Assert.InRange(cache.Count, 1, 10);
            }

            // The first phones' keys were dropped; their next requests import them again.
            Assert.All(phones, p => Assert.True(cache.Verify(p.Id, DeviceKeyAlgorithm.EcdsaP256, p.PublicKey, Message, p.Sign(Message))));
        }
        finally
        {
            phones.ForEach(p => p.Dispose());
        }
    }

    [Fact]
    public async Task Verify_KeysDroppedWhileOtherThreadsUseThem_EveryVerificationStillRight()
    {
        // Two slots for eight devices on four threads: entries are dropped (and their keys disposed) all the time,
        // often while another thread holds them. A disposed key in use would throw or answer false.
        using var cache = new DeviceKeyCache(capacity: 2);
        var phones = Enumerable.Range(0, 8).Select(_ => Phone.Create()).ToList();
        var signatures = phones.ToDictionary(p => p.Id, p => p.Sign(Message));
        try
        {
            var answers = await Task.WhenAll(Enumerable.Range(0, 4).Select(thread => Task.Run(() =>
            {
                var wrong = 0;
                for (var i = 0; i < 500; i++)
                {
                    var phone = phones[(i * 3 + thread) % phones.Count];
                    if (!cache.Verify(phone.Id, DeviceKeyAlgorithm.EcdsaP256, phone.PublicKey, Message, signatures[phone.Id]))
                    {
                        wrong++;
                    }

                    // And a forgery: another phone's signature must never pass, whichever key is kept.
                    var other = phones[(i + 1 + thread) % phones.Count];
                    if (other.Id != phone.Id && cache.Verify(phone.Id, DeviceKeyAlgorithm.EcdsaP256, phone.PublicKey, Message, signatures[other.Id]))
                    {
                        wrong++;
                    }
                }

                return wrong;
            })));

            Assert.All(answers, wrong => Assert.Equal(0, wrong));
            Assert.InRange(cache.Count, 1, 8);
        }
        finally
        {
            phones.ForEach(p => p.Dispose());
        }
    }

    [Fact]
    public void Verify_RsaKey_KeptAndVerified()
    {
        using var cache = new DeviceKeyCache();
        using var rsa = RSA.Create(2048);
        var id = Guid.NewGuid();
        var signature = rsa.SignData(Message, HashAlgorithmName.SHA512, RSASignaturePadding.Pss);

        Assert.True(cache.Verify(id, DeviceKeyAlgorithm.Rsa, rsa.ExportSubjectPublicKeyInfo(), Message, signature));
        Assert.True(cache.Verify(id, DeviceKeyAlgorithm.Rsa, rsa.ExportSubjectPublicKeyInfo(), Message, signature));
        Assert.False(cache.Verify(id, DeviceKeyAlgorithm.Rsa, rsa.ExportSubjectPublicKeyInfo(), [.. Message, 0], signature));
    }

    [Fact]
    public void Verify_KeyThatDoesNotImport_FalseEveryTime()
    {
        using var cache = new DeviceKeyCache();
        using var phone = Phone.Create();
        byte[] damaged = [.. phone.PublicKey, 0];

        Assert.False(cache.Verify(phone.Id, DeviceKeyAlgorithm.EcdsaP256, damaged, Message, phone.Sign(Message)));
        Assert.False(cache.Verify(phone.Id, DeviceKeyAlgorithm.EcdsaP256, damaged, Message, phone.Sign(Message)));
    }

    [Fact]
    public void Forget_KeptKey_DroppedAndImportedAgainWhenNeeded()
    {
        using var cache = new DeviceKeyCache();
        using var phone = Phone.Create();
        Assert.True(cache.Verify(phone.Id, DeviceKeyAlgorithm.EcdsaP256, phone.PublicKey, Message, phone.Sign(Message)));

        cache.Forget(phone.Id);

        Assert.Equal(0, cache.Count);
        Assert.True(cache.Verify(phone.Id, DeviceKeyAlgorithm.EcdsaP256, phone.PublicKey, Message, phone.Sign(Message)));
    }

    private static DeviceRequestVerifier Verifier(SignatureWorld world, IDeviceStore devices) => new(
        devices,
        world.School.Store,
        world.School.Services.GetRequiredService<PupilResolver>(),
        world.School.Time,
        world.School.Services.GetRequiredService<IOptions<UonetAccessOptions>>());

    /// <summary>A phone's P-256 key under a device id.</summary>
    private sealed class Phone : IDisposable
    {
        private readonly ECDsa _key;

        private Phone(ECDsa key)
        {
            _key = key;
            PublicKey = key.ExportSubjectPublicKeyInfo();
        }

        public Guid Id { get; } = Guid.NewGuid();

        public byte[] PublicKey { get; }

        public static Phone Create() => new(ECDsa.Create(ECCurve.NamedCurves.nistP256));

        public byte[] Sign(byte[] data) => _key.SignData(data, HashAlgorithmName.SHA256, DSASignatureFormat.IeeeP1363FixedFieldConcatenation);

        public void Dispose() => _key.Dispose();
    }

    /// <summary>The school's device store, except that a device may be given another key under the same id.</summary>
    private sealed class RekeyingDeviceStore(IDeviceStore inner) : IDeviceStore
    {
        private readonly Dictionary<Guid, byte[]> _keys = [];

        public void Rekey(Guid deviceId, byte[] publicKey) => _keys[deviceId] = publicKey;

        public async Task<MobileDevice?> FindDeviceAsync(Guid deviceId, CancellationToken cancellationToken)
        {
            var device = await inner.FindDeviceAsync(deviceId, cancellationToken);
            return device is not null && _keys.TryGetValue(deviceId, out var key) ? device with { PublicKey = key } : device;
        }

        public Task CreatePairingTicketAsync(PairingTicket ticket, DateTimeOffset now, CancellationToken cancellationToken) =>
            inner.CreatePairingTicketAsync(ticket, now, cancellationToken);

        public Task<PairingTicket?> FindPairingTicketAsync(string tokenHash, CancellationToken cancellationToken) =>
            inner.FindPairingTicketAsync(tokenHash, cancellationToken);

        public Task<PairingTicket?> RecordWrongPinAsync(Guid ticketId, DateTimeOffset now, CancellationToken cancellationToken) =>
            inner.RecordWrongPinAsync(ticketId, now, cancellationToken);

        public Task<PairingConsumption> ConsumePairingTicketAsync(Guid ticketId, DateTimeOffset now, MobileDevice device, OutboxMessage mail, Uonet.Access.SecurityEvents.SecurityEvent? securityEvent, CancellationToken cancellationToken) =>
            inner.ConsumePairingTicketAsync(ticketId, now, device, mail, securityEvent, cancellationToken);

        public Task<IReadOnlyList<MobileDevice>> ListDevicesAsync(Guid accountId, CancellationToken cancellationToken) =>
            inner.ListDevicesAsync(accountId, cancellationToken);

        public Task<bool> RevokeDeviceAsync(Guid deviceId, DateTimeOffset revokedAt, DeviceRevocationReason reason, Uonet.Access.SecurityEvents.SecurityEvent? securityEvent, CancellationToken cancellationToken) =>
            inner.RevokeDeviceAsync(deviceId, revokedAt, reason, securityEvent, cancellationToken);

        public Task TouchDeviceAsync(Guid deviceId, DateTimeOffset lastSeenAt, CancellationToken cancellationToken) =>
            inner.TouchDeviceAsync(deviceId, lastSeenAt, cancellationToken);

        public Task<bool> TryRecordSignatureAsync(Guid deviceId, string signatureHash, DateTimeOffset now, DateTimeOffset expiresAt, CancellationToken cancellationToken) =>
            inner.TryRecordSignatureAsync(deviceId, signatureHash, now, expiresAt, cancellationToken);
    }
}
