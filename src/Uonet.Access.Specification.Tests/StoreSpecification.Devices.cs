using Uonet.Access.Devices;
using Xunit;

namespace Uonet.Access.Specification.Tests;

// Registered devices (R7, R9) and the replay cache of their signed requests.
public abstract partial class StoreSpecification
{
    [Theory]
    [InlineData(DeviceKeyAlgorithm.EcdsaP256)]
    [InlineData(DeviceKeyAlgorithm.Rsa)]
    public async Task FindDeviceAsync_PairedDevice_EveryFieldAndKeyRoundTrip_R7(DeviceKeyAlgorithm algorithm)
    {
        var (store, account) = await StoreWithAccountAsync();

        var device = await PairAsync(store, account, algorithm: algorithm);

        AssertSameDevice(device, await store.Devices.FindDeviceAsync(device.Id, CancellationToken.None));
    }

    [Fact]
    public async Task FindDeviceAsync_UnknownId_ReturnsNull()
    {
        var store = await CreateStoreAsync();
        await SeedSchoolsAsync(store);
        await PairAsync(store, await CreateAccountAsync(store));

        Assert.Null(await store.Devices.FindDeviceAsync(Guid.NewGuid(), CancellationToken.None));
    }

    [Fact]
    public async Task FindDeviceAsync_CallerChangesTheKeyItRead_StoredKeyUnchanged()
    {
        var store = await CreateStoreAsync();
        await SeedSchoolsAsync(store);
        var device = await PairAsync(store, await CreateAccountAsync(store));
        var read = await store.Devices.FindDeviceAsync(device.Id, CancellationToken.None);

        // A key swapped in memory by one caller would let a forged signature verify for the next.
        Array.Clear(read!.PublicKey);

        AssertSameDevice(device, await store.Devices.FindDeviceAsync(device.Id, CancellationToken.None));
        AssertSameDevice(device, Assert.Single(await store.Devices.ListDevicesAsync(device.AccountId, CancellationToken.None)));
    }

    [Fact]
    public async Task ListDevicesAsync_SeveralDevices_NewestFirstWithRevokedOnesAndOnlyThatAccount()
    {
        var (store, account) = await StoreWithAccountAsync();
        var neighbour = await CreateAccountAsync(store, OtherParentEmail);
        var sameAddressElsewhere = await CreateAccountAsync(store, ParentEmail, OtherSymbol);
        var older = await PairAsync(store, account, Paired);
        var newer = await PairAsync(store, account, Paired.AddHours(1), DeviceKeyAlgorithm.Rsa);
        var newest = await PairAsync(store, account, Paired.AddHours(2));
        await PairAsync(store, neighbour, Paired.AddHours(3));
        await PairAsync(store, sameAddressElsewhere, Paired.AddHours(4));
        Assert.True(await store.Devices.RevokeDeviceAsync(newer.Id, Paired.AddHours(5), DeviceRevocationReason.RevokedByUser, CancellationToken.None));

        var list = await store.Devices.ListDevicesAsync(account.Id, CancellationToken.None);

        Assert.Equal([newest.Id, newer.Id, older.Id], list.Select(d => d.Id));
        AssertSameDevice(newer with { RevokedAt = Paired.AddHours(5), RevocationReason = DeviceRevocationReason.RevokedByUser }, list[1]);
        AssertSameDevice(older, list[2]);
    }

    [Fact]
    public async Task ListDevicesAsync_AccountWithoutDevices_Empty()
    {
        var (store, account) = await StoreWithAccountAsync();
        await PairAsync(store, await CreateAccountAsync(store, OtherParentEmail));

        Assert.Empty(await store.Devices.ListDevicesAsync(account.Id, CancellationToken.None));
        Assert.Empty(await store.Devices.ListDevicesAsync(Guid.NewGuid(), CancellationToken.None));
    }

    [Theory]
    [InlineData(DeviceRevocationReason.RevokedByUser)]
    [InlineData(DeviceRevocationReason.RevokedByStaff)]
    [InlineData(DeviceRevocationReason.EmailChanged)]
    [InlineData(DeviceRevocationReason.AccountClosed)]
    public async Task RevokeDeviceAsync_OpenDevice_RevokedWithTimeAndReasonOthersUntouched_R9(DeviceRevocationReason reason)
    {
        var (store, account) = await StoreWithAccountAsync();
        var phone = await PairAsync(store, account, Paired);
        var tablet = await PairAsync(store, account, Paired.AddMinutes(30));

        var revoked = await store.Devices.RevokeDeviceAsync(phone.Id, Paired.AddHours(1), reason, CancellationToken.None);

        Assert.True(revoked);
        AssertSameDevice(phone with { RevokedAt = Paired.AddHours(1), RevocationReason = reason }, await store.Devices.FindDeviceAsync(phone.Id, CancellationToken.None));
        AssertSameDevice(tablet, await store.Devices.FindDeviceAsync(tablet.Id, CancellationToken.None));
    }

    [Fact]
    public async Task RevokeDeviceAsync_Twice_FalseAndTheFirstTimeAndReasonStay_R9()
    {
        var store = await CreateStoreAsync();
        await SeedSchoolsAsync(store);
        var device = await PairAsync(store, await CreateAccountAsync(store));
        Assert.True(await store.Devices.RevokeDeviceAsync(device.Id, Paired.AddHours(1), DeviceRevocationReason.EmailChanged, CancellationToken.None));

        // The app must still learn that the address changed (and offer re-pairing), not that staff removed it.
        var again = await store.Devices.RevokeDeviceAsync(device.Id, Paired.AddHours(2), DeviceRevocationReason.RevokedByStaff, CancellationToken.None);

        Assert.False(again);
        var stored = await store.Devices.FindDeviceAsync(device.Id, CancellationToken.None);
        Assert.Equal(Paired.AddHours(1), stored?.RevokedAt);
        Assert.Equal(DeviceRevocationReason.EmailChanged, stored?.RevocationReason);
    }

