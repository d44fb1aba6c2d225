using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using SmtpServer.Protocol;
using Uonet.Access.Mail;
using Uonet.Access.Storage;

namespace Uonet.Access.MailKit.Tests;

/// <summary>The outbox dispatcher delivering through <see cref="SmtpMailSender"/> to a real server that is down or refuses.</summary>
public sealed class OutboxDeliveryTests
{
    private static readonly MailOptions Defaults = new();

    [Fact]
    public async Task DispatchPendingAsync_ServerDownThenUp_RetriesAfterBackoffAndDeliversExactlyOnce()
    {
        var (time, store) = (Mails.Clock(), new InMemoryAccessStore());
        await using var server = new LoopbackSmtpServer(LoopbackSmtpServer.FreePort());
        await using var sender = Mails.Sender(server.Port, time);
        var dispatcher = Dispatcher(store, sender, time);
        var message = Mails.Message(time);
        await store.EnqueueAsync(Protected(message), CancellationToken.None);

        var whileDown = await dispatcher.DispatchPendingAsync();
        await server.StartAsync();
        var beforeBackoff = await dispatcher.DispatchPendingAsync();
        time.Advance(Defaults.RetryBaseDelay);
        var afterBackoff = await dispatcher.DispatchPendingAsync();
        time.Advance(Defaults.PermanentFailureDelay);
        var later = await dispatcher.DispatchPendingAsync();

        Assert.Equal(new OutboxDispatchReport(0, 1), whileDown);
        Assert.Equal(new OutboxDispatchReport(0, 0), beforeBackoff);
        Assert.Equal(new OutboxDispatchReport(1, 0), afterBackoff);
        Assert.Equal(new OutboxDispatchReport(0, 0), later);
        Assert.Equal(message.MessageId, "<" + Assert.Single(server.Received).Message.MessageId + ">");
        var stored = Assert.Single(await store.ListAsync(null, 10, CancellationToken.None));
        Assert.Equal((2, (string?)null), (stored.Attempts, stored.LastError));
        Assert.NotNull(stored.SentAt);
    }

    [Fact]
    public async Task DispatchPendingAsync_ServerDown_RecordsTransientErrorAndBaseBackoff()
    {
        var (time, store) = (Mails.Clock(), new InMemoryAccessStore());
        var port = LoopbackSmtpServer.FreePort();
        await using var sender = Mails.Sender(port, time);
        await store.EnqueueAsync(Protected(Mails.Message(time)), CancellationToken.None);

        await Dispatcher(store, sender, time).DispatchPendingAsync();

        var stored = Assert.Single(await store.ListAsync(null, 10, CancellationToken.None));
        Assert.Equal(time.GetUtcNow() + Defaults.RetryBaseDelay, stored.NextAttemptAt);
        Assert.Contains("127.0.0.1:" + port, stored.LastError, StringComparison.Ordinal);
        Assert.Null(stored.SentAt);
    }

    [Fact]
    public async Task DispatchPendingAsync_Server451Twice_RetriedUntilDeliveredOnce()
    {
        var (time, store) = (Mails.Clock(), new InMemoryAccessStore());
        await using var server = await LoopbackSmtpServer.StartNewAsync(attempt => attempt <= 2 ? new SmtpResponse((SmtpReplyCode)451, "Greylisted, try again later") : null);
        await using var sender = Mails.Sender(server.Port, time);
        var dispatcher = Dispatcher(store, sender, time);
        var message = Mails.Message(time);
        await store.EnqueueAsync(Protected(message), CancellationToken.None);

        var reports = new List<OutboxDispatchReport>();
        for (var round = 0; round < 4; round++)
        {
            reports.Add(await dispatcher.DispatchPendingAsync());
            time.Advance(Defaults.RetryMaxDelay);
        }

        Assert.Equal([new(0, 1), new(0, 1), new(1, 0), new(0, 0)], reports);
        Assert.Equal(3, server.DataAttempts);
        Assert.Equal(message.MessageId, "<" + Assert.Single(server.Received).Message.MessageId + ">");
        Assert.Equal(1, server.SessionsCreated);
    }

