using Uonet.Access.Credentials;
using Uonet.Access.Mail;
using Xunit;

namespace Uonet.Access.Specification.Tests;

// The outbox is what makes mail neither lost nor doubled: claims are leases, and a claimed message belongs to
// one dispatcher until it reports back or its lease runs out.
public abstract partial class StoreSpecification
{
    // Literal values: static initializers in different files of a partial class run in no promised order.
    private static readonly DateTimeOffset Dispatched = new(2026, 9, 1, 8, 10, 0, TimeSpan.Zero);

    private static readonly DateTimeOffset LeaseEnds = new(2026, 9, 1, 8, 15, 0, TimeSpan.Zero);

    [Fact]
    public async Task EnqueueAsync_Messages_ListedWithEveryField()
    {
        var store = await CreateStoreAsync();
        await SeedSchoolsAsync(store);
        var link = LinkMail(NewLinkToken());
        var general = NewMail(OtherParentEmail, MailKind.NewDevice, Requested.AddMinutes(1), symbol: null) with { NextAttemptAt = Requested.AddMinutes(3) };

        await store.Outbox.EnqueueAsync(link, CancellationToken.None);
        await store.Outbox.EnqueueAsync(general, CancellationToken.None);

        var listed = await AllMailAsync(store);
        Assert.Equal(2, listed.Count);
        AssertSameMail(general, listed[0]);
        AssertSameMail(link, listed[1]);
        Assert.All(listed, m => Assert.Null(m.ClaimedUntil));
    }

    [Fact]
    public async Task ListAsync_SeveralMessages_NewestFirst()
    {
        var store = await CreateStoreAsync();
        await SeedSchoolsAsync(store);
        var minutes = new[] { 3, 0, 4, 1, 2 };
        foreach (var minute in minutes)
        {
            await store.Outbox.EnqueueAsync(NewMail(createdAt: Requested.AddMinutes(minute)), CancellationToken.None);
        }

        var listed = await AllMailAsync(store);

        Assert.Equal([4, 3, 2, 1, 0], listed.Select(m => (int)(m.CreatedAt - Requested).TotalMinutes));
    }

    [Fact]
    public async Task ListAsync_Limit_ReturnsOnlyTheNewest()
    {
        var store = await CreateStoreAsync();
        await SeedSchoolsAsync(store);
        var mails = Enumerable.Range(0, 5).Select(i => NewMail(createdAt: Requested.AddMinutes(i))).ToList();
        foreach (var mail in mails)
        {
            await store.Outbox.EnqueueAsync(mail, CancellationToken.None);
        }

        var listed = await store.Outbox.ListAsync(null, 2, CancellationToken.None);

        Assert.Equal([mails[4].Id, mails[3].Id], listed.Select(m => m.Id));
    }

    [Fact]
    public async Task ListAsync_Recipient_OnlyMessagesToThatAddress()
    {
        var store = await CreateStoreAsync();
        await SeedSchoolsAsync(store);
        var first = NewMail(ParentEmail, createdAt: Requested);
        var other = NewMail(OtherParentEmail, createdAt: Requested.AddMinutes(1));
        var second = NewMail(ParentEmail, createdAt: Requested.AddMinutes(2));
        foreach (var mail in new[] { first, other, second })
        {
            await store.Outbox.EnqueueAsync(mail, CancellationToken.None);
        }

        var listed = await store.Outbox.ListAsync(ParentEmail, 10, CancellationToken.None);

        Assert.Equal([second.Id, first.Id], listed.Select(m => m.Id));
        Assert.Empty(await store.Outbox.ListAsync("nikt@example.pl", 10, CancellationToken.None));
    }

    [Fact]
    public async Task ClaimDueAsync_DueMessages_OldestFirstUpToMaxCountAndMarkedClaimed()
    {
        var store = await CreateStoreAsync();
        await SeedSchoolsAsync(store);
        var mails = Enumerable.Range(0, 5).Select(i => NewMail(createdAt: Requested.AddMinutes(i))).ToList();
        foreach (var mail in new[] { mails[3], mails[0], mails[4], mails[2], mails[1] })
        {
            await store.Outbox.EnqueueAsync(mail, CancellationToken.None);
        }

        var claimed = await store.Outbox.ClaimDueAsync(Dispatched, 3, LeaseEnds, CancellationToken.None);

        Assert.Equal(3, claimed.Count);
        for (var i = 0; i < 3; i++)
        {
            AssertSameMail(mails[i], claimed[i]);
            Assert.Equal(LeaseEnds, (await MailAsync(store, mails[i].Id)).ClaimedUntil);
        }

        Assert.Null((await MailAsync(store, mails[3].Id)).ClaimedUntil);
        Assert.Null((await MailAsync(store, mails[4].Id)).ClaimedUntil);
    }

