using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using System.Threading.Channels;
using System.Web;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Uonet.Access.AspNetCore.Retention;
using Uonet.Access.AspNetCore.Tests.Infrastructure;
using Uonet.Access.Credentials;
using Uonet.Access.Mail;
using Uonet.Access.Storage;

namespace Uonet.Access.AspNetCore.Tests.Retention;

/// <summary>
/// The optional retention job: off unless the host sets an interval; when on, a run at start and one per interval on
/// the host's clock, what is due deleted, a failed run logged and the next one run, and nothing after shutdown.
/// </summary>
public sealed class RetentionJobTests
{
    private static readonly TimeSpan Interval = TimeSpan.FromHours(1);

    [Fact]
    public async Task RetentionJob_WithoutAnInterval_DoesNotRun()
    {
        await using var host = await AccessHost.StartAsync();

        var service = host.Services.GetServices<IHostedService>().OfType<RetentionService>().Single();
        await service.ExecuteTask!.WaitAsync(TimeSpan.FromSeconds(30));

        Assert.True(service.ExecuteTask.IsCompletedSuccessfully);
    }

    [Fact]
    public async Task RetentionJob_WithAnInterval_RunsAtStartAndThenOncePerIntervalOnTheHostsClock()
    {
        var runs = new ObservedRetentionStore();
        await using var host = await StartAsync(runs, new LogCapture());
        var started = host.Time.GetUtcNow();
        await runs.NextAsync(started);

        host.Time.Advance(Interval - TimeSpan.FromMinutes(1));
        var beforeTheTick = runs.Completed;
        host.Time.Advance(TimeSpan.FromMinutes(1));
        var second = await runs.NextAsync(started + Interval);
        host.Time.Advance(Interval);
        var third = await runs.NextAsync(started + (2 * Interval));

        Assert.Equal(1, beforeTheTick);
        Assert.Equal([started, started + Interval, started + (2 * Interval)], runs.StartTimes);
        Assert.Equal((started + Interval, started + (2 * Interval)), (second.StartedAt, third.StartedAt));
    }

    [Fact]
    public async Task RetentionJob_WithAnInterval_DeletesASpentLinkTokenOnceDueAndKeepsOneNotYetDue_R4()
    {
        var runs = new ObservedRetentionStore();
        await using var host = await StartAsync(runs, new LogCapture());
        await runs.NextAsync(host.Time.GetUtcNow());
        var (spentAddress, _) = await host.AddFamilyAsync();
        var spent = await RequestLinkAsync(host, spentAddress);
        var store = host.Services.GetRequiredService<InMemoryAccessStore>();
        var options = host.Services.GetRequiredService<Microsoft.Extensions.Options.IOptions<UonetAccessOptions>>().Value;

        host.Time.Advance(options.AccessLinks.TokenLifetime + options.Retention.SpentLinkTokens);
        var (recentAddress, _) = await host.AddFamilyAsync();
        var recent = await RequestLinkAsync(host, recentAddress);
        host.Time.Advance(Interval);
        var run = await runs.NextAsync(host.Time.GetUtcNow());

        Assert.Equal(1, runs.LinkTokensDeleted);
        Assert.Null(await store.FindLinkTokenAsync(spent, CancellationToken.None));
        Assert.NotNull(await store.FindLinkTokenAsync(recent, CancellationToken.None));
        Assert.Equal(host.Time.GetUtcNow(), run.StartedAt);
    }

    [Fact]
    public async Task RetentionJob_RunThatFails_IsLoggedAndTheNextTickRunsAgain()
    {
        var runs = new ObservedRetentionStore();
        var logs = new LogCapture();
        await using var host = await StartAsync(runs, logs);
        var started = host.Time.GetUtcNow();
        await runs.NextAsync(started);
        var service = host.Services.GetServices<IHostedService>().OfType<RetentionService>().Single();

        runs.FailNextRun();
        host.Time.Advance(Interval);
        var failure = await logs.NextAsync(9322);
        host.Time.Advance(Interval);
        var next = await runs.NextAsync(started + (2 * Interval));

        Assert.Equal(LogLevel.Error, failure.Level);
        Assert.IsType<InvalidOperationException>(failure.Exception);
        Assert.False(service.ExecuteTask!.IsCompleted);
        Assert.Equal(started + (2 * Interval), next.StartedAt);
    }

