using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Uonet.Access.Credentials;
using Uonet.Access.Devices;
using Uonet.Access.Mail;
using Uonet.Access.Records;
using Uonet.Access.SecurityEvents;
using Uonet.Access.Sessions;
using Uonet.Access.Tests.Credentials.Workflows;
using Uonet.Access.Tests.Devices.Pairing;

namespace Uonet.Access.Tests.SecurityEvents;

/// <summary>
/// Every kind of security event names the client it came from, cut to its network (ASVS 5.0 V7.5.3): the browser of the
/// request that asked for it, the session that did it, the phone that registered, or the staff member whose change it was.
/// </summary>
public sealed class EventClientTests
{
    private const string Browser = "198.51.100.77";
    private const string BrowserNetwork = "198.51.100.0/24";
    private const string Phone = "2001:db8:1234:5678::1";
    private const string PhoneNetwork = "2001:db8:1234::/48";
    private const string Office = "203.0.113.9";
    private const string OfficeNetwork = "203.0.113.0/24";
    private const string FirefoxOnLinux = "Mozilla/5.0 (X11; Linux x86_64; rv:140.0) Gecko/20100101 Firefox/140.0";
    private const string EdgeOnWindows = "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/140.0.0.0 Safari/537.36 Edg/140.0.0.0";
    private const string NewPassword = "pociag do krakowa odjezdza rano";

    [Fact]
    public async Task AccountLife_EveryKindOfEvent_CarriesTheTruncatedAddressAndClientOfWhereItCameFrom_R3_R4_R7_R9()
    {
        await using var school = await TestSchool.CreateAsync();
        await school.Services.AddOlaWithMotherAsync();
        var restore = school.Services.GetRequiredService<RestoreAccess>();
        await school.Services.SetPasswordAsync();
        var account = await school.Services.AccountAsync();

        Step(school);
        Assert.True((await restore.StartAsync(new StartAccessRequest { InstanceSymbol = TestSchool.Symbol, Email = Flow.MotherEmail, ClientKey = Browser, UserAgent = FirefoxOnLinux })).Succeeded);
        await school.Services.GetRequiredService<OutboxDispatcher>().DispatchPendingAsync();
        var token = Flow.TokenOf(school.Services.GetRequiredService<RecordingMailSender>().Sent.Last(m => m.Kind == MailKind.AccessLink));
        Step(school);
        Assert.True((await restore.CompleteAsync(new CompleteAccessRequest { Token = token, Password = Flow.Password, ClientAddress = Browser, UserAgent = FirefoxOnLinux })).Succeeded);

        Step(school);
        var session = await SignInAsync(school);
        Step(school);
        var twoFactor = school.Services.GetRequiredService<TwoFactorSetup>();
        Assert.True((await twoFactor.BeginAsync(session)).Succeeded);
        var secret = (await school.Services.AccountAsync()).PendingTotpSecret!;
        var confirmed = await twoFactor.ConfirmAsync(session, Flow.Code(secret, school.Time.GetUtcNow()));
        Assert.True(confirmed.Succeeded, confirmed.ToString());

        Step(school);
        var signIn = school.Services.GetRequiredService<AccountSignIn>();
        var passwordStep = await signIn.SignInAsync(new SignInRequest { InstanceSymbol = TestSchool.Symbol, Email = Flow.MotherEmail, Password = Flow.Password, ClientAddress = Browser, UserAgent = FirefoxOnLinux });
        var byRecovery = await signIn.CompleteSecondFactorAsync(new SecondFactorRequest { InstanceSymbol = TestSchool.Symbol, Ticket = passwordStep.SecondFactorTicket!, RecoveryCode = confirmed.Value[0], ClientAddress = Browser, UserAgent = FirefoxOnLinux });
        Assert.True(byRecovery.Succeeded, byRecovery.Error?.ToString());

        Step(school);
        var changed = await school.Services.GetRequiredService<PasswordChange>().ChangeAsync(new PasswordChangeRequest { SessionTicket = byRecovery.SessionTicket, CurrentPassword = Flow.Password, NewPassword = NewPassword, ClientAddress = Browser, UserAgent = FirefoxOnLinux });
        Assert.True(changed.Succeeded, changed.ToString());
        Step(school);
        Assert.True((await twoFactor.DisableAsync(changed.Value, Flow.Code(secret, school.Time.GetUtcNow()))).Succeeded);

        Step(school);
        var ticket = await school.CreateTicketAsync(changed.Value);
        var registered = await school.RegisterAsync(ticket, device: PairingSupport.Phone() with { ClientAddress = Phone, UserAgent = "okhttp/4.12.0" });
        Assert.True(registered.Succeeded, registered.ToString());
        Step(school);
        Assert.True((await school.Devices().RevokeDeviceAsync(changed.Value, registered.Value.DeviceId)).Succeeded);
        Step(school);
        await school.PairAsync(changed.Value, "Tablet Anny");

        Step(school);
        var sessions = school.Services.GetRequiredService<SessionTickets>();
        var other = await SignInAsync(school, NewPassword);
        Assert.True((await sessions.EndAsync(changed.Value, (await sessions.ValidateAsync(other)).Session!.Id, new SessionEndProof { Password = NewPassword })).Succeeded);
        Step(school);
        await sessions.SignOutAsync(changed.Value);
        Step(school);
        Assert.True((await sessions.SignOutEverywhereAsync(await SignInAsync(school, NewPassword))).Succeeded);

        var secretary = TestSchool.SecretarySp1 with { ClientAddress = Office, UserAgent = EdgeOnWindows };
        Step(school);
        Assert.Equal(1, (await school.Devices().RevokeDevicesByStaffAsync(secretary, Flow.MotherEmail)).Value);
        Step(school);
        var emailChanged = await school.Services.GetRequiredService<GuardianEmailChange>().ApplyAsync(secretary, Flow.MotherEmail, "anna.nowak@nowa.example.pl");
        Assert.True(emailChanged.Succeeded && emailChanged.Value.OldAccountClosed, emailChanged.ToString());

        var trail = await school.Store.ListSecurityEventsAsync(account.Id, 100, Flow.None);
        var expected = new (SecurityEventKind Kind, string Network, string Client)[]
        {
            (SecurityEventKind.PasswordSet, "-", "-"),
            (SecurityEventKind.RestoreLinkRequested, BrowserNetwork, "Firefox, Linux"),
            (SecurityEventKind.PasswordSet, BrowserNetwork, "Firefox, Linux"),
            (SecurityEventKind.SignInSucceeded, BrowserNetwork, "Firefox, Linux"),
            (SecurityEventKind.SecondFactorEnabled, BrowserNetwork, "Firefox, Linux"),
            (SecurityEventKind.RecoveryCodeUsed, BrowserNetwork, "Firefox, Linux"),
            (SecurityEventKind.SignInSucceeded, BrowserNetwork, "Firefox, Linux"),
            (SecurityEventKind.PasswordChanged, BrowserNetwork, "Firefox, Linux"),
            (SecurityEventKind.SecondFactorDisabled, BrowserNetwork, "Firefox, Linux"),
            (SecurityEventKind.DeviceRegistered, PhoneNetwork, "Android app"),
            (SecurityEventKind.DeviceRevoked, BrowserNetwork, "Firefox, Linux"),
            (SecurityEventKind.DeviceRegistered, "-", "-"),
            (SecurityEventKind.SignInSucceeded, BrowserNetwork, "Firefox, Linux"),
            (SecurityEventKind.SessionEnded, BrowserNetwork, "Firefox, Linux"),
            (SecurityEventKind.SessionEnded, BrowserNetwork, "Firefox, Linux"),
            (SecurityEventKind.SignInSucceeded, BrowserNetwork, "Firefox, Linux"),
            (SecurityEventKind.SessionEnded, BrowserNetwork, "Firefox, Linux"),
            (SecurityEventKind.DeviceRevoked, OfficeNetwork, "Edge, Windows"),
            (SecurityEventKind.EmailChanged, OfficeNetwork, "Edge, Windows"),
        };
        // Some steps write two events at one instant (a recovery code and the sign-in it completes): compared as a multiset.
        Assert.Equal(expected.Order(), trail.Select(e => (e.Kind, e.ClientAddress ?? "-", e.ClientDescription ?? "-")).Order());
        var written = JsonSerializer.Serialize(trail);
        Assert.All(new[] { Browser, Phone, Office, "Mozilla", "okhttp" }, whole => Assert.DoesNotContain(whole, written, StringComparison.Ordinal));
    }

