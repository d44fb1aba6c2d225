using Uonet.Access.Credentials;
using Uonet.Access.Storage;
using Xunit;

namespace Uonet.Access.Specification.Tests;

// The opt-in cross-instance view: R6 keeps instances apart, and a guardian who proved control of the same address in
// another instance links the two accounts. A link is symmetric and exists once however often it is made.
public abstract partial class StoreSpecification
{
    [Fact]
    public async Task LinkAccountsAsync_AccountsOfTwoInstances_LinkedBothWays_R6()
    {
        var (store, here, there) = await AccountsInTwoInstancesAsync();

        await store.Credentials.LinkAccountsAsync(here.Id, there.Id, Requested.AddHours(1), CancellationToken.None);

        await AssertLinksAsync(store, here, there);
        await AssertLinksAsync(store, there, here);
    }

    [Fact]
    public async Task LinkAccountsAsync_RepeatedEitherWay_LinkedOnce()
    {
        var (store, here, there) = await AccountsInTwoInstancesAsync();
        await store.Credentials.LinkAccountsAsync(here.Id, there.Id, Requested.AddHours(1), CancellationToken.None);

        await store.Credentials.LinkAccountsAsync(here.Id, there.Id, Requested.AddHours(2), CancellationToken.None);
        await store.Credentials.LinkAccountsAsync(there.Id, here.Id, Requested.AddHours(3), CancellationToken.None);

        await AssertLinksAsync(store, here, there);
        await AssertLinksAsync(store, there, here);
    }

    [Fact]
    public async Task ListLinkedAccountsAsync_AccountLinkedToTwo_ListsBothOthersSeeOnlyTheirOwn_R6()
    {
        var (store, here, there) = await AccountsInTwoInstancesAsync();
        var third = await AccountInThirdInstanceAsync(store);
        var neighbour = await CreateAccountAsync(store, OtherParentEmail);
        await store.Credentials.LinkAccountsAsync(here.Id, there.Id, Requested.AddHours(1), CancellationToken.None);
        await store.Credentials.LinkAccountsAsync(here.Id, third.Id, Requested.AddHours(1), CancellationToken.None);

        var linked = await store.Credentials.ListLinkedAccountsAsync(here.Id, CancellationToken.None);

        Assert.Equal(new[] { there.Id, third.Id }.Order(), linked.Order());
        await AssertLinksAsync(store, third, here);
        await AssertLinksAsync(store, neighbour);
    }

    [Fact]
    public async Task UnlinkAccountsAsync_FromTheOtherSide_RemovedBothWaysOtherLinksKept()
    {
        var (store, here, there) = await AccountsInTwoInstancesAsync();
        var third = await AccountInThirdInstanceAsync(store);
        await store.Credentials.LinkAccountsAsync(here.Id, there.Id, Requested.AddHours(1), CancellationToken.None);
        await store.Credentials.LinkAccountsAsync(here.Id, third.Id, Requested.AddHours(1), CancellationToken.None);

        var removed = await store.Credentials.UnlinkAccountsAsync(there.Id, here.Id, CancellationToken.None);

        Assert.True(removed);
        await AssertLinksAsync(store, here, third);
        await AssertLinksAsync(store, there);
        await AssertLinksAsync(store, third, here);
    }

    [Fact]
    public async Task UnlinkAccountsAsync_NoLink_False()
    {
        var (store, here, there) = await AccountsInTwoInstancesAsync();
        await store.Credentials.LinkAccountsAsync(here.Id, there.Id, Requested.AddHours(1), CancellationToken.None);
        Assert.True(await store.Credentials.UnlinkAccountsAsync(here.Id, there.Id, CancellationToken.None));

        Assert.False(await store.Credentials.UnlinkAccountsAsync(here.Id, there.Id, CancellationToken.None));
        Assert.False(await store.Credentials.UnlinkAccountsAsync(there.Id, here.Id, CancellationToken.None));
        Assert.False(await store.Credentials.UnlinkAccountsAsync(Guid.NewGuid(), Guid.NewGuid(), CancellationToken.None));
    }

    [Fact]
    public async Task LinkAccountsAsync_AfterUnlink_LinkedAgain()
    {
        var (store, here, there) = await AccountsInTwoInstancesAsync();
        await store.Credentials.LinkAccountsAsync(here.Id, there.Id, Requested.AddHours(1), CancellationToken.None);
        Assert.True(await store.Credentials.UnlinkAccountsAsync(here.Id, there.Id, CancellationToken.None));

        await store.Credentials.LinkAccountsAsync(there.Id, here.Id, Requested.AddHours(2), CancellationToken.None);

        await AssertLinksAsync(store, here, there);
        await AssertLinksAsync(store, there, here);
    }

    [Fact]
    public async Task ListLinkedAccountsAsync_NeverLinked_Empty()
    {
        var (store, here) = await StoreWithAccountAsync();

        Assert.Empty(await store.Credentials.ListLinkedAccountsAsync(here.Id, CancellationToken.None));
        Assert.Empty(await store.Credentials.ListLinkedAccountsAsync(Guid.NewGuid(), CancellationToken.None));
    }

    /// <summary>A new seeded store with the account of <see cref="ParentEmail"/> in <see cref="Symbol"/> and in <see cref="OtherSymbol"/>.</summary>
    protected async Task<(StoreUnderTest Store, Account Here, Account There)> AccountsInTwoInstancesAsync()
    {
        var (store, here) = await StoreWithAccountAsync();
        return (store, here, await CreateAccountAsync(store, ParentEmail, OtherSymbol));
    }

    /// <summary>Adds the instance <see cref="ThirdSymbol"/> and the account of <see cref="ParentEmail"/> in it.</summary>
    protected static async Task<Account> AccountInThirdInstanceAsync(StoreUnderTest store)
    {
        ArgumentNullException.ThrowIfNull(store);
        Assert.Equal(StoreWriteResult.Success, await store.Directory.AddInstanceAsync(Instance(ThirdSymbol), CancellationToken.None));
        return await CreateAccountAsync(store, ParentEmail, ThirdSymbol);
    }

    /// <summary>Asserts an account is linked to exactly <paramref name="linked"/>, in any order.</summary>
    protected static async Task AssertLinksAsync(StoreUnderTest store, Account account, params Account[] linked)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(account);
        Assert.Equal(linked.Select(a => a.Id).Order(), (await store.Credentials.ListLinkedAccountsAsync(account.Id, CancellationToken.None)).Order());
    }
}
