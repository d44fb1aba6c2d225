using Uonet.Access.Credentials;
using Uonet.Access.Mail;
using Uonet.Access.Storage;
using Xunit;

namespace Uonet.Access.Specification.Tests;

// R3/R4: a link works once, only until it expires, and only while it is the newest one sent to its address.
public abstract partial class StoreSpecification
{
    [Fact]
    public async Task RecordLinkRequestAsync_NewToken_FindableWithEveryFieldAndMailQueued()
    {
        var store = await CreateStoreAsync();
        await SeedSchoolsAsync(store);
        var token = NewLinkToken();
        var mail = LinkMail(token);

        await store.Credentials.RecordLinkRequestAsync(token, mail, Requested, CancellationToken.None);

        Assert.Equal(token, await store.Credentials.FindLinkTokenAsync(token.TokenHash, CancellationToken.None));
        AssertSameMail(mail, Assert.Single(await AllMailAsync(store)));
    }

    [Fact]
    public async Task FindLinkTokenAsync_UnknownHash_ReturnsNull()
    {
        var store = await CreateStoreAsync();
        await SeedSchoolsAsync(store);
        await IssueAsync(store, NewLinkToken());

        Assert.Null(await store.Credentials.FindLinkTokenAsync(TokenHashOf("nieznany"), CancellationToken.None));
    }

    [Fact]
    public async Task RecordLinkRequestAsync_RepeatedRequests_EachSupersedesTheOpenTokenAtItsOwnTime_R4()
    {
        var store = await CreateStoreAsync();
        await SeedSchoolsAsync(store);
        var first = await IssueAsync(store, NewLinkToken(createdAt: Requested));
        var second = await IssueAsync(store, NewLinkToken(createdAt: Requested.AddMinutes(1)));
        var third = NewLinkToken(createdAt: Requested.AddMinutes(2));

        await store.Credentials.RecordLinkRequestAsync(third, LinkMail(third), third.CreatedAt, CancellationToken.None);

        Assert.Equal(first with { SupersededAt = second.CreatedAt }, await store.Credentials.FindLinkTokenAsync(first.TokenHash, CancellationToken.None));
        Assert.Equal(second with { SupersededAt = third.CreatedAt }, await store.Credentials.FindLinkTokenAsync(second.TokenHash, CancellationToken.None));
        Assert.Equal(third, await store.Credentials.FindLinkTokenAsync(third.TokenHash, CancellationToken.None));
    }

    [Fact]
    public async Task RecordLinkRequestAsync_TokensOfOtherAddressesAndInstances_StayOpen_R6()
    {
        var store = await CreateStoreAsync();
        await SeedSchoolsAsync(store);
        var otherAddress = await IssueAsync(store, NewLinkToken(OtherParentEmail));
        var otherInstance = await IssueAsync(store, NewLinkToken(ParentEmail, OtherSymbol));
        var mine = await IssueAsync(store, NewLinkToken(ParentEmail, Symbol));
        var newer = NewLinkToken(ParentEmail, Symbol, Requested.AddMinutes(10));

        await store.Credentials.RecordLinkRequestAsync(newer, LinkMail(newer), newer.CreatedAt, CancellationToken.None);

        Assert.Equal(otherAddress, await store.Credentials.FindLinkTokenAsync(otherAddress.TokenHash, CancellationToken.None));
        Assert.Equal(otherInstance, await store.Credentials.FindLinkTokenAsync(otherInstance.TokenHash, CancellationToken.None));
        Assert.Equal(newer.CreatedAt, (await store.Credentials.FindLinkTokenAsync(mine.TokenHash, CancellationToken.None))?.SupersededAt);
    }

    [Fact]
    public async Task RecordLinkRequestAsync_ConsumedToken_StaysConsumedAndNotSuperseded()
    {
        var store = await CreateStoreAsync();
        await SeedSchoolsAsync(store);
        var used = await IssueAsync(store, NewLinkToken());
        var consumedAt = Requested.AddMinutes(5);
        Assert.Equal(LinkTokenConsumption.Consumed, await store.Credentials.ConsumeLinkTokenAsync(used.TokenHash, consumedAt, NewAccount(), null, NewMail(), CancellationToken.None));
        var restore = NewLinkToken(createdAt: Requested.AddDays(2));

        await store.Credentials.RecordLinkRequestAsync(restore, LinkMail(restore), restore.CreatedAt, CancellationToken.None);

        Assert.Equal(used with { ConsumedAt = consumedAt }, await store.Credentials.FindLinkTokenAsync(used.TokenHash, CancellationToken.None));
        Assert.Equal(restore, await store.Credentials.FindLinkTokenAsync(restore.TokenHash, CancellationToken.None));
    }

