using System.Diagnostics.Metrics;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Uonet.Access.Credentials;
using Uonet.Access.Diagnostics;
using Uonet.Access.SecurityEvents;
using Uonet.Access.Sessions;
using Uonet.Access.Tests.Credentials.Workflows;

namespace Uonet.Access.Tests.SecurityEvents;

/// <summary>
/// The account's security trail as the workflows write it (ASVS 5.0 V7.5.3): every change of the account's access is
/// recorded with its time and client network, the holder sees the last 30, and no event ever carries a secret.
/// </summary>
public sealed class SecurityTrailTests
{
    private const string NewPassword = "pociag do krakowa odjezdza rano";
    private const string Client = "198.51.100.77";

    private const string FirefoxOnLinux = "Mozilla/5.0 (X11; Linux x86_64; rv:140.0) Gecko/20100101 Firefox/140.0";

    [Fact]
    public async Task SignIn_WrongThenRightPassword_TrailShowsBothWithTheClientNetworkOnly_R3()
    {
        await using var school = await MotherWithPasswordAsync();
        var signIn = school.Services.GetRequiredService<AccountSignIn>();
        school.Time.Advance(TimeSpan.FromSeconds(5));

        await signIn.SignInAsync(new SignInRequest { InstanceSymbol = TestSchool.Symbol, Email = Flow.MotherEmail, Password = Flow.OtherPassword, ClientKey = Client, UserAgent = FirefoxOnLinux });
        school.Time.Advance(TimeSpan.FromSeconds(5));
        var signedIn = await signIn.SignInAsync(new SignInRequest { InstanceSymbol = TestSchool.Symbol, Email = Flow.MotherEmail, Password = Flow.Password, ClientKey = Client, UserAgent = FirefoxOnLinux });

        var trail = await TrailAsync(school.Services, signedIn.SessionTicket);
        Assert.Equal([SecurityEventKind.SignInSucceeded, SecurityEventKind.SignInFailed], trail.Take(2).Select(e => e.Kind));
        Assert.All(trail.Take(2), e => Assert.Equal(("198.51.100.0/24", "Firefox, Linux"), (e.ClientAddress, e.ClientDescription)));
        Assert.DoesNotContain(trail, e => JsonSerializer.Serialize(e).Contains(Client, StringComparison.Ordinal));
        Assert.Equal(school.Time.GetUtcNow(), trail[0].OccurredAt);
    }

    [Fact]
    public async Task SignIn_FiveWrongPasswords_TrailShowsTheLockWhenItBegan()
    {
        await using var school = await MotherWithPasswordAsync();
        for (var i = 0; i < 5; i++)
        {
            school.Time.Advance(TimeSpan.FromSeconds(1));
            await school.Services.TrySignInAsync(password: Flow.OtherPassword, clientKey: Client);
        }

        school.Time.Advance(TimeSpan.FromMinutes(6));
        var ticket = await school.Services.SignInAsync();

        var kinds = (await TrailAsync(school.Services, ticket)).Select(e => e.Kind).ToList();
        Assert.Equal(
            [SecurityEventKind.SignInSucceeded, SecurityEventKind.SignInLocked, .. Enumerable.Repeat(SecurityEventKind.SignInFailed, 4), SecurityEventKind.PasswordSet],
            kinds);
    }

