using Microsoft.Extensions.Options;
using Uonet.Access.Credentials;

namespace Uonet.Access.Sodium.Tests;

/// <summary>
/// The cap on concurrent hashes is the default hasher's own (PasswordHashingOptions.MaxConcurrentHashes): libsodium's
/// memory is native, but a burst without a cap would still hold m KiB per sign-in at once. libsodium is held at a gate,
/// so "a slot is occupied" is a fact the test controls, not a timing accident.
/// </summary>
public sealed class ConcurrencyCapTests
{
    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    public async Task HashAsync_MoreCallersThanSlots_NeverRunsMoreThanTheCap(int cap)
    {
        var libsodium = new GatedSodium();
        var hasher = new SodiumArgon2idPasswordHasher(Options.Create(Hashers.Options(maxConcurrentHashes: cap)), libsodium);

        var hashes = Enumerable.Range(0, cap + 3)
            .Select(i => hasher.HashAsync($"hasło numer {i}", CancellationToken.None).AsTask())
            .ToArray();
        await libsodium.FirstEntered.Task;

        Assert.Equal(cap, libsodium.Calls);
        Assert.All(hashes, h => Assert.False(h.IsCompleted));

        libsodium.Open();
        var encoded = await Task.WhenAll(hashes);

        Assert.Equal(cap + 3, libsodium.Calls);
        Assert.Equal(cap, libsodium.MaxRunning);
        Assert.Equal(PasswordVerificationResult.Success, await hasher.VerifyAsync("hasło numer 2", encoded[2], CancellationToken.None));
    }

    [Fact]
    public async Task VerifyAsync_CancelledWhileAHashHoldsTheOnlySlot_ThrowsAndNeverComputes()
    {
        var libsodium = new GatedSodium();
        var hasher = new SodiumArgon2idPasswordHasher(Options.Create(Hashers.Options(maxConcurrentHashes: 1)), libsodium);
        var holder = hasher.HashAsync("pierwsze hasło", CancellationToken.None).AsTask();
        await libsodium.FirstEntered.Task;
        using var cancellation = new CancellationTokenSource();
        var waiter = hasher.VerifyAsync("pierwsze hasło", "$argon2id$v=19$m=64,t=1,p=1$c2FsdHNhbHRzYWx0MTIzNA$oh5ObQ/KXCx7vJsbvlieYA", cancellation.Token).AsTask();
        Assert.Equal(1, libsodium.Calls);
        Assert.False(waiter.IsCompleted);

        await cancellation.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => waiter);
        libsodium.Open();
        var encoded = await holder;
        Assert.Equal(1, libsodium.Calls);
        Assert.Equal(PasswordVerificationResult.Success, await hasher.VerifyAsync("pierwsze hasło", encoded, CancellationToken.None));
        Assert.Equal(1, libsodium.MaxRunning);
    }
}