    [Fact]
    public async Task RecordLinkRequestAsync_MailWithoutToken_QueuesOnlyTheMail()
    {
        var store = await CreateStoreAsync();
        await SeedSchoolsAsync(store);
        var notice = NewMail(OtherParentEmail, MailKind.NotRegistered);

        await store.Credentials.RecordLinkRequestAsync(null, notice, Requested, CancellationToken.None);

        AssertSameMail(notice, Assert.Single(await AllMailAsync(store)));
        Assert.Null(await store.Credentials.FindAccountAsync(Symbol, OtherParentEmail, CancellationToken.None));
    }

    [Fact]
    public async Task RecordLinkRequestAsync_TokenWithoutMail_StoresTokenAndQueuesNothing()
    {
        var store = await CreateStoreAsync();
        await SeedSchoolsAsync(store);
        var token = NewLinkToken();

        await store.Credentials.RecordLinkRequestAsync(token, null, Requested, CancellationToken.None);

        Assert.Equal(token, await store.Credentials.FindLinkTokenAsync(token.TokenHash, CancellationToken.None));
        Assert.Empty(await AllMailAsync(store));
    }

    [Fact]
    public async Task RecordLinkRequestAsync_NeitherTokenNorMail_WritesNothing()
    {
        var store = await CreateStoreAsync();
        await SeedSchoolsAsync(store);

        // A refused request (limit reached) still goes through the store, so that it costs the same time.
        await store.Credentials.RecordLinkRequestAsync(null, null, Requested, CancellationToken.None);

        Assert.Empty(await AllMailAsync(store));
    }

    [Fact]
    public async Task ConsumeLinkTokenAsync_OpenToken_ConsumedWithAccountAndMail()
    {
        var store = await CreateStoreAsync();
        await SeedSchoolsAsync(store);
        var token = await IssueAsync(store, NewLinkToken());
        var now = Requested.AddHours(2);
        var account = NewAccount(createdAt: now);
        var mail = NewMail(createdAt: now);

        var result = await store.Credentials.ConsumeLinkTokenAsync(token.TokenHash, now, account, null, mail, CancellationToken.None);

        Assert.Equal(LinkTokenConsumption.Consumed, result);
        Assert.Equal(token with { ConsumedAt = now }, await store.Credentials.FindLinkTokenAsync(token.TokenHash, CancellationToken.None));
        AssertSameAccount(account, await store.Credentials.FindAccountAsync(Symbol, ParentEmail, CancellationToken.None));
        AssertSameMail(mail, Assert.Single(await AllMailAsync(store)));
    }

    [Fact]
    public async Task ConsumeLinkTokenAsync_OneSecondBeforeExpiry_Consumed()
    {
        var store = await CreateStoreAsync();
        await SeedSchoolsAsync(store);
        var token = await IssueAsync(store, NewLinkToken());

        var result = await store.Credentials.ConsumeLinkTokenAsync(token.TokenHash, token.ExpiresAt.AddSeconds(-1), NewAccount(), null, NewMail(), CancellationToken.None);

        Assert.Equal(LinkTokenConsumption.Consumed, result);
    }

    [Fact]
    public async Task ConsumeLinkTokenAsync_UsedToken_AlreadyUsedAndNothingWritten_R3()
    {
        var store = await CreateStoreAsync();
        await SeedSchoolsAsync(store);
        var token = await IssueAsync(store, NewLinkToken());
        var account = NewAccount();
        var consumedAt = Requested.AddMinutes(5);
        Assert.Equal(LinkTokenConsumption.Consumed, await store.Credentials.ConsumeLinkTokenAsync(token.TokenHash, consumedAt, account, null, NewMail(), CancellationToken.None));
        var mailBefore = await AllMailAsync(store);

        // The replay even carries the right version, so only the used token can refuse it.
        var replay = NextVersion(account) with { PasswordHash = "$argon2id$v=19$m=19456,t=2,p=1$cmVwbGF5$cmVwbGF5aGFzaA" };
        var result = await store.Credentials.ConsumeLinkTokenAsync(token.TokenHash, consumedAt.AddMinutes(1), replay, account.Version, NewMail(createdAt: consumedAt.AddMinutes(1)), CancellationToken.None);

        Assert.Equal(LinkTokenConsumption.AlreadyUsed, result);
        Assert.Equal(token with { ConsumedAt = consumedAt }, await store.Credentials.FindLinkTokenAsync(token.TokenHash, CancellationToken.None));
        AssertSameAccount(account, await store.Credentials.FindAccountByIdAsync(account.Id, CancellationToken.None));
        await AssertNoMailQueuedAsync(store, mailBefore);
    }

