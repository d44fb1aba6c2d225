using Uonet.Access.Credentials;
using Uonet.Access.Mail;
using Uonet.Access.Specification.Tests;
using Uonet.Access.Storage;

namespace Uonet.Access.Properties.Tests.Storage;

/// <summary>
/// Retention on the in-memory store over generated histories (sessions, pairing tickets and devices, link tokens,
/// security events, mail, attempt counters, replay entries, a second-factor ticket around one cut-off): after a run
/// at the cut-off, with any batch size, the survivors are exactly the model's. The database stores run the same
/// histories, fewer of them, in the specification suite.
/// </summary>
public sealed class RetentionProperties
{
    [Property(MaxTest = 300)]
    public Property RetentionStore_AnyHistoryAndBatchSize_ExactlyWhatIsDueGoes() => Prop.ForAll(
        Gen.Choose(0, int.MaxValue).ToArbitrary(),
        Gen.Choose(1, 40).ToArbitrary(),
        Gen.Choose(1, 60).ToArbitrary(),
        async (seed, size, batchSize) =>
        {
            var store = new InMemoryAccessStore();
            var under = new StoreUnderTest(store, store, store, store, store, store, store);
            var account = await AccountAsync(store);
            var history = RetentionHistory.Generate(seed, size);
            await history.WriteAsync(under, account);

            await history.RetainAndCheckAsync(under, store, account, batchSize, spentTokensBefore: 1);
        });

    private static async Task<Account> AccountAsync(InMemoryAccessStore store)
    {
        var at = RetentionHistory.CutOff.AddDays(-30);
        var token = new LinkToken
        {
            Id = Guid.NewGuid(),
            TokenHash = new string('a', 64),
            InstanceSymbol = "gminawulkanowo",
            Email = "anna.kowalska@example.pl",
            CreatedAt = at,
            ExpiresAt = at.AddHours(1),
        };
        await store.RecordLinkRequestAsync(token, null, at, null, CancellationToken.None);
        var account = new Account
        {
            Id = Guid.NewGuid(),
            InstanceSymbol = token.InstanceSymbol,
            Email = token.Email,
            PasswordHash = "$argon2id$v=19$m=19456,t=2,p=1$c2FsdHNhbHRzYWx0c2FsdA$aGFzaA",
            SecurityStamp = Guid.NewGuid().ToString("N"),
            CreatedAt = at,
            PasswordChangedAt = at,
        };
        var mail = new OutboxMessage
        {
            Id = Guid.NewGuid(),
            MessageId = $"<{Guid.NewGuid():N}@uonet.example.pl>",
            InstanceSymbol = token.InstanceSymbol,
            Kind = MailKind.PasswordSet,
            To = token.Email,
            Subject = "Hasło zostało ustawione",
            TextBody = "Dzień dobry.",
            HtmlBody = "<p>Dzień dobry.</p>",
            CreatedAt = at,
            NextAttemptAt = at,
        };
        if (await store.ConsumeLinkTokenAsync(token.TokenHash, at.AddMinutes(1), account, null, mail, null, CancellationToken.None) != LinkTokenConsumption.Consumed)
        {
            throw new InvalidOperationException("The account of the history could not be created.");
        }

        return account;
    }
}
