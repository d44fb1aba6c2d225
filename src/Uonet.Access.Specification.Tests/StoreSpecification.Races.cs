using Uonet.Access.Credentials;
using Uonet.Access.Devices;
using Uonet.Access.Mail;
using Uonet.Access.Storage;
using Xunit;

namespace Uonet.Access.Specification.Tests;

// Single use, race after race. Each round, 32 callers meet at a barrier on their own threads and try to use one fresh
// secret at once: a link token (R3, R4), a pairing ticket whose PIN was right (R7), a TOTP step (the version check of the
// account write). Exactly one may win, in every one of 200 rounds: one lucky interleaving proves little, while 200 catch
// a conditional write that holds only most of the time.
public abstract partial class StoreSpecification
{
    private const int RaceRounds = 200;

    [Fact]
    public async Task ConsumeLinkTokenAsync_200RacesOf32Callers_ExactlyOneConsumedInEach_R4()
    {
        var store = await CreateStoreAsync();
        await SeedSchoolsAsync(store);
        var now = Requested.AddMinutes(5);

        for (var round = 0; round < RaceRounds; round++)
        {
            var email = $"rodzic{round:D3}@example.pl";
            var token = await IssueAsync(store, NewLinkToken(email));
            var attempts = Enumerable.Range(0, Parallelism).Select(_ => (Account: NewAccount(email, createdAt: now), Mail: NewMail(email, createdAt: now))).ToList();

            var results = await Fixtures.RunTogetherAsync(attempts.Select(a =>
                (Func<Task<LinkTokenConsumption>>)(() => store.Credentials.ConsumeLinkTokenAsync(token.TokenHash, now, a.Account, null, a.Mail, CancellationToken.None))));

            AssertOneWinner(results, LinkTokenConsumption.Consumed, LinkTokenConsumption.AlreadyUsed, round);
            var winner = attempts[Array.IndexOf(results, LinkTokenConsumption.Consumed)];
            Assert.Equal(winner.Account.Id, (await store.Credentials.FindAccountAsync(Symbol, email, CancellationToken.None))?.Id);
        }

        var mail = await AllMailAsync(store);
        Assert.Equal(RaceRounds, mail.Count);
        Assert.Equal(RaceRounds, mail.Select(m => m.To).Distinct().Count());
    }

    [Fact]
    public async Task ConsumePairingTicketAsync_200RacesOf32RightPins_ExactlyOneDeviceRegisteredInEach_R7()
    {
        var (store, account) = await StoreWithAccountAsync();
        var now = Paired.AddMinutes(1);

        for (var round = 0; round < RaceRounds; round++)
        {
            // The PIN is checked before the store is called; what the store must make single is the use itself.
            var ticket = await OpenTicketAsync(store, account);
            var devices = Enumerable.Range(0, Parallelism).Select(i => NewDevice(account, now, name: $"Telefon {round}.{i}")).ToList();

            var results = await Fixtures.RunTogetherAsync(devices.Select(d =>
                (Func<Task<PairingConsumption>>)(() => store.Devices.ConsumePairingTicketAsync(ticket.Id, now, d, DeviceMail(account, now), CancellationToken.None))));

            AssertOneWinner(results, PairingConsumption.Consumed, PairingConsumption.AlreadyUsed, round);
            Assert.Equal(now, (await TicketAsync(store, ticket)).ConsumedAt);
        }

        var registered = await store.Devices.ListDevicesAsync(account.Id, CancellationToken.None);
        Assert.Equal(RaceRounds, registered.Count);
        Assert.Equal(RaceRounds, registered.Select(d => d.Name.Split('.')[0]).Distinct().Count());
        Assert.Equal(RaceRounds, (await AllMailAsync(store)).Count(m => m.Kind == MailKind.NewDevice));
    }

    [Fact]
    public async Task UpdateAccountAsync_200RacesOf32CallersUsingOneTotpStep_ExactlyOneAcceptedInEach()
    {
        var (store, account) = await StoreWithAccountAsync();
        var enrolled = NextVersion(account) with { TotpSecret = [.. Enumerable.Range(1, 20).Select(i => (byte)i)], TotpLastStep = 59_000_000 };
        Assert.Equal(StoreWriteResult.Success, await store.Credentials.UpdateAccountAsync(enrolled, account.Version, null, CancellationToken.None));
        var current = enrolled;

        for (var round = 0; round < RaceRounds; round++)
        {
            // Every sign-in that matched the code read the same account and writes the same step: only the version
            // check of the write lets one of them through (RFC 6238 §5.2: a code is accepted once).
            var read = current;
            var step = read.TotpLastStep + 1;
            var results = await Fixtures.RunTogetherAsync(Enumerable.Range(0, Parallelism).Select(_ =>
                (Func<Task<StoreWriteResult>>)(() => store.Credentials.UpdateAccountAsync(NextVersion(read) with { TotpLastStep = step }, read.Version, null, CancellationToken.None))));

            AssertOneWinner(results, StoreWriteResult.Success, StoreWriteResult.Conflict, round);
            current = await store.Credentials.FindAccountByIdAsync(account.Id, CancellationToken.None);
            Assert.NotNull(current);
            Assert.Equal((read.Version + 1, step), (current.Version, current.TotpLastStep));
        }

        Assert.Equal(enrolled.Version + RaceRounds, current.Version);
    }

    private static void AssertOneWinner<T>(T[] results, T win, T loss, int round)
        where T : struct, Enum =>
        Assert.True(
            results.Count(r => r.Equals(win)) == 1 && results.Count(r => r.Equals(loss)) == Parallelism - 1,
            $"round {round}: {string.Join(", ", results.CountBy(r => r).Select(c => $"{c.Value}× {c.Key}"))}");
}
