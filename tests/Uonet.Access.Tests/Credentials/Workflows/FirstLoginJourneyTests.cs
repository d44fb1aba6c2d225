using System.Web;
using Uonet.Access.Credentials;
using Uonet.Access.Mail;
using Uonet.Access.Sessions;

namespace Uonet.Access.Tests.Credentials.Workflows;

/// <summary>The whole path a parent walks (R3, R4, R5): ask for a link, set a password through it, sign in, see the children.</summary>
public sealed class FirstLoginJourneyTests
{
    [Fact]
    public async Task FirstLogin_GuardianOfTwoChildren_SetsPasswordSignsInAndSeesBoth_R3_R5()
    {
        await using var school = await TestSchool.CreateAsync();
        var mother = TestSchool.Guardian("Anna", "Nowak", "anna.nowak@example.pl");
        await school.AddStudentAsync(TestSchool.Sp1, "4a", "Ola", "Nowak", TestSchool.Pesels[0], null, mother);
        await school.AddStudentAsync(TestSchool.Sp2, "1b", "Piotr", "Nowak", TestSchool.Pesels[1], null,
            TestSchool.Guardian("Anna", "Nowak", "anna.nowak@example.pl", TestSchool.Pesels[4]));

        var started = await school.RestoreAccess.StartAsync(new StartAccessRequest { InstanceSymbol = TestSchool.Symbol, Email = " Anna.Nowak@Example.pl " });
        var dispatched = await school.Dispatcher.DispatchPendingAsync();
        var mail = Assert.Single(school.Mail.Sent);
        var token = HttpUtility.ParseQueryString(new Uri(mail.Link!).Query)["token"]!;
        var completed = await school.RestoreAccess.CompleteAsync(new CompleteAccessRequest { Token = token, Password = "kot ma ale i psa burka" });
        var signedIn = await school.SignIn.SignInAsync(new SignInRequest { InstanceSymbol = TestSchool.Symbol, Email = "anna.nowak@example.pl", Password = "kot ma ale i psa burka" });
        var session = await school.Sessions.ValidateAsync(signedIn.SessionTicket);

        Assert.True(started.Succeeded, started.ToString());
        Assert.Equal(1, dispatched.Sent);
        Assert.Equal(MailKind.AccessLink, mail.Kind);
        Assert.True(completed.Succeeded, completed.ToString());
        Assert.Equal(SignInOutcome.Success, signedIn.Outcome);
        Assert.Equal(["Ola", "Piotr"], signedIn.Pupils.Select(p => p.FirstName));
        Assert.Equal(SessionStatus.Valid, session.Status);
        Assert.Equal(2, session.Pupils.Count);
    }
}
