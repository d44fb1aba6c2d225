using SmtpServer.Protocol;
using Uonet.Access.Mail;

namespace Uonet.Access.MailKit.Tests.Outage;

/// <summary>
/// The outbox through an SMTP outage (DESIGN §2: mail is never sent inline, never dropped): a real server on loopback
/// is stopped, or refuses every message with 451, while 1,000 guardians ask for their first-login link and the
/// dispatcher keeps running on a moving clock; once the server is back every link arrives exactly once, told apart by
/// its Message-Id. A server that drops the connection in the middle of a batch loses nothing either; the one duplicate
/// SMTP itself cannot prevent keeps its Message-Id, so the receiving side can recognise it.
/// </summary>
public sealed class OutboxOutageTests
{
    private const int Families = 1_000;
    private const int RequestsPerDispatch = 100;
    private const string Stopped = "stopped";

    [Theory]
    [InlineData(Stopped)]
    [InlineData("refusing with 451")]
    public async Task DispatchPendingAsync_ServerDownDuring1000FirstLogins_EveryLinkDeliveredExactlyOnceAfterItReturns(string outage)
    {
        var refusing = false;
        await using var server = new LoopbackSmtpServer(LoopbackSmtpServer.FreePort())
        {
            Reply = _ => Volatile.Read(ref refusing) ? new SmtpResponse((SmtpReplyCode)451, "Requested action aborted: local error in processing") : null,
        };
        await server.StartAsync();
        await using var district = await FirstLoginDistrict.CreateAsync(server.Port, Families);
        var before = new List<OutboxDispatchReport>();
        var during = new List<OutboxDispatchReport>();
        var after = new List<OutboxDispatchReport>();
        async Task GoDownAsync(bool down)
        {
            if (outage == Stopped)
            {
                await (down ? server.StopAsync() : server.StartAsync());
            }
            else
            {
                Volatile.Write(ref refusing, down);
            }
        }

        // A fifth of the requests while the server is up, the rest while it is down, the dispatcher running every 100.
        await RequestAndDispatchAsync(district, district.Guardians.Take(Families / 5), before);
        await GoDownAsync(true);
        await RequestAndDispatchAsync(district, district.Guardians.Skip(Families / 5), during);
        var queuedWhileDown = await district.OutboxAsync();
        var lastRunWhileDown = district.Time.GetUtcNow();
        await GoDownAsync(false);
        for (var round = 0; round < 10 && after.Sum(r => r.Sent) < Families * 4 / 5; round++)
        {
            district.Time.Advance(district.Mail.RetryMaxDelay);
            after.Add(await district.Dispatcher.DispatchPendingAsync());
        }

        var lastRun = await district.Dispatcher.DispatchPendingAsync();
        var outbox = await district.OutboxAsync();
        var received = server.Received.Select(r => (MessageId: "<" + r.Message.MessageId + ">", To: Assert.Single(r.EnvelopeTo))).ToList();

        Assert.Equal((Families / 5, 0), (before.Sum(r => r.Sent), before.Sum(r => r.Failed)));
        Assert.Equal(0, during.Sum(r => r.Sent));
        Assert.True(during.Sum(r => r.Failed) >= Families * 4 / 5, $"{during.Sum(r => r.Failed)} failed attempts counted while down");
        Assert.All(queuedWhileDown.Where(m => m.SentAt is null), m =>
        {
            // Every failure scheduled a retry after the run that made it: none was dropped, none left due and forgotten.
            Assert.True(m.Attempts >= 1 && m.LastError is not null, $"{m.To}: {m.Attempts} attempts, {m.LastError}");
            Assert.True(m.NextAttemptAt > lastRunWhileDown, $"{m.To}: retry scheduled at {m.NextAttemptAt}");
        });
        Assert.Equal(Families * 4 / 5, queuedWhileDown.Count(m => m.SentAt is null));
        Assert.Contains(queuedWhileDown, m => m.Attempts >= 2);
        Assert.Equal(Families * 4 / 5, after.Sum(r => r.Sent));
        Assert.Equal(new OutboxDispatchReport(0, 0), lastRun);
        Assert.Equal(Families, outbox.Count);
        Assert.All(outbox, m => Assert.True(m.SentAt is not null && m.Kind == MailKind.AccessLink, $"{m.To}: {m.Kind}, sent {m.SentAt}"));
        Assert.Equal(Families, received.Count);
        Assert.Equal(outbox.Select(m => m.MessageId).Order(StringComparer.Ordinal), received.Select(r => r.MessageId).Order(StringComparer.Ordinal));
        Assert.Equal(district.Guardians.Order(StringComparer.Ordinal), received.Select(r => r.To).Order(StringComparer.Ordinal));
        Assert.All(received, r => Assert.Equal(outbox.Single(m => m.MessageId == r.MessageId).To, r.To));
    }

