using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using Uonet.Access.Mail;
using Uonet.Access.Storage;
using Uonet.Access.Tests.Credentials.Workflows;

namespace Uonet.Access.Tests.Mail;

public sealed class OutboxDispatcherTests
{
    private static readonly TimeSpan BaseDelay = TimeSpan.FromSeconds(30);

    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 9, 1, 7, 30, 0, TimeSpan.Zero));
    private readonly InMemoryAccessStore _store = new();
    private readonly IOptions<UonetAccessOptions> _options = Options.Create(new UonetAccessOptions());
    private readonly IMailProtector _protector = TestMailKeys.Protector("k1");

    public OutboxDispatcherTests()
    {
        _options.Value.Mail.RetryBaseDelay = BaseDelay;
        _options.Value.Mail.RetryMaxDelay = TimeSpan.FromMinutes(30);
        _options.Value.Mail.PermanentFailureDelay = TimeSpan.FromHours(6);
        _options.Value.Mail.ClaimDuration = TimeSpan.FromMinutes(5);
    }

    [Fact]
    public async Task DispatchPending_DueMessages_DeliversAllAndMarksThemSent()
    {
        var messages = await EnqueueAsync(3);
        var sender = new FakeMailSender();

        var report = await Dispatcher(sender).DispatchPendingAsync();

        Assert.Equal(new OutboxDispatchReport(3, 0), report);
        Assert.Equal(messages.Select(m => m.Id), sender.Calls.Select(m => m.Id));
        foreach (var message in messages)
        {
            var stored = await StoredAsync(message.Id);
            Assert.Equal(_time.GetUtcNow(), stored.SentAt);
            Assert.Equal(1, stored.Attempts);
            Assert.Null(stored.ClaimedUntil);
            Assert.Null(stored.LastError);
        }
    }

    [Fact]
    public async Task DispatchPending_AfterDelivery_NeverClaimsTheMessageAgain()
    {
        await EnqueueAsync(2);
        var sender = new FakeMailSender();
        var dispatcher = Dispatcher(sender);
        await dispatcher.DispatchPendingAsync();
        _time.Advance(TimeSpan.FromDays(1));

        var report = await dispatcher.DispatchPendingAsync();

        Assert.Equal(new OutboxDispatchReport(0, 0), report);
        Assert.Equal(2, sender.Calls.Count);
        Assert.Empty(await _store.ClaimDueAsync(_time.GetUtcNow(), 10, _time.GetUtcNow().AddMinutes(1), CancellationToken.None));
    }

    [Fact]
    public async Task DispatchPending_MessageNotYetDue_WaitsUntilItIs()
    {
        var message = (await EnqueueAsync(1, nextAttemptIn: TimeSpan.FromMinutes(10)))[0];
        var sender = new FakeMailSender();
        var dispatcher = Dispatcher(sender);

        var early = await dispatcher.DispatchPendingAsync();
        _time.Advance(TimeSpan.FromMinutes(10));
        var due = await dispatcher.DispatchPendingAsync();

        Assert.Equal(new OutboxDispatchReport(0, 0), early);
        Assert.Equal(new OutboxDispatchReport(1, 0), due);
        Assert.Equal(message.Id, Assert.Single(sender.Calls).Id);
    }

    [Fact]
    public async Task DispatchPending_MoreMessagesThanOneBatch_DeliversAllOldestFirst()
    {
        _options.Value.Mail.DispatchBatchSize = 2;
        var messages = await EnqueueAsync(5);
        var sender = new FakeMailSender();

        var report = await Dispatcher(sender).DispatchPendingAsync();

        Assert.Equal(new OutboxDispatchReport(5, 0), report);
        Assert.Equal(messages.Select(m => m.Id), sender.Calls.Select(m => m.Id));
    }

    [Fact]
    public async Task DispatchPending_TransientFailures_RetriedAfterBackoffAndDeliveredExactlyOnce()
    {
        var message = (await EnqueueAsync(1))[0];
        var sender = new FakeMailSender((_, attempt) => attempt <= 3 ? Transient("421 4.3.2 try again later") : MailDeliveryResult.Delivered);
        var dispatcher = Dispatcher(sender);

        // Attempt n fails and waits 30 s · 2^(n-1); one second early the message is not due.
        var expectedDelays = new[] { BaseDelay, BaseDelay * 2, BaseDelay * 4 };
        for (var failure = 0; failure < expectedDelays.Length; failure++)
        {
            var failedAt = _time.GetUtcNow();
            Assert.Equal(new OutboxDispatchReport(0, 1), await dispatcher.DispatchPendingAsync());
            var stored = await StoredAsync(message.Id);
            Assert.Equal(failedAt + expectedDelays[failure], stored.NextAttemptAt);
            Assert.Equal(failure + 1, stored.Attempts);
            Assert.Equal("421 4.3.2 try again later", stored.LastError);
            Assert.Null(stored.SentAt);
            Assert.Null(stored.ClaimedUntil);

            _time.Advance(expectedDelays[failure] - TimeSpan.FromSeconds(1));
            Assert.Equal(new OutboxDispatchReport(0, 0), await dispatcher.DispatchPendingAsync());
            Assert.Equal(failure + 1, sender.Calls.Count);
            _time.Advance(TimeSpan.FromSeconds(1));
        }

        var delivered = await dispatcher.DispatchPendingAsync();
        _time.Advance(TimeSpan.FromDays(1));
        var afterwards = await dispatcher.DispatchPendingAsync();

        Assert.Equal(new OutboxDispatchReport(1, 0), delivered);
        Assert.Equal(new OutboxDispatchReport(0, 0), afterwards);
        Assert.Equal(4, sender.Calls.Count);
        var sent = await StoredAsync(message.Id);
        Assert.NotNull(sent.SentAt);
        Assert.Equal(4, sent.Attempts);
        Assert.Null(sent.LastError);
    }

    [Fact]
    public async Task DispatchPending_ManyTransientFailures_DelayCappedAtRetryMaxDelay()
    {
        _options.Value.Mail.RetryMaxDelay = TimeSpan.FromSeconds(90);
        var message = (await EnqueueAsync(1))[0];
        var dispatcher = Dispatcher(new FakeMailSender((_, _) => Transient("timeout")));
        var delays = new List<TimeSpan>();

        for (var i = 0; i < 5; i++)
        {
            var now = _time.GetUtcNow();
            await dispatcher.DispatchPendingAsync();
            var next = (await StoredAsync(message.Id)).NextAttemptAt;
            delays.Add(next - now);
            _time.Advance(next - now);
        }

        Assert.Equal([BaseDelay, BaseDelay * 2, TimeSpan.FromSeconds(90), TimeSpan.FromSeconds(90), TimeSpan.FromSeconds(90)], delays);
        Assert.Null((await StoredAsync(message.Id)).SentAt);
    }

    [Fact]
    public async Task DispatchPending_PermanentFailure_RetriedAfterPermanentFailureDelayNeverDropped()
    {
        var message = (await EnqueueAsync(1))[0];
        var sender = new FakeMailSender((_, attempt) => attempt == 1
            ? new MailDeliveryResult(MailDeliveryStatus.PermanentFailure, "550 5.1.1 mailbox unavailable")
            : MailDeliveryResult.Delivered);
        var dispatcher = Dispatcher(sender);
        var failedAt = _time.GetUtcNow();

        var failed = await dispatcher.DispatchPendingAsync();
        var stored = await StoredAsync(message.Id);
        _time.Advance(TimeSpan.FromHours(6) - TimeSpan.FromSeconds(1));
        var early = await dispatcher.DispatchPendingAsync();
        _time.Advance(TimeSpan.FromSeconds(1));
        var retried = await dispatcher.DispatchPendingAsync();

        Assert.Equal(new OutboxDispatchReport(0, 1), failed);
        Assert.Equal(failedAt + TimeSpan.FromHours(6), stored.NextAttemptAt);
        Assert.Equal("550 5.1.1 mailbox unavailable", stored.LastError);
        Assert.Equal(new OutboxDispatchReport(0, 0), early);
        Assert.Equal(new OutboxDispatchReport(1, 0), retried);
        Assert.NotNull((await StoredAsync(message.Id)).SentAt);
    }

    [Fact]
    public async Task DispatchPending_FailureWithoutErrorText_RecordsTheStatus()
    {
        var message = (await EnqueueAsync(1))[0];

        await Dispatcher(new FakeMailSender((_, _) => new MailDeliveryResult(MailDeliveryStatus.TransientFailure))).DispatchPendingAsync();

        Assert.Equal(nameof(MailDeliveryStatus.TransientFailure), (await StoredAsync(message.Id)).LastError);
    }

    [Fact]
    public async Task DispatchPending_VeryLongError_IsStoredCutTo500Characters()
    {
        var message = (await EnqueueAsync(1))[0];

        await Dispatcher(new FakeMailSender((_, _) => Transient(new string('x', 2000)))).DispatchPendingAsync();

        Assert.Equal(new string('x', 500), (await StoredAsync(message.Id)).LastError);
    }

    [Fact]
    public async Task DispatchPending_SenderThrows_CountedAsTransientAndRestOfBatchDelivered()
    {
        var messages = await EnqueueAsync(3);
        var failing = messages[0].Id;
        var sender = new FakeMailSender((m, _) => m.Id == failing ? throw new InvalidOperationException("boom") : MailDeliveryResult.Delivered);

        var report = await Dispatcher(sender).DispatchPendingAsync();

        Assert.Equal(new OutboxDispatchReport(2, 1), report);
        var stored = await StoredAsync(failing);
        Assert.Null(stored.SentAt);
        Assert.Equal("InvalidOperationException: boom", stored.LastError);
        Assert.Equal(_time.GetUtcNow() + BaseDelay, stored.NextAttemptAt);
        Assert.NotNull((await StoredAsync(messages[1].Id)).SentAt);
        Assert.NotNull((await StoredAsync(messages[2].Id)).SentAt);
    }

    [Fact]
    public async Task DispatchPending_MixedOutcomes_ReportCountsEach()
    {
        var messages = await EnqueueAsync(4);
        var outcomes = new Dictionary<Guid, MailDeliveryResult>
        {
            [messages[0].Id] = MailDeliveryResult.Delivered,
            [messages[1].Id] = Transient("421"),
            [messages[2].Id] = new MailDeliveryResult(MailDeliveryStatus.PermanentFailure, "550"),
            [messages[3].Id] = MailDeliveryResult.Delivered,
        };

        var report = await Dispatcher(new FakeMailSender((m, _) => outcomes[m.Id])).DispatchPendingAsync();

        Assert.Equal(new OutboxDispatchReport(2, 2), report);
        Assert.Equal(_time.GetUtcNow() + BaseDelay, (await StoredAsync(messages[1].Id)).NextAttemptAt);
        Assert.Equal(_time.GetUtcNow() + TimeSpan.FromHours(6), (await StoredAsync(messages[2].Id)).NextAttemptAt);
    }

    [Fact]
    public async Task DispatchPending_NoDelayBetweenRetries_FailedMessageNotRetriedInTheSameRun()
    {
        _options.Value.Mail.RetryBaseDelay = TimeSpan.Zero;
        await EnqueueAsync(1);
        var sender = new FakeMailSender((_, _) => Transient("down"));

        var report = await Dispatcher(sender).DispatchPendingAsync();

        Assert.Equal(new OutboxDispatchReport(0, 1), report);
        Assert.Single(sender.Calls);
    }

    [Fact]
    public async Task DispatchPending_MessageIdStableAcrossRetries()
    {
        var message = (await EnqueueAsync(1))[0];
        var sender = new FakeMailSender((_, attempt) => attempt switch
        {
            1 => Transient("421"),
            2 => throw new TimeoutException("slow"),
            3 => new MailDeliveryResult(MailDeliveryStatus.PermanentFailure, "550"),
            _ => MailDeliveryResult.Delivered,
        });
        var dispatcher = Dispatcher(sender);

        for (var i = 0; i < 4; i++)
        {
            await dispatcher.DispatchPendingAsync();
            _time.Advance(TimeSpan.FromHours(7));
        }

        Assert.Equal(4, sender.Calls.Count);
        Assert.All(sender.Calls, call => Assert.Equal(message.MessageId, call.MessageId));
        Assert.All(sender.Calls, call => Assert.Equal(message.Id, call.Id));
        Assert.NotNull((await StoredAsync(message.Id)).SentAt);
    }

    [Fact]
    public async Task DispatchPending_MessageClaimedByAnotherDispatcher_IsNotSentByTheSecond()
    {
        var message = (await EnqueueAsync(1))[0];
        var release = new TaskCompletionSource<MailDeliveryResult>(TaskCreationOptions.RunContinuationsAsynchronously);
        var first = new FakeMailSender((_, _, _) => release.Task);
        var second = new FakeMailSender();
        var firstRun = Dispatcher(first).DispatchPendingAsync();
        await first.Started.Task;

        var secondReport = await Dispatcher(second).DispatchPendingAsync();
        release.SetResult(MailDeliveryResult.Delivered);
        var firstReport = await firstRun;
        var secondAgain = await Dispatcher(second).DispatchPendingAsync();

        Assert.Equal(new OutboxDispatchReport(0, 0), secondReport);
        Assert.Equal(new OutboxDispatchReport(1, 0), firstReport);
        Assert.Equal(new OutboxDispatchReport(0, 0), secondAgain);
        Assert.Empty(second.Calls);
        Assert.Equal(message.Id, Assert.Single(first.Calls).Id);
        Assert.NotNull((await StoredAsync(message.Id)).SentAt);
    }

    [Fact]
    public async Task DispatchPending_DispatcherDiedHoldingClaim_DeliveredByAnotherAfterClaimExpires()
    {
        var message = (await EnqueueAsync(1))[0];
        var claimedAt = _time.GetUtcNow();
        using var death = new CancellationTokenSource();
        var dying = new FakeMailSender(async (_, _, token) =>
        {
            await Task.Delay(Timeout.InfiniteTimeSpan, token);
            return MailDeliveryResult.Delivered;
        });
        var survivor = new FakeMailSender();
        var dyingRun = Dispatcher(dying).DispatchPendingAsync(death.Token);
        await dying.Started.Task;
        await death.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => dyingRun);
        var held = await StoredAsync(message.Id);

        _time.Advance(TimeSpan.FromMinutes(5) - TimeSpan.FromSeconds(1));
        var whileClaimed = await Dispatcher(survivor).DispatchPendingAsync();
        _time.Advance(TimeSpan.FromSeconds(1));
        var afterExpiry = await Dispatcher(survivor).DispatchPendingAsync();

        Assert.Null(held.SentAt);
        Assert.Equal(claimedAt + TimeSpan.FromMinutes(5), held.ClaimedUntil);
        Assert.Equal(new OutboxDispatchReport(0, 0), whileClaimed);
        Assert.Equal(new OutboxDispatchReport(1, 0), afterExpiry);
        Assert.Equal(message.MessageId, Assert.Single(survivor.Calls).MessageId);
        Assert.NotNull((await StoredAsync(message.Id)).SentAt);
    }

    [Fact]
    public async Task DispatchPending_ProtectedMessage_SenderGetsItInClear_TheStoreNeverHoldsItInClear_ErasedOnceSent()
    {
        var message = (await EnqueueAsync(1))[0];
        var before = await StoredAsync(message.Id);
        var sender = new FakeMailSender();

        await Dispatcher(sender).DispatchPendingAsync();

        Assert.DoesNotContain("Dzień dobry", before.TextBody + before.HtmlBody, StringComparison.Ordinal);
        Assert.DoesNotContain("dostep?token", before.Link, StringComparison.Ordinal);
        var sent = Assert.Single(sender.Calls);
        Assert.Equal(("Dzień dobry", "<p>Dzień dobry</p>", message.Link), (sent.TextBody, sent.HtmlBody, sent.Link));
        var after = await StoredAsync(message.Id);
        Assert.Equal((string.Empty, string.Empty, (string?)null), (after.TextBody, after.HtmlBody, after.Link));
        Assert.Equal((message.To, message.Subject, message.MessageId), (after.To, after.Subject, after.MessageId));
    }

    [Fact]
    public async Task DispatchPending_MessageWhoseKeyIsNoLongerConfigured_NeverSentEmpty_ReportedLoggedAndKeptQueued()
    {
        var message = (await EnqueueAsync(1))[0];
        var sender = new FakeMailSender();
        using var logs = new CapturingLoggerProvider();
        using var loggers = new LoggerFactory([logs]);
        var rotatedAway = new OutboxDispatcher(_store, sender, TestMailKeys.Protector("k2"), _time, _options, loggers.CreateLogger<OutboxDispatcher>());

        var report = await rotatedAway.DispatchPendingAsync();

        Assert.Empty(sender.Calls);
        Assert.Equal((0, 1, 1), (report.Sent, report.Failed, report.Unreadable));
        Assert.Contains($"{message.Id}: MailProtection: key 'k1' is not configured", report.UnreadableError, StringComparison.Ordinal);
        var stored = await StoredAsync(message.Id);
        Assert.Null(stored.SentAt);
        Assert.Contains("key 'k1' is not configured", stored.LastError, StringComparison.Ordinal);
        Assert.Equal(_time.GetUtcNow() + TimeSpan.FromHours(6), stored.NextAttemptAt);
        Assert.Contains(logs.Texts, t => t.Contains("cannot be read and was not sent", StringComparison.Ordinal) && t.Contains("'k1'", StringComparison.Ordinal));
    }

    [Fact]
    public async Task DispatchPending_MessageOfAnOlderKeyAfterRotation_Sent()
    {
        var oldKey = TestMailKeys.NewKey();
        var before = TestMailKeys.Protector("2026-01", new Dictionary<string, string> { ["2026-01"] = oldKey });
        var after = TestMailKeys.Protector("2026-09", new Dictionary<string, string> { ["2026-01"] = oldKey, ["2026-09"] = TestMailKeys.NewKey() });
        var message = (await EnqueueAsync(1))[0];
        await _store.MarkSentAsync(message.Id, _time.GetUtcNow(), CancellationToken.None);
        var queued = OutboxProtection.Protect(before, message with { Id = Guid.NewGuid(), MessageId = "<rotated@uonet-access.local>" });
        await _store.EnqueueAsync(queued, CancellationToken.None);
        var sender = new FakeMailSender();

        var report = await new OutboxDispatcher(_store, sender, after, _time, _options).DispatchPendingAsync();

        Assert.Equal(new OutboxDispatchReport(1, 0), report);
        Assert.Equal("Dzień dobry", Assert.Single(sender.Calls).TextBody);
    }

    [Fact]
    public async Task DevelopmentOutbox_PendingMessage_ShownInClear_UnreadableOneNamesItsKey()
    {
        var message = (await EnqueueAsync(1))[0];

        var readable = Assert.Single(await new DevelopmentOutbox(_store, _protector).ListAsync(null, 10));
        var unreadable = Assert.Single(await new DevelopmentOutbox(_store, TestMailKeys.Protector("k2")).ListAsync(null, 10));

        Assert.Equal((message.TextBody, message.Link, (string?)null), (readable.Message.TextBody, readable.Message.Link, readable.UnreadableReason));
        Assert.Equal((string.Empty, (string?)null), (unreadable.Message.TextBody, unreadable.Message.Link));
        Assert.Contains("key 'k1'", unreadable.UnreadableReason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task DispatchPending_EmptyOutbox_ReportsNothing()
    {
        var sender = new FakeMailSender();

        var report = await Dispatcher(sender).DispatchPendingAsync();

        Assert.Equal(new OutboxDispatchReport(0, 0), report);
        Assert.Empty(sender.Calls);
    }

    private static MailDeliveryResult Transient(string error) => new(MailDeliveryStatus.TransientFailure, error);

    private OutboxDispatcher Dispatcher(IMailSender sender) => new(_store, sender, _protector, _time, _options);

    private async Task<OutboxMessage> StoredAsync(Guid id)
    {
        var all = await _store.ListAsync(to: null, limit: 1000, CancellationToken.None);
        return Assert.Single(all, m => m.Id == id);
    }

    // Messages are created one second apart, so "oldest first" has one right answer.
    private async Task<IReadOnlyList<OutboxMessage>> EnqueueAsync(int count, TimeSpan nextAttemptIn = default)
    {
        var messages = new List<OutboxMessage>();
        for (var i = 0; i < count; i++)
        {
            var id = Guid.NewGuid();
            var message = new OutboxMessage
            {
                Id = id,
                MessageId = $"<{id:N}@uonet-access.local>",
                InstanceSymbol = TestSchool.Symbol,
                Kind = MailKind.PasswordSet,
                To = $"rodzic{i}@example.pl",
                Subject = "Hasło do dziennika zostało ustawione – Gmina Wulkanowo",
                TextBody = "Dzień dobry",
                HtmlBody = "<p>Dzień dobry</p>",
                Link = $"https://uonetplus.example.pl/gminawulkanowo/dostep?token=t{i}",
                CreatedAt = _time.GetUtcNow() - TimeSpan.FromSeconds(count - i),
                NextAttemptAt = _time.GetUtcNow() + nextAttemptIn,
            };
            await _store.EnqueueAsync(OutboxProtection.Protect(_protector, message), CancellationToken.None);
            messages.Add(message);
        }

        return messages;
    }

    /// <summary>Records every call; answers with a script of (message, attempt number of that message).</summary>
    private sealed class FakeMailSender : IMailSender
    {
        private readonly Func<OutboxMessage, int, CancellationToken, Task<MailDeliveryResult>> _answer;
        private readonly List<OutboxMessage> _calls = [];
        private readonly Dictionary<Guid, int> _attempts = [];

        public FakeMailSender(Func<OutboxMessage, int, CancellationToken, Task<MailDeliveryResult>> answer) => _answer = answer;

        public FakeMailSender(Func<OutboxMessage, int, MailDeliveryResult> answer)
            : this((message, attempt, _) => Task.FromResult(answer(message, attempt)))
        {
        }

        public FakeMailSender()
            : this((_, _) => MailDeliveryResult.Delivered)
        {
        }

        /// <summary>Completes when the first call begins.</summary>
        public TaskCompletionSource Started { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public IReadOnlyList<OutboxMessage> Calls
        {
            get
            {
                lock (_calls)
                {
                    return [.. _calls];
                }
            }
        }

        public Task<MailDeliveryResult> SendAsync(OutboxMessage message, CancellationToken cancellationToken)
        {
            int attempt;
            lock (_calls)
            {
                _calls.Add(message);
                attempt = _attempts[message.Id] = _attempts.GetValueOrDefault(message.Id) + 1;
            }

            Started.TrySetResult();
            return _answer(message, attempt, cancellationToken);
        }
    }
}
