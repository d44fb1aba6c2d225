using Microsoft.Extensions.DependencyInjection;
using Uonet.Access.Credentials;
using Uonet.Access.Sessions;

namespace Uonet.Access.Tests.Credentials.Workflows;

/// <summary>
/// <see cref="SessionTickets"/>: a ticket is Valid with the pupils seen now (R5, R8), Stale when it comes from another
/// deploy or cannot be read (dropped quietly, R10), Revoked with a reason otherwise (DESIGN §4.3).
/// </summary>
public sealed class SessionTicketTests
{
    [Fact]
    public async Task Validate_FreshTicket_ValidWithAccountAndPupils_R5()
    {
        await using var school = await TestSchool.CreateAsync();
        var ola = await school.Services.AddOlaWithMotherAsync();
        await school.Services.SetPasswordAsync();
        var ticket = await school.Services.SignInAsync();

        var session = await school.Services.ValidateAsync(ticket);

        Assert.Equal(SessionStatus.Valid, session.Status);
        Assert.Null(session.Code);
        Assert.Equal(Flow.MotherEmail, session.Account!.Email);
        Assert.Equal(session.Account.Id, session.Session!.AccountId);
        Assert.Equal(ola.Id, Assert.Single(session.Pupils).StudentId);
        Assert.Matches("^1\\.[0-9a-f]{32}\\.[A-Za-z0-9_-]{43}$", ticket);
    }