    [Fact]
    public async Task ConsumeLinkTokenAsync_AtExpiry_ExpiredAndNothingWritten()
    {
        var store = await CreateStoreAsync();
        await SeedSchoolsAsync(store);
        var token = await IssueAsync(store, NewLinkToken());

        var result = await store.Credentials.ConsumeLinkTokenAsync(token.TokenHash, token.ExpiresAt, NewAccount(), null, NewMail(), CancellationToken.None);

        Assert.Equal(LinkTokenConsumption.Expired, result);
        await AssertNothingConsumedAsync(store, token);
    }

    [Fact]
    public async Task ConsumeLinkTokenAsync_SupersededToken_SupersededAndNothingWritten_R4()
    {
        var store = await CreateStoreAsync();
        await SeedSchoolsAsync(store);
        var old = await IssueAsync(store, NewLinkToken());
        var newer = await IssueAsync(store, NewLinkToken(createdAt: Requested.AddMinutes(3)));

        var result = await store.Credentials.ConsumeLinkTokenAsync(old.TokenHash, Requested.AddMinutes(4), NewAccount(), null, NewMail(), CancellationToken.None);

        Assert.Equal(LinkTokenConsumption.Superseded, result);
        Assert.Equal(old with { SupersededAt = newer.CreatedAt }, await store.Credentials.FindLinkTokenAsync(old.TokenHash, CancellationToken.None));
        await AssertNothingConsumedAsync(store, newer);
    }

    [Fact]
    public async Task ConsumeLinkTokenAsync_UnknownHash_NotFoundAndNothingWritten()
    {
        var store = await CreateStoreAsync();
        await SeedSchoolsAsync(store);
        var token = await IssueAsync(store, NewLinkToken());

        var result = await store.Credentials.ConsumeLinkTokenAsync(TokenHashOf("nieznany"), Requested.AddMinutes(1), NewAccount(), null, NewMail(), CancellationToken.None);

        Assert.Equal(LinkTokenConsumption.NotFound, result);
        await AssertNothingConsumedAsync(store, token);
    }

    [Fact]
    public async Task ConsumeLinkTokenAsync_InsertWhenAddressHasAccount_AccountConflictAndNothingWritten()
    {
        var store = await CreateStoreAsync();
        await SeedSchoolsAsync(store);
        var existing = await CreateAccountAsync(store);
        var token = await IssueAsync(store, NewLinkToken(createdAt: Requested.AddDays(1)));
        var mailBefore = await AllMailAsync(store);
        var duplicate = NewAccount(createdAt: Requested.AddDays(1));

        var result = await store.Credentials.ConsumeLinkTokenAsync(token.TokenHash, Requested.AddDays(1).AddMinutes(1), duplicate, null, NewMail(createdAt: Requested.AddDays(1)), CancellationToken.None);

        Assert.Equal(LinkTokenConsumption.AccountConflict, result);
        Assert.Equal(token, await store.Credentials.FindLinkTokenAsync(token.TokenHash, CancellationToken.None));
        AssertSameAccount(existing, await store.Credentials.FindAccountAsync(Symbol, ParentEmail, CancellationToken.None));
        Assert.Null(await store.Credentials.FindAccountByIdAsync(duplicate.Id, CancellationToken.None));
        await AssertNoMailQueuedAsync(store, mailBefore);
    }

