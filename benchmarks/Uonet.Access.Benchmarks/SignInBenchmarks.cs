using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using Uonet.Access.Credentials;

namespace Uonet.Access.Benchmarks;

/// <summary>
/// One sign-in with the default (OWASP) Argon2id parameters, against one Argon2id verification alone, for every store
/// and both hashers: how much of a sign-in is the hash, and how much everything else (store look-ups, R2 resolution,
/// attempt counters, the session). The targets: everything else at most 5% of one hash on the in-memory store, 10% on
/// SQLite; the Ratio of <see cref="SignInWithoutHashing"/> is that share.
/// </summary>
[MemoryDiagnoser]
[MedianColumn]
[Config(typeof(Config))]
[GroupBenchmarksBy(BenchmarkLogicalGroupRule.ByParams)]
// Rows a few percent apart, on a shared machine: 15 measured iterations rather than the short job's 3.
[IterationCount(15)]
public class SignInBenchmarks
{
    private SignInWorld _world = null!;
    private SignInWorld _withoutHashing = null!;
    private SignInRequest _request = null!;
    private SignInRequest _requestWithoutHashing = null!;
    private string _storedHash = null!;
    private int _unknownAddresses;

    [ParamsSource(nameof(Stores), Priority = -2)]
    public StoreKind Store { get; set; }

    [ParamsAllValues(Priority = -1)]
    public HasherKind Hasher { get; set; }

    public static IEnumerable<StoreKind> Stores => BenchmarkStores.Available;

    [GlobalSetup]
    public async Task SetupAsync()
    {
        _world = await SignInWorld.CreateAsync(accounts: 1, Store, Hasher);
        _withoutHashing = await SignInWorld.CreateAsync(accounts: 1, Store, hasher: new InstantPasswordHasher());
        _request = _world.Request(_world.Emails[0]);
        _requestWithoutHashing = _withoutHashing.Request(_withoutHashing.Emails[0]);
        _storedHash = await _world.StoredHashAsync(_world.Emails[0]);

        // Timing a refusal as if it were a sign-in would prove nothing, so every path is checked once first.
        Expect(await VerifyHashOnly() == PasswordVerificationResult.Success, "the stored hash does not verify");
        Expect((await SignIn()).Outcome == SignInOutcome.Success, "the sign-in does not succeed");
        Expect((await SignInWithoutHashing()).Outcome == SignInOutcome.Success, "the sign-in without hashing does not succeed");
        var unknown = await SignInUnknownAddress();
        Expect(unknown.Outcome == SignInOutcome.Failed && unknown.Error?.Code == AccessErrorCodes.SignInFailed, "the unknown address is not refused as a wrong password");
    }

    [GlobalCleanup]
    public async Task CleanupAsync()
    {
        await _world.DisposeAsync();
        await _withoutHashing.DisposeAsync();
    }

    /// <summary>The Argon2id check of the right password against the stored PHC string, nothing else.</summary>
    [Benchmark(Baseline = true)]
    public ValueTask<PasswordVerificationResult> VerifyHashOnly() => _world.Hasher.VerifyAsync(SignInWorld.Password, _storedHash, CancellationToken.None);

    /// <summary>A guardian signs in with the right password and gets a session ticket and the pupil list.</summary>
    /// <remarks>Success resets the address's failure counter, so repeated calls never lock; each adds one stored session.</remarks>
    [Benchmark]
    public Task<AccountSignInResult> SignIn() => _world.SignIn.SignInAsync(_request);

    /// <summary>
    /// An address without an account: the same hash against a dummy, then a failure counted for the address.
    /// </summary>
    /// <remarks>Every call uses a new address, so the five-failure lockout of one address never changes the path measured.</remarks>
    [Benchmark]
    public Task<AccountSignInResult> SignInUnknownAddress() =>
        _world.SignIn.SignInAsync(_world.Request($"nieznany{++_unknownAddresses}@example.pl"));

    /// <summary>
    /// <see cref="SignIn"/> on the same store with a hasher that computes nothing: what the sign-in costs besides the
    /// hash, measured directly (the same in both <see cref="Hasher"/> rows; its Ratio is its share of that hasher's hash).
    /// The difference of the two timed columns is smaller than their noise (see the Beyond hash column).
    /// </summary>
    [Benchmark]
    public Task<AccountSignInResult> SignInWithoutHashing() => _withoutHashing.SignIn.SignInAsync(_requestWithoutHashing);

    private static void Expect(bool condition, string problem)
    {
        if (!condition)
        {
            throw new InvalidOperationException($"Setup check failed: {problem}.");
        }
    }

    private sealed class Config : ManualConfig
    {
        public Config() => AddColumn(new BeyondBaselineColumn(nameof(SignIn), nameof(SignInUnknownAddress)));
    }
}