    [Fact]
    public async Task Validate_TicketOfEarlierGeneration_StaleAfterDeploy_R10()
    {
        await using var school = await TestSchool.CreateAsync();
        await school.Services.AddOlaWithMotherAsync();
        await school.Services.SetPasswordAsync();
        var oldTicket = await school.Services.SignInAsync();
        await using var nextDeploy = await CustomSchool.CreateAsync(configure: o => o.Sessions.Generation = 2, sharedStore: school.Store, time: school.Time);

        var old = await nextDeploy.Services.ValidateAsync(oldTicket);
        var newTicket = await nextDeploy.Services.SignInAsync();
        var fresh = await nextDeploy.Services.ValidateAsync(newTicket);

        Assert.Equal(SessionStatus.Stale, old.Status);
        Assert.Equal(AccessErrorCodes.SessionStale, old.Code);
        Assert.Null(old.Account);
        Assert.Equal(SessionStatus.Valid, fresh.Status);
        Assert.StartsWith("2.", newTicket, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Validate_GenerationPrefixChanged_Stale_R10()
    {
        await using var school = await TestSchool.CreateAsync();
        await school.Services.AddOlaWithMotherAsync();
        await school.Services.SetPasswordAsync();
        var ticket = await school.Services.SignInAsync();

        var session = await school.Services.ValidateAsync("7" + ticket[1..]);

        Assert.Equal(SessionStatus.Stale, session.Status);
        Assert.Equal(AccessErrorCodes.SessionStale, session.Code);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("cookie-from-the-old-system")]
    [InlineData("1.not-a-guid.secret")]
    [InlineData("1.0190c1b2a3b44c5d8e9f001122334455")]
    [InlineData("-1.0190c1b2a3b44c5d8e9f001122334455.AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA")]
    [InlineData("1.0190c1b2a3b44c5d8e9f001122334455.AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA")]
    [InlineData("1.0190c1b2a3b44c5d8e9f001122334455.AAAA.AAAA")]
    public async Task Validate_UnreadableOrUnknownTicket_Stale_R10(string? ticket)
    {
        await using var school = await TestSchool.CreateAsync();

        var session = await school.Services.ValidateAsync(ticket);

        Assert.Equal(SessionStatus.Stale, session.Status);
        Assert.Equal(AccessErrorCodes.SessionStale, session.Code);
        Assert.Empty(session.Pupils);
    }

    [Fact]
    public async Task Validate_HugeTicket_StaleWithoutParsing()
    {
        await using var school = await TestSchool.CreateAsync();

        var session = await school.Services.ValidateAsync("1." + new string('a', 100_000));

        Assert.Equal(SessionStatus.Stale, session.Status);
    }

    [Fact]
    public async Task Validate_SecretTampered_Revoked()
    {
        await using var school = await TestSchool.CreateAsync();
        await school.Services.AddOlaWithMotherAsync();
        await school.Services.SetPasswordAsync();
        var ticket = await school.Services.SignInAsync();
        var tampered = ticket[..^1] + (ticket[^1] == 'A' ? 'B' : 'A');

        var session = await school.Services.ValidateAsync(tampered);

        Assert.Equal(SessionStatus.Revoked, session.Status);
        Assert.Equal(AccessErrorCodes.SessionSignedOut, session.Code);
        Assert.Null(session.Account);
        Assert.Equal(SessionStatus.Valid, (await school.Services.ValidateAsync(ticket)).Status);
    }

    [Fact]
    public async Task SignOut_Ticket_ThatSessionRevokedOtherStaysValid()
    {
        await using var school = await TestSchool.CreateAsync();
        await school.Services.AddOlaWithMotherAsync();
        await school.Services.SetPasswordAsync();
        var computer = await school.Services.SignInAsync();
        var phone = await school.Services.SignInAsync();

        await school.Sessions.SignOutAsync(computer);

        var signedOut = await school.Services.ValidateAsync(computer);
        Assert.Equal(SessionStatus.Revoked, signedOut.Status);
        Assert.Equal(AccessErrorCodes.SessionSignedOut, signedOut.Code);
        Assert.Equal(SessionStatus.Valid, (await school.Services.ValidateAsync(phone)).Status);
    }

    [Fact]
    public async Task SignOut_TamperedOrGarbageTicket_IgnoredAndSessionKept()
    {
        await using var school = await TestSchool.CreateAsync();
        await school.Services.AddOlaWithMotherAsync();
        await school.Services.SetPasswordAsync();
        var ticket = await school.Services.SignInAsync();

        await school.Sessions.SignOutAsync(ticket[..^1] + (ticket[^1] == 'A' ? 'B' : 'A'));
        await school.Sessions.SignOutAsync("garbage");
        await school.Sessions.SignOutAsync(null);

        Assert.Equal(SessionStatus.Valid, (await school.Services.ValidateAsync(ticket)).Status);
    }

    [Fact]
    public async Task SignOutEverywhere_EverySessionOfTheAccountRevoked_OtherAccountsKept()
    {
        await using var school = await TestSchool.CreateAsync();
        await school.Services.AddOlaWithMotherAsync();
        await school.AddStudentAsync(TestSchool.Sp1, "4a", "Kuba", "Zieliński", TestSchool.Pesels[2], null, TestSchool.Guardian("Marek", "Zieliński", "marek@example.pl", relation: Uonet.Access.Records.GuardianRelation.Father));
        await school.Services.SetPasswordAsync();
        await school.Services.SetPasswordAsync("marek@example.pl", Flow.OtherPassword);
        var tickets = new[] { await school.Services.SignInAsync(), await school.Services.SignInAsync(), await school.Services.SignInAsync() };
        var otherAccount = await school.Services.SignInAsync("marek@example.pl", Flow.OtherPassword);

        var result = await school.Sessions.SignOutEverywhereAsync(tickets[1]);

        Assert.True(result.Succeeded, result.ToString());
        foreach (var ticket in tickets)
        {
            var session = await school.Services.ValidateAsync(ticket);
            Assert.Equal(SessionStatus.Revoked, session.Status);
            Assert.Equal(AccessErrorCodes.SessionSignedOut, session.Code);
        }

        Assert.Equal(SessionStatus.Valid, (await school.Services.ValidateAsync(otherAccount)).Status);
        Assert.Equal(SessionStatus.Valid, (await school.Services.ValidateAsync(await school.Services.SignInAsync())).Status);
    }

    [Fact]
    public async Task SignOutEverywhere_StaleTicket_RefusedWithItsCode()
    {
        await using var school = await TestSchool.CreateAsync();

        var result = await school.Sessions.SignOutEverywhereAsync("garbage");

        Assert.Equal(AccessErrorCodes.SessionStale, Assert.Single(result.Errors).Code);
    }

    [Fact]
    public async Task Validate_IdleLongerThanTimeout_Expired()
    {
        await using var school = await TestSchool.CreateAsync();
        await school.Services.AddOlaWithMotherAsync();
        await school.Services.SetPasswordAsync();
        var ticket = await school.Services.SignInAsync();
        school.Time.Advance(TimeSpan.FromMinutes(29));
        var active = await school.Services.ValidateAsync(ticket);

        school.Time.Advance(TimeSpan.FromMinutes(29));
        var stillActive = await school.Services.ValidateAsync(ticket);
        school.Time.Advance(TimeSpan.FromMinutes(31));
        var idle = await school.Services.ValidateAsync(ticket);

        Assert.Equal(SessionStatus.Valid, active.Status);
        Assert.Equal(SessionStatus.Valid, stillActive.Status);
        Assert.Equal(SessionStatus.Revoked, idle.Status);
        Assert.Equal(AccessErrorCodes.SessionExpired, idle.Code);
    }

    [Fact]
    public async Task Validate_UsedAllDayPastAbsoluteLifetime_Expired()
    {
        await using var school = await TestSchool.CreateAsync();
        await school.Services.AddOlaWithMotherAsync();
        await school.Services.SetPasswordAsync();
        var signedInAt = school.Time.GetUtcNow();
        var ticket = await school.Services.SignInAsync();
        var lastValid = signedInAt;
        SessionValidation session;
        do
        {
            school.Time.Advance(TimeSpan.FromMinutes(20));
            session = await school.Services.ValidateAsync(ticket);
            if (session.Status == SessionStatus.Valid)
            {
                lastValid = school.Time.GetUtcNow();
            }
        }
        while (session.Status == SessionStatus.Valid && school.Time.GetUtcNow() < signedInAt.AddDays(1));

        Assert.Equal(SessionStatus.Revoked, session.Status);
        Assert.Equal(AccessErrorCodes.SessionExpired, session.Code);
        Assert.Equal(signedInAt + TimeSpan.FromHours(12), school.Time.GetUtcNow());
        Assert.Equal(signedInAt + TimeSpan.FromHours(12) - TimeSpan.FromMinutes(20), lastValid);
    }

    [Fact]
    public async Task Validate_ChildAddedAfterSignIn_AppearsInNextValidation_R8()
    {
        await using var school = await TestSchool.CreateAsync();
        await school.Services.AddOlaWithMotherAsync();
        await school.Services.SetPasswordAsync();
        var ticket = await school.Services.SignInAsync();
        var before = await school.Services.ValidateAsync(ticket);

        await school.AddStudentAsync(TestSchool.Sp1, "1a", "Zosia", "Nowak", TestSchool.Pesels[8], null, TestSchool.Guardian("Anna", "Nowak", "ANNA.NOWAK@example.pl"));
        var after = await school.Services.ValidateAsync(ticket);

        Assert.Equal(["Ola"], before.Pupils.Select(p => p.FirstName));
        Assert.Equal(SessionStatus.Valid, after.Status);
        Assert.Equal(["Ola", "Zosia"], after.Pupils.Select(p => p.FirstName).Order());
    }

    [Fact]
    public async Task Validate_AccountNoLongerEligible_RevokedNotEligible_R2()
    {
        await using var school = await TestSchool.CreateAsync();
        var ola = await school.Services.AddOlaWithMotherAsync();
        await school.Services.SetPasswordAsync();
        var ticket = await school.Services.SignInAsync();

        // Written straight to the store, as legacy data would be: no account closure runs, eligibility alone decides.
        var changed = ola with { Guardians = [ola.Guardians.Single() with { FirstName = null }], Version = ola.Version + 1 };
        Assert.Equal(Uonet.Access.Storage.StoreWriteResult.Success, await school.Store.UpdateStudentAsync(changed, ola.Version, new Uonet.Access.Records.AuditEntry
        {
            Id = Guid.NewGuid(), InstanceSymbol = TestSchool.Symbol, OccurredAt = school.Time.GetUtcNow(), Actor = "legacy@example.pl",
            Action = Uonet.Access.Records.AuditAction.GuardianChanged, StudentId = ola.Id,
        }, Flow.None));

        var session = await school.Services.ValidateAsync(ticket);

        Assert.Equal(SessionStatus.Revoked, session.Status);
        Assert.Equal(AccessErrorCodes.SessionNotEligible, session.Code);
        Assert.Empty(session.Pupils);
    }

    [Fact]
    public async Task Validate_GuardianEmailReplacedByStaff_RevokedAccountClosed_R9()
    {
        await using var school = await TestSchool.CreateAsync();
        var ola = await school.Services.AddOlaWithMotherAsync();
        await school.Services.SetPasswordAsync();
        var ticket = await school.Services.SignInAsync();
        Assert.True((await school.Records.UpdateGuardianAsync(TestSchool.SecretarySp1, ola.Id, ola.Guardians.Single().Id, TestSchool.Guardian("Anna", "Nowak", "anna.nowa@example.pl"))).Succeeded);

        var session = await school.Services.ValidateAsync(ticket);

        Assert.Equal(SessionStatus.Revoked, session.Status);
        Assert.Equal(AccessErrorCodes.SessionAccountClosed, session.Code);
    }

    [Fact]
    public async Task Validate_AccountClosed_RevokedAccountClosed_R9()
    {
        await using var school = await TestSchool.CreateAsync();
        await school.Services.AddOlaWithMotherAsync();
        await school.Services.SetPasswordAsync();
        var ticket = await school.Services.SignInAsync();
        var account = await school.Services.AccountAsync();
        await school.Store.UpdateAccountAsync(account with { Status = AccountStatus.Closed, Version = account.Version + 1 }, account.Version, null, null, Flow.None);

        var session = await school.Services.ValidateAsync(ticket);

        Assert.Equal(SessionStatus.Revoked, session.Status);
        Assert.Equal(AccessErrorCodes.SessionAccountClosed, session.Code);
    }

    [Fact]
    public async Task Validate_TicketOfAnotherNodeOverSameStore_Valid()
    {
        await using var school = await TestSchool.CreateAsync();
        await school.Services.AddOlaWithMotherAsync();
        await school.Services.SetPasswordAsync();
        var ticket = await school.Services.SignInAsync();
        await using var otherNode = await CustomSchool.CreateAsync(sharedStore: school.Store, time: school.Time);

        var session = await otherNode.Services.GetRequiredService<SessionTickets>().ValidateAsync(ticket);

        Assert.Equal(SessionStatus.Valid, session.Status);
    }
}
