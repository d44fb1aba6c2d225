using Uonet.Access.Credentials;
using Xunit;

namespace Uonet.Access.Specification.Tests;

// Every store counts by AttemptArithmetic, so limits hold the same whichever store the web nodes share.
public abstract partial class StoreSpecification
{
    private const string AttemptKey = "signin:gminawulkanowo:anna.kowalska@example.pl";
    private const string OtherAttemptKey = "signin-client:203.0.113.7";

    private static readonly AttemptPolicy ThreePerQuarter = new(3, TimeSpan.FromMinutes(15), TimeSpan.FromMinutes(30));

    [Fact]
    public async Task GetAttemptsAsync_UnknownKey_ZeroAndUnlocked()
    {
        var store = await CreateStoreAsync();

        var state = await store.Credentials.GetAttemptsAsync(AttemptKey, Requested, CancellationToken.None);

        Assert.Equal(new AttemptState(0, Requested, null), state);
    }

    [Fact]
    public async Task RecordAttemptAsync_FirstAttempt_CountsOneAndOpensWindow()
    {
        var store = await CreateStoreAsync();

        var state = await store.Credentials.RecordAttemptAsync(AttemptKey, Requested, ThreePerQuarter, CancellationToken.None);

        Assert.Equal(new AttemptState(1, Requested.AddMinutes(15), null, Accepted: true), state);
        Assert.Equal(state, await store.Credentials.GetAttemptsAsync(AttemptKey, Requested.AddSeconds(1), CancellationToken.None));
    }

    [Fact]
    public async Task RecordAttemptAsync_WithinWindow_CountsUpAndKeepsWindowEnd()
    {
        var store = await CreateStoreAsync();
        await store.Credentials.RecordAttemptAsync(AttemptKey, Requested, ThreePerQuarter, CancellationToken.None);

        var state = await store.Credentials.RecordAttemptAsync(AttemptKey, Requested.AddMinutes(14).AddSeconds(59), ThreePerQuarter, CancellationToken.None);

        Assert.Equal(new AttemptState(2, Requested.AddMinutes(15), null), state);
    }

    [Fact]
    public async Task RecordAttemptAsync_AfterWindowEnds_StartsNewWindowFromOne()
    {
        var store = await CreateStoreAsync();
        await store.Credentials.RecordAttemptAsync(AttemptKey, Requested, ThreePerQuarter, CancellationToken.None);
        await store.Credentials.RecordAttemptAsync(AttemptKey, Requested.AddMinutes(1), ThreePerQuarter, CancellationToken.None);

        // The window ends at its end time: an attempt exactly then is already in the next one.
        var state = await store.Credentials.RecordAttemptAsync(AttemptKey, Requested.AddMinutes(15), ThreePerQuarter, CancellationToken.None);

        Assert.Equal(new AttemptState(1, Requested.AddMinutes(30), null), state);
    }

    [Fact]
    public async Task GetAttemptsAsync_AfterWindowEnds_ReadsZero()
    {
        var store = await CreateStoreAsync();
        await store.Credentials.RecordAttemptAsync(AttemptKey, Requested, ThreePerQuarter, CancellationToken.None);
        await store.Credentials.RecordAttemptAsync(AttemptKey, Requested.AddMinutes(1), ThreePerQuarter, CancellationToken.None);
        var later = Requested.AddMinutes(15);

        var state = await store.Credentials.GetAttemptsAsync(AttemptKey, later, CancellationToken.None);

        Assert.Equal(new AttemptState(0, later, null), state);
    }

    [Fact]
    public async Task RecordAttemptAsync_AttemptReachingLimit_LocksButIsAccepted()
    {
        var store = await CreateStoreAsync();
        await store.Credentials.RecordAttemptAsync(AttemptKey, Requested, ThreePerQuarter, CancellationToken.None);
        await store.Credentials.RecordAttemptAsync(AttemptKey, Requested.AddMinutes(1), ThreePerQuarter, CancellationToken.None);
        var third = Requested.AddMinutes(2);

        var state = await store.Credentials.RecordAttemptAsync(AttemptKey, third, ThreePerQuarter, CancellationToken.None);

        Assert.Equal(new AttemptState(0, third.AddMinutes(30), third.AddMinutes(30), Accepted: true), state);
        Assert.Equal(state, await store.Credentials.GetAttemptsAsync(AttemptKey, third.AddMinutes(1), CancellationToken.None));
    }

