using Uonet.Access.Credentials;
using Uonet.Access.Devices;
using Xunit;

namespace Uonet.Access.Specification.Tests;

// The diagnosis tells the school office whether a first-login / restore link is waiting (R3, R4): only an open token
// of that address in that instance counts.
public abstract partial class StoreSpecification
{
    [Fact]
    public async Task FindOpenLinkTokenAsync_NewestOfSeveralRequests_ThatOneWithItsTimes_R4()
    {
        var store = await CreateStoreAsync();
        await SeedSchoolsAsync(store);
        await IssueAsync(store, NewLinkToken(createdAt: Requested));
        var newest = await IssueAsync(store, NewLinkToken(createdAt: Requested.AddMinutes(3)));

        var open = await store.Credentials.FindOpenLinkTokenAsync(Symbol, ParentEmail, Requested.AddMinutes(4), CancellationToken.None);

        Assert.Equal(newest, open);
    }

    [Fact]
    public async Task FindOpenLinkTokenAsync_UntilTheMomentItExpires_ThenNone()
    {
        var store = await CreateStoreAsync();
        await SeedSchoolsAsync(store);
        var token = await IssueAsync(store, NewLinkToken());

        var justBefore = await store.Credentials.FindOpenLinkTokenAsync(Symbol, ParentEmail, token.ExpiresAt.AddTicks(-10), CancellationToken.None);
        var atExpiry = await store.Credentials.FindOpenLinkTokenAsync(Symbol, ParentEmail, token.ExpiresAt, CancellationToken.None);

        Assert.Equal(token.Id, justBefore?.Id);
        Assert.Null(atExpiry);
    }

    [Fact]
    public async Task FindOpenLinkTokenAsync_UsedToken_NoneLeft_R3()
    {
        var store = await CreateStoreAsync();
        await SeedSchoolsAsync(store);
        var token = await IssueAsync(store, NewLinkToken());
        Assert.Equal(LinkTokenConsumption.Consumed, await store.Credentials.ConsumeLinkTokenAsync(token.TokenHash, Requested.AddMinutes(1), NewAccount(), null, NewMail(), CancellationToken.None));

        Assert.Null(await store.Credentials.FindOpenLinkTokenAsync(Symbol, ParentEmail, Requested.AddMinutes(2), CancellationToken.None));
    }

    [Fact]
    public async Task FindOpenLinkTokenAsync_OnlyTokensOfOtherAddressesAndInstances_None_R6()
    {
        var store = await CreateStoreAsync();
        await SeedSchoolsAsync(store);
        await IssueAsync(store, NewLinkToken(OtherParentEmail, Symbol));
        await IssueAsync(store, NewLinkToken(ParentEmail, OtherSymbol));

        Assert.Null(await store.Credentials.FindOpenLinkTokenAsync(Symbol, ParentEmail, Requested.AddMinutes(1), CancellationToken.None));
        Assert.NotNull(await store.Credentials.FindOpenLinkTokenAsync(OtherSymbol, ParentEmail, Requested.AddMinutes(1), CancellationToken.None));
    }

    [Fact]
    public async Task FindOpenLinkTokenAsync_AccountClosedWithItsOpenToken_None_R9()
    {
        var store = await CreateStoreAsync();
        await SeedSchoolsAsync(store);
        var account = await CreateAccountAsync(store);
        await IssueAsync(store, NewLinkToken(createdAt: Requested.AddMinutes(1)));
        Assert.True(await store.Credentials.CloseAccountAsync(account.Id, Requested.AddMinutes(2), DeviceRevocationReason.EmailChanged, null, CancellationToken.None));

        Assert.Null(await store.Credentials.FindOpenLinkTokenAsync(Symbol, ParentEmail, Requested.AddMinutes(3), CancellationToken.None));
    }
}