    [Fact]
    public async Task ClaimDueAsync_SecondClaimAtSameTime_GetsOnlyTheUnclaimed()
    {
        var store = await CreateStoreAsync();
        await SeedSchoolsAsync(store);
        var mails = Enumerable.Range(0, 3).Select(i => NewMail(createdAt: Requested.AddMinutes(i))).ToList();
        foreach (var mail in mails)
        {
            await store.Outbox.EnqueueAsync(mail, CancellationToken.None);
        }

        var first = await store.Outbox.ClaimDueAsync(Dispatched, 2, LeaseEnds, CancellationToken.None);
        var second = await store.Outbox.ClaimDueAsync(Dispatched, 10, LeaseEnds, CancellationToken.None);
        var third = await store.Outbox.ClaimDueAsync(Dispatched, 10, LeaseEnds, CancellationToken.None);

        Assert.Equal([mails[0].Id, mails[1].Id], first.Select(m => m.Id));
        Assert.Equal([mails[2].Id], second.Select(m => m.Id));
        Assert.Empty(third);
    }

    [Fact]
    public async Task ClaimDueAsync_LeaseRunOut_ClaimableAgainWithSameMessageId()
    {
        var store = await CreateStoreAsync();
        await SeedSchoolsAsync(store);
        var mail = NewMail();
        await store.Outbox.EnqueueAsync(mail, CancellationToken.None);
        Assert.Single(await store.Outbox.ClaimDueAsync(Dispatched, 10, LeaseEnds, CancellationToken.None));

        // The dispatcher that claimed it died without reporting back.
        var whileLeased = await store.Outbox.ClaimDueAsync(LeaseEnds.AddSeconds(-1), 10, LeaseEnds.AddMinutes(5), CancellationToken.None);
        var afterLease = await store.Outbox.ClaimDueAsync(LeaseEnds.AddSeconds(1), 10, LeaseEnds.AddMinutes(5), CancellationToken.None);

        Assert.Empty(whileLeased);
        AssertSameMail(mail, Assert.Single(afterLease));
        Assert.Equal(LeaseEnds.AddMinutes(5), (await MailAsync(store, mail.Id)).ClaimedUntil);
    }

    [Fact]
    public async Task ClaimDueAsync_NotYetDue_NotClaimedUntilItsTime()
    {
        var store = await CreateStoreAsync();
        await SeedSchoolsAsync(store);
        var later = NewMail() with { NextAttemptAt = Dispatched.AddSeconds(1) };
        var now = NewMail(OtherParentEmail) with { NextAttemptAt = Dispatched };
        await store.Outbox.EnqueueAsync(later, CancellationToken.None);
        await store.Outbox.EnqueueAsync(now, CancellationToken.None);

        var claimed = await store.Outbox.ClaimDueAsync(Dispatched, 10, LeaseEnds, CancellationToken.None);

        AssertSameMail(now, Assert.Single(claimed));
        Assert.Null((await MailAsync(store, later.Id)).ClaimedUntil);
        AssertSameMail(later, Assert.Single(await store.Outbox.ClaimDueAsync(Dispatched.AddSeconds(1), 10, LeaseEnds, CancellationToken.None)));
    }

    [Fact]
    public async Task ClaimDueAsync_SentMessage_NeverClaimed()
    {
        var store = await CreateStoreAsync();
        await SeedSchoolsAsync(store);
        var mail = NewMail();
        await store.Outbox.EnqueueAsync(mail, CancellationToken.None);
        Assert.Single(await store.Outbox.ClaimDueAsync(Dispatched, 10, LeaseEnds, CancellationToken.None));
        await store.Outbox.MarkSentAsync(mail.Id, Dispatched.AddSeconds(2), CancellationToken.None);

        Assert.Empty(await store.Outbox.ClaimDueAsync(Dispatched.AddSeconds(3), 10, LeaseEnds, CancellationToken.None));
        Assert.Empty(await store.Outbox.ClaimDueAsync(LeaseEnds.AddDays(1), 10, LeaseEnds.AddDays(2), CancellationToken.None));
    }