    [Fact]
    public async Task ConsumeLinkTokenAsync_ExistingAccountWithExpectedVersion_ConsumedAndAccountReplaced_R4()
    {
        var store = await CreateStoreAsync();
        await SeedSchoolsAsync(store);
        var account = await CreateAccountAsync(store);
        var token = await IssueAsync(store, NewLinkToken(createdAt: Requested.AddDays(30)));
        var now = Requested.AddDays(30).AddMinutes(2);
        var restored = NextVersion(account) with { PasswordHash = "$argon2id$v=19$m=19456,t=2,p=1$bm93ZQ$cmVzdG9yZWQ", SecurityStamp = "restored-stamp", PasswordChangedAt = now };

        var result = await store.Credentials.ConsumeLinkTokenAsync(token.TokenHash, now, restored, account.Version, NewMail(createdAt: now), CancellationToken.None);

        Assert.Equal(LinkTokenConsumption.Consumed, result);
        AssertSameAccount(restored, await store.Credentials.FindAccountAsync(Symbol, ParentEmail, CancellationToken.None));
        Assert.Equal(now, (await store.Credentials.FindLinkTokenAsync(token.TokenHash, CancellationToken.None))?.ConsumedAt);
        Assert.Equal(2, (await store.Outbox.ListAsync(ParentEmail, 10, CancellationToken.None)).Count);
    }

    [Fact]
    public async Task ConsumeLinkTokenAsync_StaleAccountVersion_AccountConflictAndNothingWritten()
    {
        var store = await CreateStoreAsync();
        await SeedSchoolsAsync(store);
        var account = await CreateAccountAsync(store);
        var current = NextVersion(account) with { TotpLastStep = 5 };
        Assert.Equal(StoreWriteResult.Success, await store.Credentials.UpdateAccountAsync(current, account.Version, null, CancellationToken.None));
        var token = await IssueAsync(store, NewLinkToken(createdAt: Requested.AddDays(1)));
        var mailBefore = await AllMailAsync(store);

        var result = await store.Credentials.ConsumeLinkTokenAsync(token.TokenHash, Requested.AddDays(1).AddMinutes(1), NextVersion(account) with { SecurityStamp = "stale" }, account.Version, NewMail(), CancellationToken.None);

        Assert.Equal(LinkTokenConsumption.AccountConflict, result);
        Assert.Equal(token, await store.Credentials.FindLinkTokenAsync(token.TokenHash, CancellationToken.None));
        AssertSameAccount(current, await store.Credentials.FindAccountByIdAsync(account.Id, CancellationToken.None));
        await AssertNoMailQueuedAsync(store, mailBefore);
    }

    [Fact]
    public async Task ConsumeLinkTokenAsync_ExpectedVersionOfMissingAccount_AccountConflictAndNothingWritten()
    {
        var store = await CreateStoreAsync();
        await SeedSchoolsAsync(store);
        var token = await IssueAsync(store, NewLinkToken());

        // The account was read, then deleted or never existed: a replacement has nothing to replace.
        var result = await store.Credentials.ConsumeLinkTokenAsync(token.TokenHash, Requested.AddMinutes(1), NextVersion(NewAccount()), 1, NewMail(), CancellationToken.None);

        Assert.Equal(LinkTokenConsumption.AccountConflict, result);
        await AssertNothingConsumedAsync(store, token);
    }

    [Fact]
    public async Task ConsumeLinkTokenAsync_AfterAccountConflict_TokenStillUsable()
    {
        var store = await CreateStoreAsync();
        await SeedSchoolsAsync(store);
        var account = await CreateAccountAsync(store);
        var token = await IssueAsync(store, NewLinkToken(createdAt: Requested.AddDays(1)));
        var now = Requested.AddDays(1).AddMinutes(1);
        Assert.Equal(LinkTokenConsumption.AccountConflict, await store.Credentials.ConsumeLinkTokenAsync(token.TokenHash, now, NewAccount(), null, NewMail(), CancellationToken.None));
        var retry = NextVersion(account) with { SecurityStamp = "retry-stamp" };

        var result = await store.Credentials.ConsumeLinkTokenAsync(token.TokenHash, now.AddSeconds(1), retry, account.Version, NewMail(createdAt: now), CancellationToken.None);

        Assert.Equal(LinkTokenConsumption.Consumed, result);
        AssertSameAccount(retry, await store.Credentials.FindAccountByIdAsync(account.Id, CancellationToken.None));
    }

    // The token is still open and nothing came of the attempt: no account for its address, no mail.
    private static async Task AssertNothingConsumedAsync(StoreUnderTest store, LinkToken open)
    {
        Assert.Equal(open, await store.Credentials.FindLinkTokenAsync(open.TokenHash, CancellationToken.None));
        Assert.Null(await store.Credentials.FindAccountAsync(open.InstanceSymbol, open.Email, CancellationToken.None));
        Assert.Empty(await AllMailAsync(store));
    }
}
