using System.Diagnostics.Metrics;
using Microsoft.Extensions.DependencyInjection;
using Uonet.Access.Credentials;
using Uonet.Access.Diagnostics;
using Uonet.Access.Tests.Credentials.Workflows;

namespace Uonet.Access.Tests.Diagnostics;

/// <summary>The meter is process-wide: these tests run alone so that no other test's lock lands in their count.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class MeterCollection
{
    public const string Name = "Uonet.Access meter";
}

/// <summary>The lockouts metric counts locks, not refusals: one lock is one lockout however often it is hit.</summary>
[Collection(MeterCollection.Name)]
public sealed class LockoutMeterTests
{
    [Fact]
    public async Task Lockouts_SecondStepRefusedWhileTheAddressIsLocked_OnlyTheTransitionIntoTheLockCounts()
    {
        await using var school = await TestSchool.CreateAsync();
        await school.Services.AddOlaWithMotherAsync();
        await school.Services.SetPasswordAsync();
        var (secret, _, _) = await school.Services.EnrolTotpAsync(school.Time);
        var signIn = school.Services.GetRequiredService<AccountSignIn>();
        var passwordStep = await school.Services.TrySignInAsync();
        Assert.Equal(SignInOutcome.RequiresSecondFactor, passwordStep.Outcome);
        using var lockouts = new LockoutCount();

        var outcomes = new List<SignInOutcome>();
        for (var attempt = 0; attempt < 8; attempt++)
        {
            var code = attempt == 7 ? Flow.Code(secret, school.Time.GetUtcNow()) : Flow.WrongCode(secret, school.Time.GetUtcNow());
            var result = await signIn.CompleteSecondFactorAsync(new SecondFactorRequest { InstanceSymbol = TestSchool.Symbol, Ticket = passwordStep.SecondFactorTicket!, TotpCode = code });
            outcomes.Add(result.Outcome);
        }

        var passwordWhileLocked = await school.Services.TrySignInAsync();

        Assert.Equal([.. Enumerable.Repeat(SignInOutcome.Failed, 4), .. Enumerable.Repeat(SignInOutcome.LockedOut, 4)], outcomes);
        Assert.Equal(SignInOutcome.LockedOut, passwordWhileLocked.Outcome);
        Assert.Equal(1, lockouts.Total);
    }

    [Fact]
    public async Task Lockouts_PasswordFailuresPastTheLimitAndAfterTheLockEnds_EachLockCountedOnce()
    {
        await using var school = await TestSchool.CreateAsync();
        await school.Services.AddOlaWithMotherAsync();
        await school.Services.SetPasswordAsync();
        using var lockouts = new LockoutCount();

        for (var attempt = 0; attempt < 7; attempt++)
        {
            await school.Services.TrySignInAsync(password: Flow.OtherPassword);
        }

        school.Time.Advance(TimeSpan.FromMinutes(6));
        for (var attempt = 0; attempt < 5; attempt++)
        {
            await school.Services.TrySignInAsync(password: Flow.OtherPassword);
        }

        Assert.Equal(2, lockouts.Total);
    }

    /// <summary>Sums <c>uonet_access.sign_in.lockouts</c> while it lives.</summary>
    private sealed class LockoutCount : IDisposable
    {
        private readonly MeterListener _listener = new();
        private long _total;

        public LockoutCount()
        {
            _listener.InstrumentPublished = (instrument, listener) =>
            {
                if (instrument.Meter.Name == AccessTelemetry.Name && instrument.Name == "uonet_access.sign_in.lockouts")
                {
                    listener.EnableMeasurementEvents(instrument);
                }
            };
            _listener.SetMeasurementEventCallback<long>((_, value, _, _) => Interlocked.Add(ref _total, value));
            _listener.Start();
        }

        public long Total => Interlocked.Read(ref _total);

        public void Dispose() => _listener.Dispose();
    }
}