    [Fact]
    public async Task MarkSentAsync_ClaimedMessage_SentAtSetAttemptsCountedMessageIdKeptBodiesAndLinkErased()
    {
        var store = await CreateStoreAsync();
        await SeedSchoolsAsync(store);
        var mail = NewMail();
        await store.Outbox.EnqueueAsync(mail, CancellationToken.None);
        await store.Outbox.ClaimDueAsync(Dispatched, 10, LeaseEnds, CancellationToken.None);
        var sentAt = Dispatched.AddSeconds(2);

        await store.Outbox.MarkSentAsync(mail.Id, sentAt, CancellationToken.None);

        var stored = await MailAsync(store, mail.Id);
        Assert.Equal(sentAt, stored.SentAt);
        Assert.Equal(1, stored.Attempts);
        Assert.Equal(mail.MessageId, stored.MessageId);
        Assert.Equal(mail with { SentAt = sentAt, Attempts = 1, TextBody = string.Empty, HtmlBody = string.Empty, Link = null }, stored with { ClaimedUntil = null, LastError = null });
    }

    [Fact]
    public async Task MarkFailedAsync_ClaimedMessage_ScheduledWithErrorAndClaimReleased()
    {
        var store = await CreateStoreAsync();
        await SeedSchoolsAsync(store);
        var mail = NewMail();
        await store.Outbox.EnqueueAsync(mail, CancellationToken.None);
        await store.Outbox.ClaimDueAsync(Dispatched, 10, LeaseEnds, CancellationToken.None);

        // The retry is due before the lease would have run out: only a released claim lets it go out then.
        var retryAt = Dispatched.AddMinutes(1);
        await store.Outbox.MarkFailedAsync(mail.Id, retryAt, "421 4.7.0 Try again later", CancellationToken.None);

        var stored = await MailAsync(store, mail.Id);
        Assert.Equal(mail with { Attempts = 1, NextAttemptAt = retryAt, LastError = "421 4.7.0 Try again later" }, stored with { ClaimedUntil = null });
        Assert.Null(stored.SentAt);
        Assert.Empty(await store.Outbox.ClaimDueAsync(retryAt.AddSeconds(-1), 10, LeaseEnds, CancellationToken.None));
        var retried = Assert.Single(await store.Outbox.ClaimDueAsync(retryAt, 10, LeaseEnds, CancellationToken.None));
        Assert.Equal(mail.MessageId, retried.MessageId);
        Assert.Equal(1, retried.Attempts);
    }

    [Fact]
    public async Task MarkSentAsync_AfterTwoFailures_CountsEveryAttemptAndKeepsMessageId()
    {
        var store = await CreateStoreAsync();
        await SeedSchoolsAsync(store);
        var mail = NewMail();
        await store.Outbox.EnqueueAsync(mail, CancellationToken.None);
        var now = Dispatched;
        for (var i = 0; i < 2; i++)
        {
            Assert.Single(await store.Outbox.ClaimDueAsync(now, 10, now.AddMinutes(5), CancellationToken.None));
            await store.Outbox.MarkFailedAsync(mail.Id, now.AddMinutes(1), $"timeout {i}", CancellationToken.None);
            now = now.AddMinutes(1);
        }

        Assert.Single(await store.Outbox.ClaimDueAsync(now, 10, now.AddMinutes(5), CancellationToken.None));
        await store.Outbox.MarkSentAsync(mail.Id, now.AddSeconds(1), CancellationToken.None);

        var stored = await MailAsync(store, mail.Id);
        Assert.Equal(3, stored.Attempts);
        Assert.Equal(now.AddSeconds(1), stored.SentAt);
        Assert.Equal(mail.MessageId, stored.MessageId);
        Assert.Equal(mail.Id, stored.Id);
    }

    [Fact]
    public async Task ClaimDueAsync_MailQueuedByCredentialStore_ClaimedLikeAnyOther()
    {
        var store = await CreateStoreAsync();
        await SeedSchoolsAsync(store);
        var token = NewLinkToken();
        var linkMail = LinkMail(token);
        await store.Credentials.RecordLinkRequestAsync(token, linkMail, token.CreatedAt, CancellationToken.None);
        var passwordSet = NewMail(createdAt: Requested.AddMinutes(1));
        Assert.Equal(
            LinkTokenConsumption.Consumed,
            await store.Credentials.ConsumeLinkTokenAsync(token.TokenHash, Requested.AddMinutes(1), NewAccount(), null, passwordSet, CancellationToken.None));

        var claimed = await store.Outbox.ClaimDueAsync(Dispatched, 10, LeaseEnds, CancellationToken.None);

        Assert.Equal(2, claimed.Count);
        AssertSameMail(linkMail, claimed[0]);
        AssertSameMail(passwordSet, claimed[1]);
    }
}