    [Fact]
    public async Task AccountLife_EveryChangeRecordedAndNoEventHoldsASecret_R3_R4()
    {
        await using var school = await TestSchool.CreateAsync();
        await school.Services.AddOlaWithMotherAsync();
        var link = await school.Services.RequestTokenAsync();
        Assert.True((await school.Services.CompleteAsync(link)).Succeeded);
        var secrets = new List<string> { link, Flow.Password, NewPassword };
        school.Time.Advance(TimeSpan.FromSeconds(1));
        var (totpSecret, recoveryCodes, enrolTicket) = await school.Services.EnrolTotpAsync(school.Time);
        secrets.AddRange([enrolTicket, Convert.ToHexString(totpSecret), Convert.ToHexStringLower(totpSecret), OtpNet.Base32Encoding.ToString(totpSecret), .. recoveryCodes]);
        school.Time.Advance(TimeSpan.FromSeconds(1));
        var secondStep = await school.Services.GetRequiredService<AccountSignIn>().SignInAsync(new SignInRequest { InstanceSymbol = TestSchool.Symbol, Email = Flow.MotherEmail, Password = Flow.Password, ClientKey = Client });
        secrets.Add(secondStep.SecondFactorTicket!);
        school.Time.Advance(TimeSpan.FromSeconds(1));
        var wrong = await school.Services.GetRequiredService<AccountSignIn>().CompleteSecondFactorAsync(new SecondFactorRequest { InstanceSymbol = TestSchool.Symbol, Ticket = secondStep.SecondFactorTicket!, TotpCode = Flow.WrongCode(totpSecret, school.Time.GetUtcNow()), ClientKey = Client });
        Assert.False(wrong.Succeeded);
        school.Time.Advance(TimeSpan.FromSeconds(1));
        var byRecovery = await school.Services.TrySignInAsync(recovery: recoveryCodes[0], clientKey: Client);
        secrets.Add(byRecovery.SessionTicket!);
        school.Time.Advance(TimeSpan.FromSeconds(1));
        var changed = await school.Services.GetRequiredService<PasswordChange>().ChangeAsync(new PasswordChangeRequest { SessionTicket = byRecovery.SessionTicket, CurrentPassword = Flow.Password, NewPassword = NewPassword });
        Assert.True(changed.Succeeded, changed.ToString());
        secrets.Add(changed.Value);
        school.Time.Advance(TimeSpan.FromSeconds(30));
        Assert.True((await school.Services.GetRequiredService<TwoFactorSetup>().DisableAsync(changed.Value, Flow.Code(totpSecret, school.Time.GetUtcNow()))).Succeeded);
        var account = await school.Services.AccountAsync();
        secrets.AddRange([account.PasswordHash, account.SecurityStamp]);
        school.Time.Advance(TimeSpan.FromSeconds(1));
        var ticket = await school.Services.SignInAsync(password: NewPassword);
        secrets.Add(ticket);
        school.Time.Advance(TimeSpan.FromSeconds(1));
        Assert.True((await school.Services.GetRequiredService<SessionTickets>().SignOutEverywhereAsync(ticket)).Succeeded);
        school.Time.Advance(TimeSpan.FromSeconds(1));
        var last = await school.Services.SignInAsync(password: NewPassword);

        var trail = await TrailAsync(school.Services, last);

        // Enrolment signs in and confirms within one clock tick, so the trail is compared as a set, its order by time.
        Assert.Equal(
            new[]
            {
                SecurityEventKind.SignInSucceeded, SecurityEventKind.SessionEnded, SecurityEventKind.SignInSucceeded,
                SecurityEventKind.SecondFactorDisabled, SecurityEventKind.PasswordChanged, SecurityEventKind.SignInSucceeded,
                SecurityEventKind.RecoveryCodeUsed, SecurityEventKind.SecondStepFailed, SecurityEventKind.SecondFactorEnabled,
                SecurityEventKind.SignInSucceeded, SecurityEventKind.PasswordSet,
            }.Order(),
            trail.Select(e => e.Kind).Order());
        Assert.True(trail.Zip(trail.Skip(1)).All(p => p.First.OccurredAt >= p.Second.OccurredAt));
        Assert.All(trail, e => Assert.Equal(account.Id, e.AccountId));
        var written = JsonSerializer.Serialize(trail);
        Assert.All(secrets, secret => Assert.DoesNotContain(secret, written, StringComparison.OrdinalIgnoreCase));
    }

