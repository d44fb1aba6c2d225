using Uonet.Access.Credentials;
using Uonet.Access.Storage;
using Xunit;

namespace Uonet.Access.Specification.Tests;

public abstract partial class StoreSpecification
{
    [Fact]
    public async Task ConsumeLinkTokenAsync_NewAccount_FindableByEmailAndById()
    {
        var store = await CreateStoreAsync();
        await SeedSchoolsAsync(store);
        var token = await IssueAsync(store, NewLinkToken());
        var account = NewAccount();

        var result = await store.Credentials.ConsumeLinkTokenAsync(token.TokenHash, Requested.AddMinutes(5), account, null, NewMail(), CancellationToken.None);

        Assert.Equal(LinkTokenConsumption.Consumed, result);
        AssertSameAccount(account, await store.Credentials.FindAccountAsync(Symbol, ParentEmail, CancellationToken.None));
        AssertSameAccount(account, await store.Credentials.FindAccountByIdAsync(account.Id, CancellationToken.None));
    }

    [Fact]
    public async Task FindAccountAsync_UnknownAddressOrId_ReturnsNull()
    {
        var store = await CreateStoreAsync();
        await SeedSchoolsAsync(store);
        var account = await CreateAccountAsync(store);

        Assert.Null(await store.Credentials.FindAccountAsync(Symbol, OtherParentEmail, CancellationToken.None));
        Assert.Null(await store.Credentials.FindAccountByIdAsync(Guid.NewGuid(), CancellationToken.None));
        Assert.Equal(account.Id, (await store.Credentials.FindAccountAsync(Symbol, ParentEmail, CancellationToken.None))?.Id);
    }

    [Fact]
    public async Task FindAccountAsync_SameEmailInOtherInstance_IsADifferentAccount_R6()
    {
        var store = await CreateStoreAsync();
        await SeedSchoolsAsync(store);
        var here = await CreateAccountAsync(store);

        Assert.Null(await store.Credentials.FindAccountAsync(OtherSymbol, ParentEmail, CancellationToken.None));

        // Inserting (no expected version) is allowed: the address has no account in the other instance yet.
        var there = await CreateAccountAsync(store, ParentEmail, OtherSymbol);

        Assert.NotEqual(here.Id, there.Id);
        AssertSameAccount(here, await store.Credentials.FindAccountAsync(Symbol, ParentEmail, CancellationToken.None));
        AssertSameAccount(there, await store.Credentials.FindAccountAsync(OtherSymbol, ParentEmail, CancellationToken.None));
    }

    [Fact]
    public async Task UpdateAccountAsync_EveryField_RoundTrips()
    {
        var store = await CreateStoreAsync();
        await SeedSchoolsAsync(store);
        var account = await CreateAccountAsync(store);
        var updated = NextVersion(account) with
        {
            PasswordHash = "$argon2id$v=19$m=19456,t=2,p=1$c29sdHNvbHQ$aGFzaGhhc2hoYXNo",
            SecurityStamp = "a1b2c3d4e5f60718293a4b5c6d7e8f90",
            Status = AccountStatus.Closed,
            PasswordChangedAt = Requested.AddDays(3),
            ClosedAt = Requested.AddDays(4),
            TotpSecret = [0x00, 0x01, 0x7F, 0x80, 0xFE, 0xFF, 0x42, 0x13, 0x37, 0x00],
            PendingTotpSecret = [0xFF, 0x00, 0xAA, 0x55],
            TotpLastStep = 59_345_678_901,
            SecondFactorTicket = new SecondFactorTicket(TokenHashOf("drugi krok"), Requested.AddMinutes(5), TokenHashOf("klient")),

            // Not sorted, so a store that reorders them fails.
            RecoveryCodeHashes = [TokenHashOf("zulu"), TokenHashOf("alfa"), TokenHashOf("mike")],
        };

        Assert.Equal(StoreWriteResult.Success, await store.Credentials.UpdateAccountAsync(updated, account.Version, null, CancellationToken.None));

        AssertSameAccount(updated, await store.Credentials.FindAccountAsync(Symbol, ParentEmail, CancellationToken.None));
        AssertSameAccount(updated, await store.Credentials.FindAccountByIdAsync(account.Id, CancellationToken.None));
    }

    [Fact]
    public async Task UpdateAccountAsync_ClearedOptionalFields_ReadBackAsNullAndEmpty()
    {
        var store = await CreateStoreAsync();
        await SeedSchoolsAsync(store);
        var account = await CreateAccountAsync(store);
        var enrolled = NextVersion(account) with
        {
            TotpSecret = [1, 2, 3, 4],
            PendingTotpSecret = [5, 6, 7, 8],
            TotpLastStep = 42,
            RecoveryCodeHashes = [TokenHashOf("jeden")],
            SecondFactorTicket = new SecondFactorTicket(TokenHashOf("drugi krok"), Requested.AddMinutes(5), null),
            Status = AccountStatus.Closed,
            ClosedAt = Requested.AddDays(1),
        };
        Assert.Equal(StoreWriteResult.Success, await store.Credentials.UpdateAccountAsync(enrolled, account.Version, null, CancellationToken.None));
        var cleared = NextVersion(enrolled) with
        {
            TotpSecret = null,
            PendingTotpSecret = null,
            TotpLastStep = null,
            RecoveryCodeHashes = [],
            SecondFactorTicket = null,
            Status = AccountStatus.Active,
            ClosedAt = null,
        };

        Assert.Equal(StoreWriteResult.Success, await store.Credentials.UpdateAccountAsync(cleared, enrolled.Version, null, CancellationToken.None));

        var stored = await store.Credentials.FindAccountByIdAsync(account.Id, CancellationToken.None);
        AssertSameAccount(cleared, stored);
        Assert.False(stored!.HasTotp);
    }