    [Fact]
    public async Task RetentionJob_OnShutdown_StopsAndRunsNoMore()
    {
        var runs = new ObservedRetentionStore();
        var host = await StartAsync(runs, new LogCapture());
        await runs.NextAsync(host.Time.GetUtcNow());
        var service = host.Services.GetServices<IHostedService>().OfType<RetentionService>().Single();

        await host.App.StopAsync();
        var stopped = service.ExecuteTask!.IsCompleted;
        host.Time.Advance(3 * Interval);
        await host.DisposeAsync();

        Assert.True(stopped);
        Assert.Equal(1, runs.Started);
    }

    private static Task<AccessHost> StartAsync(ObservedRetentionStore runs, LogCapture logs) =>
        AccessHost.StartAsync(
            o => o.RetentionInterval = Interval,
            services =>
            {
                services.Replace(ServiceDescriptor.Singleton<IRetentionStore>(sp => runs.Over(sp.GetRequiredService<InMemoryAccessStore>(), sp.GetRequiredService<TimeProvider>())));
                services.AddSingleton<ILoggerProvider>(logs);
            });

    /// <summary>Requests a first-login link for <paramref name="email"/> and returns the stored hash of its token.</summary>
    private static async Task<string> RequestLinkAsync(AccessHost host, string email)
    {
        Assert.True((await host.Services.GetRequiredService<RestoreAccess>().StartAsync(new StartAccessRequest { InstanceSymbol = AccessHost.Symbol, Email = email })).Succeeded);
        await host.Services.GetRequiredService<OutboxDispatcher>().DispatchPendingAsync();
        var link = host.Mail.Sent.Last(m => m.Kind == MailKind.AccessLink && m.To == email).Link!;
        var token = HttpUtility.ParseQueryString(new Uri(link).Query)["token"]!;
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(token)));
    }

    /// <summary>A run as the store saw it: when it began (on the host's clock).</summary>
    private sealed record Run(DateTimeOffset StartedAt);

    /// <summary>
    /// The in-memory store's retention calls, watched: a run begins with link tokens and ends with audit entries (the
    /// order of <c>RetentionRun</c>); a run can be made to fail at its first call.
    /// </summary>
    private sealed class ObservedRetentionStore
    {
        private readonly Channel<Run> _completed = Channel.CreateUnbounded<Run>();
        private readonly ConcurrentQueue<DateTimeOffset> _starts = new();
        private int _completedCount;
        private int _linkTokensDeleted;
        private int _failNext;

        public int Started => _starts.Count;

        public int Completed => Volatile.Read(ref _completedCount);

        public int LinkTokensDeleted => Volatile.Read(ref _linkTokensDeleted);

        public IReadOnlyList<DateTimeOffset> StartTimes => [.. _starts];

        public void FailNextRun() => Interlocked.Exchange(ref _failNext, 1);

        /// <summary>The next completed run that began at or after <paramref name="notBefore"/>.</summary>
        public async Task<Run> NextAsync(DateTimeOffset notBefore)
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
            while (true)
            {
                var run = await _completed.Reader.ReadAsync(timeout.Token);
                if (run.StartedAt >= notBefore)
                {
                    return run;
                }
            }
        }

        public IRetentionStore Over(IRetentionStore inner, TimeProvider time) => new Watched(this, inner, time);

        private sealed class Watched(ObservedRetentionStore owner, IRetentionStore inner, TimeProvider time) : IRetentionStore
        {
            private DateTimeOffset _runStartedAt;

            public async Task<int> DeleteSpentLinkTokensAsync(DateTimeOffset cutOff, int batchSize, CancellationToken cancellationToken)
            {
                _runStartedAt = time.GetUtcNow();
                owner._starts.Enqueue(_runStartedAt);
                if (Interlocked.Exchange(ref owner._failNext, 0) == 1)
                {
                    throw new InvalidOperationException("The database is not reachable.");
                }

                var deleted = await inner.DeleteSpentLinkTokensAsync(cutOff, batchSize, cancellationToken);
                Interlocked.Add(ref owner._linkTokensDeleted, deleted);
                return deleted;
            }

            public Task<int> ClearExpiredSecondFactorTicketsAsync(DateTimeOffset cutOff, int batchSize, CancellationToken cancellationToken) =>
                inner.ClearExpiredSecondFactorTicketsAsync(cutOff, batchSize, cancellationToken);

            public Task<int> DeleteSpentPairingTicketsAsync(DateTimeOffset cutOff, int batchSize, CancellationToken cancellationToken) =>
                inner.DeleteSpentPairingTicketsAsync(cutOff, batchSize, cancellationToken);

            public Task<int> DeleteEndedSessionsAsync(DateTimeOffset cutOff, int batchSize, CancellationToken cancellationToken) =>
                inner.DeleteEndedSessionsAsync(cutOff, batchSize, cancellationToken);

            public Task<int> DeleteExpiredSignaturesAsync(DateTimeOffset cutOff, int batchSize, CancellationToken cancellationToken) =>
                inner.DeleteExpiredSignaturesAsync(cutOff, batchSize, cancellationToken);

            public Task<int> DeleteStaleAttemptsAsync(DateTimeOffset cutOff, int batchSize, CancellationToken cancellationToken) =>
                inner.DeleteStaleAttemptsAsync(cutOff, batchSize, cancellationToken);

            public Task<int> DeleteDeliveredMailAsync(DateTimeOffset cutOff, int batchSize, CancellationToken cancellationToken) =>
                inner.DeleteDeliveredMailAsync(cutOff, batchSize, cancellationToken);

            public Task<int> DeleteRevokedDevicesAsync(DateTimeOffset cutOff, int batchSize, CancellationToken cancellationToken) =>
                inner.DeleteRevokedDevicesAsync(cutOff, batchSize, cancellationToken);

            public Task<int> DeleteSecurityEventsAsync(DateTimeOffset cutOff, int batchSize, CancellationToken cancellationToken) =>
                inner.DeleteSecurityEventsAsync(cutOff, batchSize, cancellationToken);

            public async Task<int> DeleteAuditEntriesAsync(DateTimeOffset cutOff, int batchSize, CancellationToken cancellationToken)
            {
                var deleted = await inner.DeleteAuditEntriesAsync(cutOff, batchSize, cancellationToken);
                if (deleted < batchSize)
                {
                    Interlocked.Increment(ref owner._completedCount);
                    owner._completed.Writer.TryWrite(new Run(_runStartedAt));
                }

                return deleted;
            }
        }
    }

    /// <summary>The host's log entries, awaitable by event id.</summary>
    private sealed class LogCapture : ILoggerProvider
    {
        private readonly Channel<Entry> _entries = Channel.CreateUnbounded<Entry>();

        public ILogger CreateLogger(string categoryName) => new Logger(this);

        public async Task<Entry> NextAsync(int eventId)
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
            while (true)
            {
                var entry = await _entries.Reader.ReadAsync(timeout.Token);
                if (entry.EventId == eventId)
                {
                    return entry;
                }
            }
        }

        public void Dispose()
        {
        }

        public sealed record Entry(int EventId, LogLevel Level, Exception? Exception);

        private sealed class Logger(LogCapture owner) : ILogger
        {
            public IDisposable? BeginScope<TState>(TState state)
                where TState : notnull => null;

            public bool IsEnabled(LogLevel logLevel) => true;

            public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
                owner._entries.Writer.TryWrite(new Entry(eventId.Id, logLevel, exception));
        }
    }
}