    [Fact]
    public async Task DispatchPendingAsync_Server550_KeepsTheMessageForTheRarePermanentRetry()
    {
        var (time, store) = (Mails.Clock(), new InMemoryAccessStore());
        await using var server = await LoopbackSmtpServer.StartNewAsync(_ => new SmtpResponse(SmtpReplyCode.MailboxUnavailable, "No such user"));
        await using var sender = Mails.Sender(server.Port, time);
        await store.EnqueueAsync(Protected(Mails.Message(time)), CancellationToken.None);

        var report = await Dispatcher(store, sender, time).DispatchPendingAsync();

        Assert.Equal(new OutboxDispatchReport(0, 1), report);
        var stored = Assert.Single(await store.ListAsync(null, 10, CancellationToken.None));
        Assert.Equal(time.GetUtcNow() + Defaults.PermanentFailureDelay, stored.NextAttemptAt);
        Assert.StartsWith("SMTP 550 ", stored.LastError, StringComparison.Ordinal);
        Assert.Null(stored.SentAt);
        Assert.Empty(server.Received);
    }

    [Fact]
    public async Task DispatchPendingAsync_FiftyMessagesServerDownThenFlaky_NothingLostNothingSentTwice()
    {
        var (time, store) = (Mails.Clock(), new InMemoryAccessStore());

        // Once up, the server refuses every seventh transfer with 451, so retries interleave with first attempts.
        await using var server = new LoopbackSmtpServer(LoopbackSmtpServer.FreePort()) { Reply = attempt => attempt % 7 == 0 ? new SmtpResponse((SmtpReplyCode)451, "Try again later") : null };
        await using var sender = Mails.Sender(server.Port, time);
        var dispatcher = Dispatcher(store, sender, time);
        var queued = Enumerable.Range(1, 50).Select(n => Mails.Message(time, n)).ToList();
        foreach (var message in queued)
        {
            await store.EnqueueAsync(Protected(message), CancellationToken.None);
        }

        var down = new List<OutboxDispatchReport>();
        for (var round = 0; round < 2; round++)
        {
            down.Add(await dispatcher.DispatchPendingAsync());
            time.Advance(Defaults.RetryMaxDelay);
        }

        await server.StartAsync();
        var sent = 0;
        for (var round = 0; round < 10 && sent < queued.Count; round++)
        {
            sent += (await dispatcher.DispatchPendingAsync()).Sent;
            time.Advance(Defaults.RetryMaxDelay);
        }

        Assert.All(down, report => Assert.Equal(new OutboxDispatchReport(0, 50), report));
        Assert.Equal(50, sent);
        var receivedIds = server.Received.Select(r => "<" + r.Message.MessageId + ">").ToList();
        Assert.Equal(queued.Select(m => m.MessageId).Order(StringComparer.Ordinal), receivedIds.Order(StringComparer.Ordinal));
        Assert.True(server.DataAttempts > 50, "the flaky server refused some transfers");
        Assert.Equal(1, server.SessionsCreated);
        Assert.All(await store.ListAsync(null, 100, CancellationToken.None), m => Assert.NotNull(m.SentAt));
        Assert.Equal(new OutboxDispatchReport(0, 0), await dispatcher.DispatchPendingAsync());
    }

    // The library's own protector, as a host gets it: the outbox holds bodies and links only protected.
    private static readonly IMailProtector Protector = new ServiceCollection()
        .AddUonetAccess(o => o.EnvironmentName = "Development").UseInMemoryStore().UsePickupFolder(Path.GetTempPath())
        .Services.BuildServiceProvider().GetRequiredService<IMailProtector>();

    private static OutboxMessage Protected(OutboxMessage message) => message with
    {
        TextBody = Protector.Protect(message.TextBody),
        HtmlBody = Protector.Protect(message.HtmlBody),
        Link = message.Link is null ? null : Protector.Protect(message.Link),
    };

    private static OutboxDispatcher Dispatcher(InMemoryAccessStore store, SmtpMailSender sender, FakeTimeProvider time) =>
        new(store, sender, Protector, time, Options.Create(new UonetAccessOptions()));
}