    [Fact]
    public async Task DispatchPendingAsync_ConnectionCutMidBatch_NothingLostAndTheOneUnavoidableDuplicateKeepsItsMessageId()
    {
        const int families = 200;
        await using var cutting = new LoopbackSmtpServer(LoopbackSmtpServer.FreePort())
        {
            // Transfer 37 is kept and then the line goes dead before the "250 OK"; transfer 120 dies before it is kept.
            Cut = attempt => attempt switch
            {
                37 => ConnectionCut.AfterKeeping,
                120 => ConnectionCut.BeforeKeeping,
                _ => null,
            },
        };
        await cutting.StartAsync();
        await using var district = await FirstLoginDistrict.CreateAsync(cutting.Port, families);
        foreach (var guardian in district.Guardians)
        {
            Assert.True((await district.RequestLinkAsync(guardian)).Succeeded);
        }

        var reports = new List<OutboxDispatchReport>();
        for (var round = 0; round < 5 && reports.Sum(r => r.Sent) < families; round++)
        {
            reports.Add(await district.Dispatcher.DispatchPendingAsync());
            district.Time.Advance(district.Mail.RetryMaxDelay);
        }

        var outbox = await district.OutboxAsync();
        var received = cutting.Received.GroupBy(r => "<" + r.Message.MessageId + ">").ToDictionary(g => g.Key, g => g.ToList(), StringComparer.Ordinal);

        Assert.Equal((families, 2), (reports.Sum(r => r.Sent), reports.Sum(r => r.Failed)));
        Assert.All(outbox, m => Assert.NotNull(m.SentAt));
        Assert.Equal(outbox.Select(m => m.MessageId).Order(StringComparer.Ordinal), received.Keys.Order(StringComparer.Ordinal));
        Assert.Equal(families + 1, cutting.Received.Count);
        var duplicate = Assert.Single(received, r => r.Value.Count > 1);
        Assert.Equal(2, duplicate.Value.Count);
        Assert.Equal(2, outbox.Single(m => m.MessageId == duplicate.Key).Attempts);

        // Both copies are the same message, down to its Date: a reader's client or the receiving server can drop one.
        var (first, second) = (duplicate.Value[0].Message, duplicate.Value[1].Message);
        Assert.Equal((first.Date, first.Subject, first.TextBody, first.To.ToString()), (second.Date, second.Subject, second.TextBody, second.To.ToString()));
        Assert.True(cutting.SessionsCreated >= 3, $"{cutting.SessionsCreated} sessions: a new one after each cut");
    }

    private static async Task RequestAndDispatchAsync(FirstLoginDistrict district, IEnumerable<string> guardians, List<OutboxDispatchReport> reports)
    {
        foreach (var chunk in guardians.Chunk(RequestsPerDispatch))
        {
            district.Time.Advance(TimeSpan.FromSeconds(10));
            foreach (var guardian in chunk)
            {
                Assert.True((await district.RequestLinkAsync(guardian)).Succeeded, guardian);
            }

            reports.Add(await district.Dispatcher.DispatchPendingAsync());
        }
    }
}
