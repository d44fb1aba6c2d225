using Xunit;

namespace Uonet.Access.Specification.Tests;

/// <summary>The list of an account's sessions (ASVS 5.0 7.5.2) and the client columns it shows.</summary>
public abstract partial class StoreSpecification
{
    [Fact]
    public async Task ListAccountSessionsAsync_MixOfSessions_OnlyTheAccountsOpenUnexpiredOnesNewestFirstWithEveryField()
    {
        var store = await CreateStoreAsync();
        await SeedSchoolsAsync(store);
        var account = await CreateAccountAsync(store);
        var other = await CreateAccountAsync(store, email: "jan.kowalski@example.pl");
        var older = NewSession(account);
        var newer = NewSession(account) with { CreatedAt = Requested.AddMinutes(5), ClientDescription = null, ClientNetwork = "2001:db8:1234::/48" };
        var ended = NewSession(account);
        var expired = NewSession(account) with { ExpiresAt = Requested.AddMinutes(1) };
        foreach (var session in new[] { older, newer, ended, expired, NewSession(other) })
        {
            await store.Credentials.CreateSessionAsync(session, CancellationToken.None);
        }

        await store.Credentials.RevokeSessionAsync(ended.Id, Requested.AddMinutes(1), CancellationToken.None);

        var listed = await store.Credentials.ListAccountSessionsAsync(account.Id, Requested.AddMinutes(1), CancellationToken.None);

        Assert.Equal([newer, older], listed);
        Assert.Empty(await store.Credentials.ListAccountSessionsAsync(Guid.NewGuid(), Requested, CancellationToken.None));
    }

    [Theory]
    [InlineData(101, 10)]
    [InlineData(10, 65)]
    public async Task CreateSessionAsync_ClientValuesOverTheLimits_RefusedAndNothingWritten(int descriptionLength, int networkLength)
    {
        var store = await CreateStoreAsync();
        await SeedSchoolsAsync(store);
        var session = NewSession(await CreateAccountAsync(store)) with { ClientDescription = new string('a', descriptionLength), ClientNetwork = new string('1', networkLength) };

        await Assert.ThrowsAnyAsync<ArgumentException>(() => store.Credentials.CreateSessionAsync(session, CancellationToken.None));

        Assert.Null(await store.Credentials.FindSessionAsync(session.Id, CancellationToken.None));
    }
}