    [Fact]
    public async Task RevokeDeviceAsync_UnknownId_False()
    {
        var store = await CreateStoreAsync();

        Assert.False(await store.Devices.RevokeDeviceAsync(Guid.NewGuid(), Paired, DeviceRevocationReason.RevokedByStaff, CancellationToken.None));
    }

    [Fact]
    public async Task TouchDeviceAsync_LaterTime_MovesLastSeenForwardOnly()
    {
        var store = await CreateStoreAsync();
        await SeedSchoolsAsync(store);
        var device = await PairAsync(store, await CreateAccountAsync(store));

        await store.Devices.TouchDeviceAsync(device.Id, Paired.AddMinutes(30), CancellationToken.None);

        AssertSameDevice(device with { LastSeenAt = Paired.AddMinutes(30) }, await store.Devices.FindDeviceAsync(device.Id, CancellationToken.None));
    }

    [Fact]
    public async Task TouchDeviceAsync_EarlierTime_NeverMovesBackward()
    {
        var store = await CreateStoreAsync();
        await SeedSchoolsAsync(store);
        var device = await PairAsync(store, await CreateAccountAsync(store));
        await store.Devices.TouchDeviceAsync(device.Id, Paired.AddMinutes(30), CancellationToken.None);

        // A slow web node reports a request that began before the last one another node recorded.
        await store.Devices.TouchDeviceAsync(device.Id, Paired.AddMinutes(10), CancellationToken.None);

        Assert.Equal(Paired.AddMinutes(30), (await store.Devices.FindDeviceAsync(device.Id, CancellationToken.None))?.LastSeenAt);
    }

    [Fact]
    public async Task TouchDeviceAsync_UnknownId_WritesNothing()
    {
        var store = await CreateStoreAsync();
        var unknown = Guid.NewGuid();

        await store.Devices.TouchDeviceAsync(unknown, Paired, CancellationToken.None);

        Assert.Null(await store.Devices.FindDeviceAsync(unknown, CancellationToken.None));
    }

    [Fact]
    public async Task TryRecordSignatureAsync_SameSignatureWithinItsWindow_RefusedAsReplay()
    {
        var store = await CreateStoreAsync();
        await SeedSchoolsAsync(store);
        var device = await PairAsync(store, await CreateAccountAsync(store));
        var signature = TokenHashOf("sig1=:MEUCIQDx:");

        var first = await store.Devices.TryRecordSignatureAsync(device.Id, signature, Paired, Paired.AddMinutes(5), CancellationToken.None);
        var replay = await store.Devices.TryRecordSignatureAsync(device.Id, signature, Paired.AddMinutes(4), Paired.AddMinutes(9), CancellationToken.None);

        Assert.True(first);
        Assert.False(replay);
    }

    [Fact]
    public async Task TryRecordSignatureAsync_ReplayRefused_DoesNotExtendTheMemory()
    {
        var store = await CreateStoreAsync();
        await SeedSchoolsAsync(store);
        var device = await PairAsync(store, await CreateAccountAsync(store));
        var signature = TokenHashOf("sig1=:MEUCIQDx:");
        Assert.True(await store.Devices.TryRecordSignatureAsync(device.Id, signature, Paired, Paired.AddMinutes(5), CancellationToken.None));
        Assert.False(await store.Devices.TryRecordSignatureAsync(device.Id, signature, Paired.AddMinutes(4), Paired.AddMinutes(9), CancellationToken.None));

        // Past the first expiry the clock check refuses the request anyway; the cache need not hold it longer.
        var afterExpiry = await store.Devices.TryRecordSignatureAsync(device.Id, signature, Paired.AddMinutes(5), Paired.AddMinutes(10), CancellationToken.None);
        var replayOfThat = await store.Devices.TryRecordSignatureAsync(device.Id, signature, Paired.AddMinutes(9), Paired.AddMinutes(14), CancellationToken.None);

        Assert.True(afterExpiry);
        Assert.False(replayOfThat);
    }

    [Fact]
    public async Task TryRecordSignatureAsync_SameHashOfAnotherDeviceOrAnotherHash_AcceptedIndependently()
    {
        var (store, account) = await StoreWithAccountAsync();
        var phone = await PairAsync(store, account, Paired);
        var tablet = await PairAsync(store, account, Paired.AddMinutes(5));
        var signature = TokenHashOf("sig1=:MEUCIQDx:");
        Assert.True(await store.Devices.TryRecordSignatureAsync(phone.Id, signature, Paired.AddMinutes(10), Paired.AddMinutes(15), CancellationToken.None));

        var otherDevice = await store.Devices.TryRecordSignatureAsync(tablet.Id, signature, Paired.AddMinutes(10), Paired.AddMinutes(15), CancellationToken.None);
        var otherSignature = await store.Devices.TryRecordSignatureAsync(phone.Id, TokenHashOf("sig1=:MEYCIQCy:"), Paired.AddMinutes(10), Paired.AddMinutes(15), CancellationToken.None);

        Assert.True(otherDevice);
        Assert.True(otherSignature);
        Assert.False(await store.Devices.TryRecordSignatureAsync(tablet.Id, signature, Paired.AddMinutes(11), Paired.AddMinutes(16), CancellationToken.None));
    }
}
