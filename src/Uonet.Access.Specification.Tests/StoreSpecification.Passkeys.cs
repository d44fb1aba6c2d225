using System.Security.Cryptography;
using Uonet.Access.Credentials;
using Uonet.Access.Devices;
using Uonet.Access.Mail;
using Uonet.Access.Passkeys;
using Uonet.Access.SecurityEvents;
using Uonet.Access.Storage;
using Xunit;

namespace Uonet.Access.Specification.Tests;

// Passkeys (IPasskeyStore, a capability a store adds): a credential id is unique within an instance, a ceremony is
// taken once under any concurrency, and a passkey ends with its account. A store without the capability skips these.
public abstract partial class StoreSpecification
{
    /// <summary>When the passkeys of these tests were added.</summary>
    protected static readonly DateTimeOffset PasskeyAdded = new(2026, 9, 1, 9, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task AddPasskeyAsync_NewCredential_ReadBackFieldByFieldWithNoticeAndEvent()
    {
        var (store, account) = await StoreWithAccountAsync();
        if (store.Credentials is not IPasskeyStore passkeys)
        {
            return;
        }

        var passkey = NewPasskey(account);
        var notice = NewMail(kind: MailKind.PasskeyAdded, createdAt: PasskeyAdded);
        var added = NewEvent(account, SecurityEventKind.PasskeyAdded, PasskeyAdded, passkey.Name);

        var result = await passkeys.AddPasskeyAsync(passkey, notice, added, CancellationToken.None);

        Assert.Equal(StoreWriteResult.Success, result);
        AssertSamePasskey(passkey, await passkeys.FindPasskeyAsync(Symbol, passkey.CredentialId, CancellationToken.None));
        AssertSamePasskey(passkey, Assert.Single(await passkeys.ListPasskeysAsync(account.Id, CancellationToken.None)));
        AssertSameMail(notice, await MailAsync(store, notice.Id));
        Assert.Contains(await store.Credentials.ListSecurityEventsAsync(account.Id, 10, CancellationToken.None), e => e.Id == added.Id);
    }

    [Fact]
    public async Task AddPasskeyAsync_CredentialIdTakenInTheInstance_DuplicateAndNothingWritten_R6()
    {
        var (store, account) = await StoreWithAccountAsync();
        if (store.Credentials is not IPasskeyStore passkeys)
        {
            return;
        }

        var first = NewPasskey(account);
        Assert.Equal(StoreWriteResult.Success, await passkeys.AddPasskeyAsync(first, null, null, CancellationToken.None));
        var neighbour = await CreateAccountAsync(store, OtherParentEmail);
        var before = await AllMailAsync(store);

        var copy = NewPasskey(neighbour) with { CredentialId = first.CredentialId };
        var result = await passkeys.AddPasskeyAsync(copy, NewMail(OtherParentEmail, MailKind.PasskeyAdded, PasskeyAdded), null, CancellationToken.None);

        Assert.Equal(StoreWriteResult.Duplicate, result);
        Assert.Empty(await passkeys.ListPasskeysAsync(neighbour.Id, CancellationToken.None));
        await AssertNoMailQueuedAsync(store, before);
    }

    [Fact]
    public async Task AddPasskeyAsync_SameCredentialIdInAnotherInstance_IsAnotherPasskey_R6()
    {
        var (store, account) = await StoreWithAccountAsync();
        if (store.Credentials is not IPasskeyStore passkeys)
        {
            return;
        }

        var first = NewPasskey(account);
        Assert.Equal(StoreWriteResult.Success, await passkeys.AddPasskeyAsync(first, null, null, CancellationToken.None));
        var elsewhere = await CreateAccountAsync(store, ParentEmail, OtherSymbol);

        var result = await passkeys.AddPasskeyAsync(NewPasskey(elsewhere) with { CredentialId = first.CredentialId }, null, null, CancellationToken.None);

        Assert.Equal(StoreWriteResult.Success, result);
        Assert.Equal(account.Id, (await passkeys.FindPasskeyAsync(Symbol, first.CredentialId, CancellationToken.None))!.AccountId);
        Assert.Equal(elsewhere.Id, (await passkeys.FindPasskeyAsync(OtherSymbol, first.CredentialId, CancellationToken.None))!.AccountId);
    }

    [Fact]
    public async Task AddPasskeyAsync_ClosedOrUnknownAccount_NotFound()
    {
        var (store, account) = await StoreWithAccountAsync();
        if (store.Credentials is not IPasskeyStore passkeys)
        {
            return;
        }

        var stranger = NewPasskey(account) with { AccountId = Guid.NewGuid() };
        Assert.Equal(StoreWriteResult.NotFound, await passkeys.AddPasskeyAsync(stranger, null, null, CancellationToken.None));
        Assert.True(await store.Credentials.CloseAccountAsync(account.Id, Closure, DeviceRevocationReason.EmailChanged, null, CancellationToken.None));

        Assert.Equal(StoreWriteResult.NotFound, await passkeys.AddPasskeyAsync(NewPasskey(account), null, null, CancellationToken.None));
    }

    [Fact]
    public async Task CloseAccountAsync_RemovesTheAccountsPasskeysOnly_R9()
    {
        var (store, account) = await StoreWithAccountAsync();
        if (store.Credentials is not IPasskeyStore passkeys)
        {
            return;
        }

        var neighbour = await CreateAccountAsync(store, OtherParentEmail);
        var phone = NewPasskey(account);
        var laptop = NewPasskey(account);
        var neighbours = NewPasskey(neighbour);
        foreach (var passkey in new[] { phone, laptop, neighbours })
        {
            Assert.Equal(StoreWriteResult.Success, await passkeys.AddPasskeyAsync(passkey, null, null, CancellationToken.None));
        }

        Assert.True(await store.Credentials.CloseAccountAsync(account.Id, Closure, DeviceRevocationReason.EmailChanged, null, CancellationToken.None));

        Assert.Empty(await passkeys.ListPasskeysAsync(account.Id, CancellationToken.None));
        Assert.Null(await passkeys.FindPasskeyAsync(Symbol, phone.CredentialId, CancellationToken.None));
        AssertSamePasskey(neighbours, Assert.Single(await passkeys.ListPasskeysAsync(neighbour.Id, CancellationToken.None)));
    }

    [Fact]
    public async Task TakeChallengeAsync_OpenChallenge_TakenOnceThenGone()
    {
        var store = await CreateStoreAsync();
        if (store.Credentials is not IPasskeyStore passkeys)
        {
            return;
        }

        var challenge = NewChallenge();
        await passkeys.SaveChallengeAsync(challenge, PasskeyAdded, CancellationToken.None);

        var first = await passkeys.TakeChallengeAsync(challenge.ChallengeHash, PasskeyAdded, CancellationToken.None);
        var second = await passkeys.TakeChallengeAsync(challenge.ChallengeHash, PasskeyAdded, CancellationToken.None);

        Assert.Equal(challenge, first);
        Assert.Null(second);
    }

    [Fact]
    public async Task TakeChallengeAsync_Expired_Null()
    {
        var store = await CreateStoreAsync();
        if (store.Credentials is not IPasskeyStore passkeys)
        {
            return;
        }

        var challenge = NewChallenge();
        await passkeys.SaveChallengeAsync(challenge, PasskeyAdded, CancellationToken.None);

        Assert.Null(await passkeys.TakeChallengeAsync(challenge.ChallengeHash, challenge.ExpiresAt, CancellationToken.None));
    }

    [Fact]
    public async Task TakeChallengeAsync_ThirtyTwoTakersAtOnce_ExactlyOneGetsIt()
    {
        var store = await CreateStoreAsync();
        if (store.Credentials is not IPasskeyStore passkeys)
        {
            return;
        }

        var challenge = NewChallenge();
        await passkeys.SaveChallengeAsync(challenge, PasskeyAdded, CancellationToken.None);

        var taken = await Fixtures.RunTogetherAsync(Enumerable.Range(0, 32).Select(_ => (Func<Task<PasskeyChallenge?>>)(() => passkeys.TakeChallengeAsync(challenge.ChallengeHash, PasskeyAdded, CancellationToken.None))));

        Assert.Single(taken, t => t is not null);
    }

    [Fact]
    public async Task RecordPasskeyUseAsync_ExpectedCounter_MovesItOtherwiseConflict()
    {
        var (store, account) = await StoreWithAccountAsync();
        if (store.Credentials is not IPasskeyStore passkeys)
        {
            return;
        }

        var passkey = NewPasskey(account) with { SignCount = 4 };
        Assert.Equal(StoreWriteResult.Success, await passkeys.AddPasskeyAsync(passkey, null, null, CancellationToken.None));
        var used = PasskeyAdded.AddHours(1);

        Assert.Equal(StoreWriteResult.Success, await passkeys.RecordPasskeyUseAsync(passkey.Id, 4, 5, true, used, CancellationToken.None));
        Assert.Equal(StoreWriteResult.Conflict, await passkeys.RecordPasskeyUseAsync(passkey.Id, 4, 6, false, used.AddHours(1), CancellationToken.None));
        Assert.Equal(StoreWriteResult.NotFound, await passkeys.RecordPasskeyUseAsync(Guid.NewGuid(), 0, 1, false, used, CancellationToken.None));

        AssertSamePasskey(passkey with { SignCount = 5, IsBackedUp = true, LastUsedAt = used }, (await passkeys.ListPasskeysAsync(account.Id, CancellationToken.None))[0]);
    }

    [Fact]
    public async Task RenameRemovePasskeyAsync_AnotherAccountsPasskey_NotFoundAndUntouched()
    {
        var (store, account) = await StoreWithAccountAsync();
        if (store.Credentials is not IPasskeyStore passkeys)
        {
            return;
        }

        var neighbour = await CreateAccountAsync(store, OtherParentEmail);
        var passkey = NewPasskey(account);
        Assert.Equal(StoreWriteResult.Success, await passkeys.AddPasskeyAsync(passkey, null, null, CancellationToken.None));
        var before = await AllMailAsync(store);

        Assert.Equal(StoreWriteResult.NotFound, await passkeys.RenamePasskeyAsync(neighbour.Id, passkey.Id, "cudzy", CancellationToken.None));
        Assert.Equal(StoreWriteResult.NotFound, await passkeys.RemovePasskeyAsync(neighbour.Id, passkey.Id, NewMail(OtherParentEmail, MailKind.PasskeyRemoved, PasskeyAdded), null, CancellationToken.None));

        AssertSamePasskey(passkey, Assert.Single(await passkeys.ListPasskeysAsync(account.Id, CancellationToken.None)));
        await AssertNoMailQueuedAsync(store, before);
    }

    [Fact]
    public async Task RenameRemovePasskeyAsync_OwnPasskey_RenamedThenRemovedWithNotice()
    {
        var (store, account) = await StoreWithAccountAsync();
        if (store.Credentials is not IPasskeyStore passkeys)
        {
            return;
        }

        var passkey = NewPasskey(account);
        Assert.Equal(StoreWriteResult.Success, await passkeys.AddPasskeyAsync(passkey, null, null, CancellationToken.None));

        Assert.Equal(StoreWriteResult.Success, await passkeys.RenamePasskeyAsync(account.Id, passkey.Id, "Laptop", CancellationToken.None));
        Assert.Equal("Laptop", (await passkeys.ListPasskeysAsync(account.Id, CancellationToken.None))[0].Name);
        var notice = NewMail(kind: MailKind.PasskeyRemoved, createdAt: PasskeyAdded);
        Assert.Equal(StoreWriteResult.Success, await passkeys.RemovePasskeyAsync(account.Id, passkey.Id, notice, null, CancellationToken.None));

        Assert.Empty(await passkeys.ListPasskeysAsync(account.Id, CancellationToken.None));
        AssertSameMail(notice, await MailAsync(store, notice.Id));
    }

    [Fact]
    public async Task AddPasskeyAsync_NameTooLong_ArgumentExceptionAndNothingWritten()
    {
        var (store, account) = await StoreWithAccountAsync();
        if (store.Credentials is not IPasskeyStore passkeys)
        {
            return;
        }

        var passkey = NewPasskey(account) with { Name = new string('x', StoreLimits.PasskeyName + 1) };

        await Assert.ThrowsAnyAsync<ArgumentException>(() => passkeys.AddPasskeyAsync(passkey, null, null, CancellationToken.None));
        Assert.Empty(await passkeys.ListPasskeysAsync(account.Id, CancellationToken.None));
    }

    /// <summary>A passkey of <paramref name="account"/> with random key material.</summary>
    protected static Passkey NewPasskey(Account account)
    {
        ArgumentNullException.ThrowIfNull(account);
        return new Passkey
        {
            Id = Guid.NewGuid(),
            AccountId = account.Id,
            InstanceSymbol = account.InstanceSymbol,
            CredentialId = RandomNumberGenerator.GetBytes(32),
            PublicKey = RandomNumberGenerator.GetBytes(77),
            UserHandle = RandomNumberGenerator.GetBytes(32),
            SignCount = 0,
            Transports = ["internal", "hybrid"],
            IsBackupEligible = true,
            IsBackedUp = false,
            Aaguid = Guid.NewGuid(),
            Name = "Telefon Anny",
            CreatedAt = PasskeyAdded,
        };
    }

    private static PasskeyChallenge NewChallenge() => new()
    {
        ChallengeHash = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(32)),
        Ceremony = PasskeyCeremony.SignIn,
        InstanceSymbol = Symbol,
        AccountId = Guid.NewGuid(),
        OptionsJson = """{"challenge":"abc","rpId":"uonetplus.example.pl"}""",
        ExpiresAt = PasskeyAdded.AddMinutes(5),
    };

    private static void AssertSamePasskey(Passkey expected, Passkey? actual)
    {
        Assert.NotNull(actual);
        Assert.Equal(expected.Id, actual.Id);
        Assert.Equal(expected.AccountId, actual.AccountId);
        Assert.Equal(expected.InstanceSymbol, actual.InstanceSymbol);
        Assert.Equal(expected.CredentialId, actual.CredentialId);
        Assert.Equal(expected.PublicKey, actual.PublicKey);
        Assert.Equal(expected.UserHandle, actual.UserHandle);
        Assert.Equal(expected.SignCount, actual.SignCount);
        Assert.Equal(expected.Transports, actual.Transports);
        Assert.Equal(expected.IsBackupEligible, actual.IsBackupEligible);
        Assert.Equal(expected.IsBackedUp, actual.IsBackedUp);
        Assert.Equal(expected.Aaguid, actual.Aaguid);
        Assert.Equal(expected.Name, actual.Name);
        Assert.Equal(expected.CreatedAt, actual.CreatedAt);
        Assert.Equal(expected.LastUsedAt, actual.LastUsedAt);
    }
}