    [Fact]
    public async Task RestoreRequest_KnownAccountRecordedUnknownAndNewAddressesNot_R4()
    {
        await using var school = await MotherWithPasswordAsync();
        school.Time.Advance(TimeSpan.FromSeconds(1));
        await school.Services.RequestTokenAsync();
        school.Time.Advance(TimeSpan.FromSeconds(1));

        var ticket = await school.Services.SignInAsync();

        Assert.Contains(SecurityEventKind.RestoreLinkRequested, (await TrailAsync(school.Services, ticket)).Select(e => e.Kind));
    }

    [Fact]
    public async Task ListAsync_ManyEvents_HolderSeesTheLatestThirtyOfTheirOwnOnly()
    {
        await using var school = await MotherWithPasswordAsync();
        await school.Services.AddStudentAsync(TestSchool.Sp1, "4b", "Jan", "Lis", TestSchool.Pesels[1], "jan.lis@uczen.example.pl");
        await school.Services.SetPasswordAsync("jan.lis@uczen.example.pl");
        for (var i = 0; i < 40; i++)
        {
            school.Time.Advance(TimeSpan.FromSeconds(1));
            await school.Services.TrySignInAsync("jan.lis@uczen.example.pl");
        }

        school.Time.Advance(TimeSpan.FromSeconds(1));
        var ticket = await school.Services.SignInAsync();

        var trail = await TrailAsync(school.Services, ticket);
        Assert.Equal([SecurityEventKind.SignInSucceeded, SecurityEventKind.PasswordSet], trail.Select(e => e.Kind));
        var pupilTrail = await TrailAsync(school.Services, await school.Services.SignInAsync("jan.lis@uczen.example.pl"));
        Assert.Equal(AccountActivity.VisibleCount, pupilTrail.Count);
        Assert.True(pupilTrail.Zip(pupilTrail.Skip(1)).All(p => p.First.OccurredAt >= p.Second.OccurredAt));
    }

    [Fact]
    public async Task ListAsync_WithoutAValidTicket_RefusedWithTheSessionCode()
    {
        await using var school = await MotherWithPasswordAsync();
        var ticket = await school.Services.SignInAsync();
        await school.Services.GetRequiredService<SessionTickets>().SignOutAsync(ticket);

        var result = await school.Services.GetRequiredService<AccountActivity>().ListAsync(ticket);

        Assert.Equal(AccessErrorCodes.SessionSignedOut, result.Error?.Code);
    }

    [Fact]
    public async Task Meter_SignInEvents_CountedByKind()
    {
        await using var school = await MotherWithPasswordAsync();
        var counted = new List<string>();
        using var listener = new MeterListener
        {
            InstrumentPublished = (instrument, l) =>
            {
                if (instrument.Meter.Name == AccessTelemetry.Name && instrument.Name == "uonet_access.security_event.count")
                {
                    l.EnableMeasurementEvents(instrument);
                }
            },
        };
        listener.SetMeasurementEventCallback<long>((_, _, tags, _) =>
        {
            lock (counted)
            {
                counted.AddRange(tags.ToArray().Where(t => t.Key == "kind").Select(t => (string)t.Value!));
            }
        });
        listener.Start();

        await school.Services.TrySignInAsync(password: Flow.OtherPassword, clientKey: "203.0.113.250");
        await school.Services.SignInAsync();

        lock (counted)
        {
            Assert.Contains(nameof(SecurityEventKind.SignInFailed), counted);
            Assert.Contains(nameof(SecurityEventKind.SignInSucceeded), counted);
        }
    }

    private static async Task<IReadOnlyList<SecurityEvent>> TrailAsync(IServiceProvider services, string? ticket)
    {
        var result = await services.GetRequiredService<AccountActivity>().ListAsync(ticket);
        Assert.True(result.Succeeded, result.ToString());
        return result.Value;
    }

    private static async Task<TestSchool> MotherWithPasswordAsync()
    {
        var school = await TestSchool.CreateAsync();
        await school.Services.AddOlaWithMotherAsync();
        await school.Services.SetPasswordAsync();
        return school;
    }
}
