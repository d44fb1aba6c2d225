using System.Collections.Concurrent;
using Uonet.Access.Mail;
using Uonet.Access.PostgreSql.Tests.Infrastructure;
using static Uonet.Access.Specification.Tests.Fixtures;

namespace Uonet.Access.PostgreSql.Tests.AcrossInstances;

// Every instance runs its own dispatcher on a timer, so two dispatchers work on one outbox at once: no message may be sent
// twice (a parent getting two links, two "new device" alarms) and none may be left behind.
public sealed class OutboxAcrossInstancesTests : IDisposable
{
    private const int Messages = 200;

    private readonly ScratchSchema _schema = new();

    public void Dispose() => _schema.Dispose();

    [Fact]
    public async Task DispatchPendingAsync_OneDispatcherPerInstanceAtOnce_EachMessageSentExactlyOnce()
    {
        var deliveries = new ConcurrentQueue<(string Instance, string MessageId)>();
        using var bothHoldClaims = new CountdownEvent(2);
        Action<UonetAccessOptions> smallBatches = o => o.Mail.DispatchBatchSize = 10;
        await using var first = AppInstance.Start(_schema, "node-a", smallBatches, new GatedSender("node-a", bothHoldClaims, deliveries));
        await using var second = AppInstance.Start(_schema, "node-b", smallBatches, new GatedSender("node-b", bothHoldClaims, deliveries));
        for (var i = 0; i < Messages; i++)
        {
            var mail = NewMail($"rodzic{i:D3}@example.pl", createdAt: Now.AddMilliseconds(-i));
            var protector = first.Get<IMailProtector>();
            await first.Store.EnqueueAsync(mail with { TextBody = protector.Protect(mail.TextBody), HtmlBody = protector.Protect(mail.HtmlBody) }, CancellationToken.None);
        }

        var reports = await RunTogetherAsync(new[] { first, second }.Select(n => (Func<Task<OutboxDispatchReport>>)(() => n.Get<OutboxDispatcher>().DispatchPendingAsync())));

        var sent = deliveries.Select(d => d.MessageId).ToList();
        Assert.Equal(Messages, sent.Count);
        Assert.Equal(Messages, sent.Distinct().Count());
        Assert.Equal(Messages, reports.Sum(r => r.Sent));
        Assert.All(reports, r => Assert.True(r.Sent > 0, "both dispatchers delivered a share"));
        Assert.All(await first.Store.ListAsync(null, 1000, CancellationToken.None), m => Assert.Equal(1, m.Attempts));
    }

    /// <summary>
    /// Records each delivery; the first message of each dispatcher waits until the other dispatcher also has one in hand,
    /// so that both hold claims at the same moment however the threads are scheduled.
    /// </summary>
    private sealed class GatedSender(string instance, CountdownEvent bothHoldClaims, ConcurrentQueue<(string, string)> deliveries) : IMailSender
    {
        private int _first = 1;

        public async Task<MailDeliveryResult> SendAsync(OutboxMessage message, CancellationToken cancellationToken)
        {
            if (Interlocked.Exchange(ref _first, 0) == 1)
            {
                bothHoldClaims.Signal();
                await Task.Run(() => Assert.True(bothHoldClaims.Wait(TimeSpan.FromMinutes(1)), "the other dispatcher never claimed a message"), cancellationToken);
            }

            deliveries.Enqueue((instance, message.MessageId));
            return MailDeliveryResult.Delivered;
        }
    }
}