    [Fact]
    public async Task UpdateAccountAsync_ExpectedVersion_SuccessAndMailQueued()
    {
        var store = await CreateStoreAsync();
        await SeedSchoolsAsync(store);
        var account = await CreateAccountAsync(store);
        var updated = NextVersion(account) with { PasswordHash = "$argon2id$v=19$m=19456,t=2,p=1$bm93ZQ$bm93ZWhhc2xv", PasswordChangedAt = Requested.AddHours(1) };
        var mail = NewMail(createdAt: Requested.AddHours(1));

        var result = await store.Credentials.UpdateAccountAsync(updated, account.Version, mail, CancellationToken.None);

        Assert.Equal(StoreWriteResult.Success, result);
        AssertSameAccount(updated, await store.Credentials.FindAccountByIdAsync(account.Id, CancellationToken.None));
        AssertSameMail(mail, Assert.Single(await store.Outbox.ListAsync(ParentEmail, 1, CancellationToken.None)));
        Assert.Equal(2, (await AllMailAsync(store)).Count);
    }

    [Fact]
    public async Task UpdateAccountAsync_WithoutMail_QueuesNothing()
    {
        var store = await CreateStoreAsync();
        await SeedSchoolsAsync(store);
        var account = await CreateAccountAsync(store);
        var before = await AllMailAsync(store);

        var result = await store.Credentials.UpdateAccountAsync(NextVersion(account) with { TotpLastStep = 7 }, account.Version, null, CancellationToken.None);

        Assert.Equal(StoreWriteResult.Success, result);
        await AssertNoMailQueuedAsync(store, before);
    }

    [Fact]
    public async Task UpdateAccountAsync_StaleVersion_ConflictAndNothingWritten()
    {
        var store = await CreateStoreAsync();
        await SeedSchoolsAsync(store);
        var account = await CreateAccountAsync(store);
        var current = NextVersion(account) with { TotpLastStep = 100 };
        Assert.Equal(StoreWriteResult.Success, await store.Credentials.UpdateAccountAsync(current, account.Version, null, CancellationToken.None));
        var before = await AllMailAsync(store);

        // A second use of the same TOTP step races the first, which already moved the version on.
        var stale = NextVersion(account) with { TotpLastStep = 100, SecurityStamp = "stale-stamp" };
        var result = await store.Credentials.UpdateAccountAsync(stale, account.Version, NewMail(createdAt: Requested.AddHours(1)), CancellationToken.None);

        Assert.Equal(StoreWriteResult.Conflict, result);
        AssertSameAccount(current, await store.Credentials.FindAccountByIdAsync(account.Id, CancellationToken.None));
        await AssertNoMailQueuedAsync(store, before);
    }

    [Fact]
    public async Task UpdateAccountAsync_UnknownId_NotFoundAndNothingWritten()
    {
        var store = await CreateStoreAsync();
        await SeedSchoolsAsync(store);
        var stranger = NewAccount(OtherParentEmail);

        var result = await store.Credentials.UpdateAccountAsync(NextVersion(stranger), stranger.Version, NewMail(OtherParentEmail), CancellationToken.None);

        Assert.Equal(StoreWriteResult.NotFound, result);
        Assert.Null(await store.Credentials.FindAccountByIdAsync(stranger.Id, CancellationToken.None));
        Assert.Null(await store.Credentials.FindAccountAsync(Symbol, OtherParentEmail, CancellationToken.None));
        Assert.Empty(await AllMailAsync(store));
    }

    [Fact]
    public async Task UpdateAccountAsync_CallerChangesItsArraysAfterWriting_StoredAccountUnchanged()
    {
        var store = await CreateStoreAsync();
        await SeedSchoolsAsync(store);
        var account = await CreateAccountAsync(store);
        var secret = new byte[] { 1, 2, 3, 4, 5, 6, 7, 8 };
        var pending = new byte[] { 9, 10, 11, 12 };
        var codes = new List<string> { TokenHashOf("jeden"), TokenHashOf("dwa") };
        var updated = NextVersion(account) with { TotpSecret = secret, PendingTotpSecret = pending, RecoveryCodeHashes = codes };
        var expected = updated with { TotpSecret = [.. secret], PendingTotpSecret = [.. pending], RecoveryCodeHashes = [.. codes] };
        Assert.Equal(StoreWriteResult.Success, await store.Credentials.UpdateAccountAsync(updated, account.Version, null, CancellationToken.None));

        Array.Clear(secret);
        pending[0] = 0xFF;
        codes.RemoveAt(0);

        AssertSameAccount(expected, await store.Credentials.FindAccountByIdAsync(account.Id, CancellationToken.None));
    }

    [Fact]
    public async Task ConsumeLinkTokenAsync_CallerChangesItsArraysAfterWriting_StoredAccountUnchanged()
    {
        var store = await CreateStoreAsync();
        await SeedSchoolsAsync(store);
        var token = await IssueAsync(store, NewLinkToken());
        var secret = new byte[] { 0x10, 0x20, 0x30, 0x40 };
        var account = NewAccount() with { PendingTotpSecret = secret };
        var expected = account with { PendingTotpSecret = [.. secret] };
        Assert.Equal(LinkTokenConsumption.Consumed, await store.Credentials.ConsumeLinkTokenAsync(token.TokenHash, Requested.AddMinutes(1), account, null, NewMail(), CancellationToken.None));

        Array.Fill(secret, (byte)0);

        AssertSameAccount(expected, await store.Credentials.FindAccountAsync(Symbol, ParentEmail, CancellationToken.None));
    }
}
