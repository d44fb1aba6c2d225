using Uonet.Access.Credentials;

namespace Uonet.Access.Tests.Credentials.Passwords;

/// <summary>
/// The cap on concurrent hashes (DESIGN §5: Konscious allocates each hash's memory on the managed heap). The engine is
/// held at a gate, so "a slot is occupied" is a fact the test controls, not a timing accident.
/// </summary>
public sealed class Argon2idConcurrencyTests
{
    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    public async Task HashAsync_MoreCallersThanSlots_NeverRunsMoreThanTheCap(int maxConcurrentHashes)
    {
        var engine = new WatchedArgon2id();
        var hasher = PasswordHashers.Create(maxConcurrentHashes: maxConcurrentHashes, argon2id: engine);

        var hashes = Enumerable.Range(0, maxConcurrentHashes + 3)
            .Select(i => hasher.HashAsync($"hasło numer {i}", CancellationToken.None).AsTask())
            .ToArray();
        await engine.FirstEntered.Task;

        // Every caller has started; only as many as there are slots got into the engine, the rest wait.
        Assert.Equal(maxConcurrentHashes, engine.Calls);
        Assert.All(hashes, h => Assert.False(h.IsCompleted));

        engine.Open();
        var encoded = await Task.WhenAll(hashes);

        Assert.Equal(maxConcurrentHashes + 3, engine.Calls);
        Assert.Equal(maxConcurrentHashes, engine.MaxRunning);
        Assert.Equal(PasswordVerificationResult.Success, await hasher.VerifyAsync("hasło numer 2", encoded[2], CancellationToken.None));
    }

    [Fact]
    public async Task HashAsync_CancelledWhileWaitingForASlot_ThrowsAndNeverHashes()
    {
        var engine = new WatchedArgon2id();
        var hasher = PasswordHashers.Create(maxConcurrentHashes: 1, argon2id: engine);
        var holder = hasher.HashAsync("pierwsze hasło", CancellationToken.None).AsTask();
        await engine.FirstEntered.Task;
        using var cancellation = new CancellationTokenSource();
        var waiter = hasher.HashAsync("drugie hasło", cancellation.Token).AsTask();
        // Checked before cancelling: a waiter that got into the engine would ignore the token and never finish.
        Assert.Equal(1, engine.Calls);
        Assert.False(waiter.IsCompleted);

        await cancellation.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => waiter);
        Assert.Equal(1, engine.Calls);

        // The cancelled waiter neither took nor gave back a slot: the holder releases its own (an extra release would
        // overflow the semaphore and fault it) and the next caller gets in.
        engine.Open();
        var encoded = await holder;
        Assert.Equal(PasswordVerificationResult.Success, await hasher.VerifyAsync("pierwsze hasło", encoded, CancellationToken.None));
        Assert.Equal(2, engine.Calls);
        Assert.Equal(1, engine.MaxRunning);
    }

    [Fact]
    public async Task VerifyAsync_CancelledWhileAHashHoldsTheOnlySlot_Throws()
    {
        // Hashing and verifying share the cap: a sign-in waits behind a password being set.
        var engine = new WatchedArgon2id();
        var hasher = PasswordHashers.Create(maxConcurrentHashes: 1, argon2id: engine);
        var holder = hasher.HashAsync("pierwsze hasło", CancellationToken.None).AsTask();
        await engine.FirstEntered.Task;
        using var cancellation = new CancellationTokenSource();
        var waiter = hasher.VerifyAsync(PhcArgon2StringTests.ValidPassword, PhcArgon2StringTests.Valid, cancellation.Token).AsTask();
        Assert.Equal(1, engine.Calls);
        Assert.False(waiter.IsCompleted);

        await cancellation.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => waiter);
        engine.Open();
        await holder;
    }

    [Fact]
    public async Task HashAsync_TokenAlreadyCancelled_ThrowsWithoutHashingEvenWithAFreeSlot()
    {
        var engine = new WatchedArgon2id(open: true);
        var hasher = PasswordHashers.Create(maxConcurrentHashes: 4, argon2id: engine);

        await Assert.ThrowsAnyAsync<OperationCanceledException>(
            async () => await hasher.HashAsync("hasło", new CancellationToken(canceled: true)));
        await Assert.ThrowsAnyAsync<OperationCanceledException>(
            async () => await hasher.VerifyAsync(PhcArgon2StringTests.ValidPassword, PhcArgon2StringTests.Valid, new CancellationToken(canceled: true)));

        Assert.Equal(0, engine.Calls);
    }
}