    [Fact]
    public async Task RecordEdit_GuardianRemovedBySecretary_AccountClosedEventCarriesTheSecretarysClient_R9()
    {
        await using var school = await TestSchool.CreateAsync();
        var ola = await school.Services.AddOlaWithMotherAsync();
        await school.Services.SetPasswordAsync();
        var account = await school.Services.AccountAsync();
        var secretary = TestSchool.SecretarySp1 with { ClientAddress = Office, UserAgent = EdgeOnWindows };

        Assert.True((await school.Records.RemoveGuardianAsync(secretary, ola.Id, ola.Guardians[0].Id)).Succeeded);

        var closed = Assert.Single(await school.Store.ListSecurityEventsAsync(account.Id, 100, Flow.None), e => e.Kind == SecurityEventKind.AccountClosed);
        Assert.Equal((OfficeNetwork, "Edge, Windows"), (closed.ClientAddress, closed.ClientDescription));
    }

    private static async Task<string> SignInAsync(TestSchool school, string password = Flow.Password)
    {
        var result = await school.Services.GetRequiredService<AccountSignIn>().SignInAsync(new SignInRequest
        {
            InstanceSymbol = TestSchool.Symbol,
            Email = Flow.MotherEmail,
            Password = password,
            ClientAddress = Browser,
            UserAgent = FirefoxOnLinux,
        });
        Assert.Equal(SignInOutcome.Success, result.Outcome);
        return result.SessionTicket!;
    }

    // Each step a TOTP period later, so the events keep their order and every code is fresh.
    private static void Step(TestSchool school) => school.Time.Advance(TimeSpan.FromSeconds(TotpAlgorithm.PeriodSeconds));
}
