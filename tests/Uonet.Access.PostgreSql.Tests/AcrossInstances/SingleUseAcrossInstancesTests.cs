using OtpNet;
using Uonet.Access.Credentials;
using Uonet.Access.Devices;
using Uonet.Access.Mail;
using Uonet.Access.PostgreSql.Tests.Infrastructure;
using static Uonet.Access.Specification.Tests.Fixtures;

namespace Uonet.Access.PostgreSql.Tests.AcrossInstances;

// One secret replayed on both instances at the same moment (a link clicked twice, a TOTP code typed on two tabs, a pairing
// QR scanned by two phones): the full workflows race, each instance with its own pool, and exactly one use wins.
public sealed class SingleUseAcrossInstancesTests : IDisposable
{
    private const int Racers = 16;

    private readonly ScratchSchema _schema = new();

    public void Dispose() => _schema.Dispose();

    [Fact]
    public async Task CompleteAsync_OneLinkRacedOnBothInstances_ExactlyOnePasswordSetOneAccountOneNotice_R3()
    {
        await using var nodes = TwoInstances.Start(_schema);
        await nodes.First.SeedSchoolAsync();
        var token = await nodes.First.RequestLinkAsync();

        var results = await RunTogetherAsync(Enumerable.Range(0, Racers).Select(i => (Func<Task<AccessResult>>)(() =>
            nodes.Serving(i).Restore.CompleteAsync(new CompleteAccessRequest { Token = token, Password = $"{AppInstance.Password} {i}" }))));

        var winner = Array.FindIndex(results, r => r.Succeeded);
        Assert.Single(results, r => r.Succeeded);
        Assert.All(results.Where(r => !r.Succeeded), r => Assert.Equal(AccessErrorCodes.LinkUsed, r.Error?.Code));
        Assert.Single(await nodes.First.Store.ListAsync(ParentEmail, 100, CancellationToken.None), m => m.Kind == MailKind.PasswordSet);

        // The stored password is the winner's, whichever instance served it.
        var signIn = await nodes.Serving(winner + 1).TrySignInAsync($"{AppInstance.Password} {winner}");
        Assert.Equal(SignInOutcome.Success, signIn.Outcome);
    }

    [Fact]
    public async Task CompleteSecondFactorAsync_OneTicketAndCodeRacedOnBothInstances_ExactlyOneSignIn()
    {
        await using var nodes = TwoInstances.Start(_schema);
        await nodes.First.SeedSchoolAsync();
        await nodes.First.SetPasswordAsync();
        var secret = await EnrolTotpAsync(nodes.First);
        nodes.Advance(TimeSpan.FromSeconds(30));
        var code = new Totp(secret).ComputeTotp(nodes.First.Time.GetUtcNow().UtcDateTime);
        var passwordStep = await nodes.First.TrySignInAsync(AppInstance.Password);
        Assert.Equal(SignInOutcome.RequiresSecondFactor, passwordStep.Outcome);

        var results = await RunTogetherAsync(Enumerable.Range(0, Racers).Select(i => (Func<Task<AccountSignInResult>>)(() =>
            nodes.Serving(i).SignIn.CompleteSecondFactorAsync(new SecondFactorRequest { InstanceSymbol = Symbol, Ticket = passwordStep.SecondFactorTicket!, TotpCode = code }))));

        // The code and the ticket are used by one conditional write: the losers find the ticket gone.
        Assert.Single(results, r => r.Outcome == SignInOutcome.Success);
        Assert.All(results.Where(r => !r.Succeeded), r => Assert.Equal(AccessErrorCodes.SignInSecondFactorTicketInvalid, r.Error?.Code));
    }

    [Fact]
    public async Task RegisterDeviceAsync_OneTicketRacedOnBothInstances_ExactlyOneDeviceOneNotice_R7()
    {
        await using var nodes = TwoInstances.Start(_schema);
        await nodes.First.SeedSchoolAsync();
        await nodes.First.SetPasswordAsync();
        var ticket = (await nodes.First.Devices.CreatePairingAsync(await nodes.First.SignedInAsync())).Value;

        var results = await RunTogetherAsync(Enumerable.Range(0, Racers).Select(i => (Func<Task<AccessResult<DeviceRegistrationResult>>>)(() =>
            BruteForceAcrossInstancesTests.Register(nodes.Serving(i), ticket, ticket.Pin))));

        Assert.Single(results, r => r.Succeeded);
        Assert.All(results.Where(r => !r.Succeeded), r => Assert.Equal(AccessErrorCodes.PairingAlreadyUsed, r.Error?.Code));
        var account = await nodes.Second.Store.FindAccountAsync(Symbol, ParentEmail, CancellationToken.None);
        Assert.Equal(results.Single(r => r.Succeeded).Value.DeviceId, Assert.Single(await nodes.Second.Store.ListDevicesAsync(account!.Id, CancellationToken.None)).Id);
        Assert.Single(await nodes.Second.Store.ListAsync(ParentEmail, 100, CancellationToken.None), m => m.Kind == MailKind.NewDevice);
    }

    /// <summary>Enrols the mother's second factor on <paramref name="node"/>; returns the secret her app holds.</summary>
    private static async Task<byte[]> EnrolTotpAsync(AppInstance node)
    {
        var session = await node.SignedInAsync();
        var twoFactor = node.Get<TwoFactorSetup>();
        var begun = await twoFactor.BeginAsync(session);
        Assert.True(begun.Succeeded, begun.ToString());
        var secret = Base32Encoding.ToBytes(begun.Value.SecretBase32);
        var confirmed = await twoFactor.ConfirmAsync(session, new Totp(secret).ComputeTotp(node.Time.GetUtcNow().UtcDateTime));
        Assert.True(confirmed.Succeeded, confirmed.ToString());
        return secret;
    }
}