    [Fact]
    public async Task RecordAttemptAsync_WhileLocked_RefusedAndNotCounted()
    {
        var store = await CreateStoreAsync();
        var locked = await LockAsync(store, AttemptKey, Requested);

        var lastLockedSecond = locked.LockedUntil!.Value.AddSeconds(-1);

        var state = await store.Credentials.RecordAttemptAsync(AttemptKey, lastLockedSecond, ThreePerQuarter, CancellationToken.None);

        Assert.Equal(locked with { Accepted = false }, state);
        Assert.Equal(locked, await store.Credentials.GetAttemptsAsync(AttemptKey, lastLockedSecond, CancellationToken.None));
    }

    [Fact]
    public async Task GetAttemptsAsync_AfterLockEnds_ZeroAndUnlocked()
    {
        var store = await CreateStoreAsync();
        var locked = await LockAsync(store, AttemptKey, Requested);

        var state = await store.Credentials.GetAttemptsAsync(AttemptKey, locked.LockedUntil!.Value, CancellationToken.None);

        Assert.Equal(new AttemptState(0, locked.LockedUntil.Value, null), state);
        Assert.False(state.IsLocked(locked.LockedUntil.Value));
    }

    [Fact]
    public async Task RecordAttemptAsync_AfterLockEnds_CountsFromOneAgain()
    {
        var store = await CreateStoreAsync();
        var locked = await LockAsync(store, AttemptKey, Requested);
        var unlockedAt = locked.LockedUntil!.Value;

        var state = await store.Credentials.RecordAttemptAsync(AttemptKey, unlockedAt, ThreePerQuarter, CancellationToken.None);

        Assert.Equal(new AttemptState(1, unlockedAt.AddMinutes(15), null, Accepted: true), state);
    }

    [Fact]
    public async Task ResetAttemptsAsync_LockedKey_ForgetsCountAndLock()
    {
        var store = await CreateStoreAsync();
        await LockAsync(store, AttemptKey, Requested);
        var now = Requested.AddMinutes(1);

        await store.Credentials.ResetAttemptsAsync(AttemptKey, CancellationToken.None);

        Assert.Equal(new AttemptState(0, now, null), await store.Credentials.GetAttemptsAsync(AttemptKey, now, CancellationToken.None));
        Assert.Equal(new AttemptState(1, now.AddMinutes(15), null), await store.Credentials.RecordAttemptAsync(AttemptKey, now, ThreePerQuarter, CancellationToken.None));
    }

    [Fact]
    public async Task RecordAttemptAsync_DifferentKeys_CountedIndependently()
    {
        var store = await CreateStoreAsync();
        await LockAsync(store, AttemptKey, Requested);
        var now = Requested.AddMinutes(1);

        var other = await store.Credentials.RecordAttemptAsync(OtherAttemptKey, now, ThreePerQuarter, CancellationToken.None);
        await store.Credentials.ResetAttemptsAsync(OtherAttemptKey, CancellationToken.None);

        Assert.Equal(new AttemptState(1, now.AddMinutes(15), null, Accepted: true), other);
        Assert.True((await store.Credentials.GetAttemptsAsync(AttemptKey, now, CancellationToken.None)).IsLocked(now));
    }

    // Three attempts under ThreePerQuarter, a minute apart from `start`; the third locks for 30 minutes.
    private static async Task<AttemptState> LockAsync(StoreUnderTest store, string key, DateTimeOffset start)
    {
        AttemptState state = new(0, start, null);
        for (var i = 0; i < ThreePerQuarter.Limit; i++)
        {
            state = await store.Credentials.RecordAttemptAsync(key, start.AddMinutes(i), ThreePerQuarter, CancellationToken.None);
        }

        var lockedAt = start.AddMinutes(ThreePerQuarter.Limit - 1);
        Assert.Equal(new AttemptState(0, lockedAt + ThreePerQuarter.LockDuration, lockedAt + ThreePerQuarter.LockDuration), state);
        return state;
    }
}
