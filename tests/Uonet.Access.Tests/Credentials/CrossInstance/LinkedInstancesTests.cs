using System.Reflection;
using Microsoft.Extensions.DependencyInjection;
using Uonet.Access.Credentials;
using Uonet.Access.Devices;
using Uonet.Access.Eligibility;
using Uonet.Access.Maintenance;
using Uonet.Access.Records;
using Uonet.Access.Sessions;
using Uonet.Access.Tests.Credentials.Workflows;
using Uonet.Access.Tests.Eligibility;
using static Uonet.Access.Tests.Credentials.CrossInstance.CrossInstanceFamily;

namespace Uonet.Access.Tests.Credentials.CrossInstance;

/// <summary>
/// <see cref="LinkedInstances"/>: the opt-in cross-instance view (DESIGN §4.8). UONET+ keeps each address apart (R6);
/// here a signed-in guardian may link the account of the same e-mail in another instance after signing in there, and
/// the selector then lists the children of both, labelled with school and instance.
/// </summary>
public sealed class LinkedInstancesTests
{
    private static CancellationToken None => CancellationToken.None;

    [Fact]
    public async Task AllMethods_OptionOffByDefault_CrossInstanceDisabled_R6()
    {
        await using var school = await TestSchool.CreateAsync();
        var ticket = await SignedInWithAccountsInBothAsync(school);
        var linked = Linked(school);

        var discovered = await linked.DiscoverAsync(ticket);
        var link = await linked.LinkAsync(ticket, TestSchool.OtherSymbol, PasswordThere);
        var unlink = await linked.UnlinkAsync(ticket, TestSchool.OtherSymbol);
        var all = await linked.ResolveAllAsync(ticket);

        Assert.Equal(AccessErrorCodes.CrossInstanceDisabled, Assert.Single(discovered.Errors).Code);
        Assert.Equal(AccessErrorCodes.CrossInstanceDisabled, Assert.Single(link.Errors).Code);
        Assert.Equal(AccessErrorCodes.CrossInstanceDisabled, Assert.Single(unlink.Errors).Code);
        Assert.Equal(AccessErrorCodes.CrossInstanceDisabled, Assert.Single(all.Errors).Code);
        Assert.Empty(await school.Store.ListLinkedAccountsAsync((await AccountAsync(school, TestSchool.Symbol)).Id, None));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("1.00000000000000000000000000000000.AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA")]
    public async Task Discover_WithoutSession_RefusedWithSessionCode(string? ticket)
    {
        await using var school = await CreateSchoolAsync();
        await SignedInWithAccountsInBothAsync(school);

        var result = await Linked(school).DiscoverAsync(ticket);

        Assert.Equal(AccessErrorCodes.SessionStale, Assert.Single(result.Errors).Code);
    }

    [Fact]
    public void PublicMethods_NoneTakesAnEmail_NoEnumerationBeforeSignIn_R6()
    {
        var parameters = typeof(LinkedInstances)
            .GetMethods(BindingFlags.Public | BindingFlags.Instance | BindingFlags.DeclaredOnly)
            .SelectMany(m => m.GetParameters())
            .Select(p => p.Name!)
            .ToList();

        Assert.Contains("sessionTicket", parameters);
        Assert.DoesNotContain(parameters, name => name.Contains("mail", StringComparison.OrdinalIgnoreCase));
    }

    [Fact]
    public async Task Discover_AfterSignIn_ListsOtherInstanceWhereEmailIsEligible()
    {
        await using var school = await CreateSchoolAsync();
        await AddOlaAsync(school);
        await AddKasiaAsync(school);
        await SetPasswordAsync(school, TestSchool.Symbol, PasswordHere);
        var ticket = await SignInAsync(school, TestSchool.Symbol, PasswordHere);

        var result = await Linked(school).DiscoverAsync(ticket);

        Assert.True(result.Succeeded, result.ToString());
        var instance = Assert.Single(result.Value);
        Assert.Equal(TestSchool.OtherSymbol, instance.Symbol);
        Assert.Equal("Powiat Wulkanowy", instance.Name);
        Assert.Equal(new Uri("https://uonetplus.example.pl/powiatwulkanowy/"), instance.BaseUrl);
    }

    [Fact]
    public async Task Discover_NoRecordElsewhere_Empty()
    {
        await using var school = await CreateSchoolAsync();
        await AddOlaAsync(school);
        await SetPasswordAsync(school, TestSchool.Symbol, PasswordHere);
        var ticket = await SignInAsync(school, TestSchool.Symbol, PasswordHere);

        var result = await Linked(school).DiscoverAsync(ticket);

        Assert.True(result.Succeeded, result.ToString());
        Assert.Empty(result.Value);
    }

    [Fact]
    public async Task Discover_RecordElsewhereButGuardianNotEligible_NotListed_R2()
    {
        await using var school = await CreateSchoolAsync();
        await AddOlaAsync(school);
        await LegacyRecords.InsertAsync(school, TestSchool.Lo1, "1a", "Kasia", "Nowak", TestSchool.Pesels[2], null,
            LegacyRecords.Guardian(null, "Nowak", Email));
        await SetPasswordAsync(school, TestSchool.Symbol, PasswordHere);
        var ticket = await SignInAsync(school, TestSchool.Symbol, PasswordHere);

        var result = await Linked(school).DiscoverAsync(ticket);

        Assert.True(result.Succeeded, result.ToString());
        Assert.Empty(result.Value);
    }

    [Fact]
    public async Task Discover_AlreadyLinked_NotListed()
    {
        await using var school = await CreateSchoolAsync();
        var ticket = await SignedInWithAccountsInBothAsync(school);
        var linked = Linked(school);
        await Ok(linked.LinkAsync(ticket, TestSchool.OtherSymbol, PasswordThere));

        var result = await linked.DiscoverAsync(ticket);

        Assert.True(result.Succeeded, result.ToString());
        Assert.Empty(result.Value);
    }

    [Fact]
    public async Task Link_RightPasswordThere_ResolveAllListsChildrenOfBothLabelledWithInstanceAndSchool()
    {
        await using var school = await CreateSchoolAsync();
        var ticket = await SignedInWithAccountsInBothAsync(school);
        var linked = Linked(school);

        var link = await linked.LinkAsync(ticket, TestSchool.OtherSymbol, PasswordThere);
        var all = await Ok(linked.ResolveAllAsync(ticket));

        Assert.True(link.Succeeded, link.ToString());
        Assert.Equal(
            [
                (TestSchool.Symbol, TestSchool.Sp1, "Szkoła Podstawowa nr 1", "Ola"),
                (TestSchool.OtherSymbol, TestSchool.Lo1, "I Liceum Ogólnokształcące", "Kasia"),
            ],
            all.Select(p => (p.InstanceSymbol, p.UnitCode, p.UnitName, p.FirstName)));
        Assert.All(all, p => Assert.Equal(PupilRelation.Mother, p.Relation));
    }

    [Fact]
    public async Task Link_Succeeded_BothAccountsLinkedAndProofSessionEnded()
    {
        await using var school = await CreateSchoolAsync();
        var ticket = await SignedInWithAccountsInBothAsync(school);
        var here = await AccountAsync(school, TestSchool.Symbol);
        var there = await AccountAsync(school, TestSchool.OtherSymbol);

        await Ok(Linked(school).LinkAsync(ticket, TestSchool.OtherSymbol, PasswordThere));

        Assert.Equal([there.Id], await school.Store.ListLinkedAccountsAsync(here.Id, None));
        Assert.Equal([here.Id], await school.Store.ListLinkedAccountsAsync(there.Id, None));
        Assert.Equal(SessionStatus.Valid, (await school.Sessions.ValidateAsync(ticket)).Status);
        Assert.Equal(0, await school.Store.RevokeAccountSessionsAsync(there.Id, school.Time.GetUtcNow(), null, None));
    }

    [Fact]
    public async Task Link_WrongPasswordThere_CrossInstanceNotEligibleAndNoLink()
    {
        await using var school = await CreateSchoolAsync();
        var ticket = await SignedInWithAccountsInBothAsync(school);
        var linked = Linked(school);

        var result = await linked.LinkAsync(ticket, TestSchool.OtherSymbol, PasswordHere);
        var all = await Ok(linked.ResolveAllAsync(ticket));

        Assert.Equal(AccessErrorCodes.CrossInstanceNotEligible, Assert.Single(result.Errors).Code);
        Assert.Empty(await school.Store.ListLinkedAccountsAsync((await AccountAsync(school, TestSchool.Symbol)).Id, None));
        Assert.Equal(["Ola"], all.Select(p => p.FirstName));
    }

    [Fact]
    public async Task Link_NoAccountThere_SameAnswerAsWrongPassword()
    {
        await using var school = await CreateSchoolAsync();
        await AddOlaAsync(school);
        await AddKasiaAsync(school);
        await SetPasswordAsync(school, TestSchool.Symbol, PasswordHere);
        var ticket = await SignInAsync(school, TestSchool.Symbol, PasswordHere);
        await using var withAccount = await CreateSchoolAsync();
        var otherTicket = await SignedInWithAccountsInBothAsync(withAccount);

        var noAccount = await Linked(school).LinkAsync(ticket, TestSchool.OtherSymbol, PasswordThere);
        var wrongPassword = await Linked(withAccount).LinkAsync(otherTicket, TestSchool.OtherSymbol, "zupelnie inne haslo tutaj");

        Assert.Equal(AccessErrorCodes.CrossInstanceNotEligible, Assert.Single(noAccount.Errors).Code);
        Assert.Equal(Assert.Single(wrongPassword.Errors), Assert.Single(noAccount.Errors));
    }

    [Fact]
    public async Task Link_AccountThereNoLongerSeesAnyone_CrossInstanceNotEligible()
    {
        await using var school = await CreateSchoolAsync();
        var ticket = await SignedInWithAccountsInBothAsync(school);
        await RemoveMotherFromKasiaAsync(school);

        var result = await Linked(school).LinkAsync(ticket, TestSchool.OtherSymbol, PasswordThere);

        Assert.Equal(AccessErrorCodes.CrossInstanceNotEligible, Assert.Single(result.Errors).Code);
    }

    [Theory]
    [InlineData(TestSchool.Symbol)]
    [InlineData(" GminaWulkanowo ")]
    public async Task Link_OwnInstance_CrossInstanceSameInstance(string symbol)
    {
        await using var school = await CreateSchoolAsync();
        var ticket = await SignedInWithAccountsInBothAsync(school);
        var linked = Linked(school);

        var link = await linked.LinkAsync(ticket, symbol, PasswordHere);
        var unlink = await linked.UnlinkAsync(ticket, symbol);

        Assert.Equal(AccessErrorCodes.CrossInstanceSameInstance, Assert.Single(link.Errors).Code);
        Assert.Equal(AccessErrorCodes.CrossInstanceSameInstance, Assert.Single(unlink.Errors).Code);
    }

    [Fact]
    public async Task Link_UnknownInstance_InstanceNotFound()
    {
        await using var school = await CreateSchoolAsync();
        var ticket = await SignedInWithAccountsInBothAsync(school);

        var result = await Linked(school).LinkAsync(ticket, "gminanieistniejaca", PasswordThere);

        var error = Assert.Single(result.Errors);
        Assert.Equal(AccessErrorCodes.InstanceNotFound, error.Code);
        Assert.Equal("otherSymbol", error.Field);
    }

    [Fact]
    public async Task Link_RepeatedWrongPasswords_LockOutTheAddressThere()
    {
        await using var school = await CreateSchoolAsync();
        var ticket = await SignedInWithAccountsInBothAsync(school);
        var linked = Linked(school);

        var answers = new List<AccessResult>();
        for (var i = 0; i < 5; i++)
        {
            answers.Add(await linked.LinkAsync(ticket, TestSchool.OtherSymbol, "zupelnie inne haslo tutaj"));
        }

        var rightPasswordWhileLocked = await linked.LinkAsync(ticket, TestSchool.OtherSymbol, PasswordThere);
        var signInThere = await school.SignIn.SignInAsync(new SignInRequest { InstanceSymbol = TestSchool.OtherSymbol, Email = Email, Password = PasswordThere });
        var signInHere = await school.SignIn.SignInAsync(new SignInRequest { InstanceSymbol = TestSchool.Symbol, Email = Email, Password = PasswordHere });

        Assert.All(answers.Take(4), a => Assert.Equal(AccessErrorCodes.CrossInstanceNotEligible, a.Error!.Code));
        Assert.Equal(AccessErrorCodes.SignInLockedOut, answers[4].Error!.Code);
        Assert.Equal(AccessErrorCodes.SignInLockedOut, rightPasswordWhileLocked.Error!.Code);
        Assert.Equal(SignInOutcome.LockedOut, signInThere.Outcome);
        Assert.Equal(SignInOutcome.Success, signInHere.Outcome);
        Assert.Empty(await school.Store.ListLinkedAccountsAsync((await AccountAsync(school, TestSchool.Symbol)).Id, None));
    }

    [Fact]
    public async Task Link_SecondFactorThere_AskedForThenLinksWithTheCode()
    {
        await using var school = await CreateSchoolAsync();
        var ticket = await SignedInWithAccountsInBothAsync(school);
        var secret = await EnrolTotpThereAsync(school);
        var linked = Linked(school);

        var withoutCode = await linked.LinkAsync(ticket, TestSchool.OtherSymbol, PasswordThere);
        var wrongCode = await linked.LinkAsync(ticket, TestSchool.OtherSymbol, PasswordThere, Flow.WrongCode(secret, school.Time.GetUtcNow()));
        var withCode = await linked.LinkAsync(ticket, TestSchool.OtherSymbol, PasswordThere, Flow.Code(secret, school.Time.GetUtcNow()));

        Assert.Equal(AccessErrorCodes.SignInRequiresSecondFactor, Assert.Single(withoutCode.Errors).Code);
        Assert.Equal(AccessErrorCodes.SignInSecondFactorFailed, Assert.Single(wrongCode.Errors).Code);
        Assert.True(withCode.Succeeded, withCode.ToString());
        Assert.Equal(["Ola", "Kasia"], (await Ok(linked.ResolveAllAsync(ticket))).Select(p => p.FirstName));
    }

    [Fact]
    public async Task Link_BreakThere_MaintenanceActiveAndNoLink_R10()
    {
        await using var school = await CreateSchoolAsync();
        var ticket = await SignedInWithAccountsInBothAsync(school);
        await Ok(school.Services.GetRequiredService<MaintenanceSchedule>().ScheduleGlobalAsync("operator", new MaintenanceRequest { MessagePolish = "Aktualizacja" }));

        var result = await Linked(school).LinkAsync(ticket, TestSchool.OtherSymbol, PasswordThere);

        Assert.Equal(AccessErrorCodes.MaintenanceActive, Assert.Single(result.Errors).Code);
        Assert.Empty(await school.Store.ListLinkedAccountsAsync((await AccountAsync(school, TestSchool.Symbol)).Id, None));
    }

    [Fact]
    public async Task Unlink_AfterLink_OnlyOwnChildrenAtOnceAndOfferedAgain()
    {
        await using var school = await CreateSchoolAsync();
        var ticket = await SignedInWithAccountsInBothAsync(school);
        var linked = Linked(school);
        await Ok(linked.LinkAsync(ticket, TestSchool.OtherSymbol, PasswordThere));

        var unlink = await linked.UnlinkAsync(ticket, " PowiatWulkanowy ");
        var all = await Ok(linked.ResolveAllAsync(ticket));
        var offered = await Ok(linked.DiscoverAsync(ticket));

        Assert.True(unlink.Succeeded, unlink.ToString());
        Assert.Equal([TestSchool.Symbol], all.Select(p => p.InstanceSymbol));
        Assert.Equal([TestSchool.OtherSymbol], offered.Select(i => i.Symbol));
        Assert.Empty(await school.Store.ListLinkedAccountsAsync((await AccountAsync(school, TestSchool.OtherSymbol)).Id, None));
    }

    [Fact]
    public async Task Unlink_NothingLinked_SucceedsWithoutChange()
    {
        await using var school = await CreateSchoolAsync();
        var ticket = await SignedInWithAccountsInBothAsync(school);

        var result = await Linked(school).UnlinkAsync(ticket, TestSchool.OtherSymbol);

        Assert.True(result.Succeeded, result.ToString());
    }

    [Fact]
    public async Task Resolve_NotLinked_OnlyChildOfTheInstanceSignedInTo_R6()
    {
        await using var school = await CreateSchoolAsync();
        var ticket = await SignedInWithAccountsInBothAsync(school);

        var all = await Ok(Linked(school).ResolveAllAsync(ticket));

        Assert.Equal([("Ola", TestSchool.Symbol)], all.Select(p => (p.FirstName, p.InstanceSymbol)));
    }

    [Fact]
    public async Task Resolve_InOwnInstanceAfterLink_NeverReturnsChildOfOther_R6()
    {
        await using var school = await CreateSchoolAsync();
        var ticket = await SignedInWithAccountsInBothAsync(school);
        await Ok(Linked(school).LinkAsync(ticket, TestSchool.OtherSymbol, PasswordThere));

        var resolved = await school.Resolver.ResolveAsync(TestSchool.Symbol, Email);
        var session = await school.Sessions.ValidateAsync(ticket);

        Assert.Equal(["Ola"], resolved.Select(p => p.FirstName));
        Assert.Equal(["Ola"], session.Pupils.Select(p => p.FirstName));
    }

    [Fact]
    public async Task ResolveAll_ManyChildren_OrderedByInstanceThenLastAndFirstName()
    {
        await using var school = await CreateSchoolAsync();
        await school.AddStudentAsync(TestSchool.Sp1, "1a", "Bartek", "Nowak", TestSchool.Pesels[3], null, TestSchool.Guardian("Anna", "Nowak", Email));
        await school.AddStudentAsync(TestSchool.Lo1, "2b", "Zenek", "Adamski", TestSchool.Pesels[5], null, TestSchool.Guardian("Anna", "Nowak", Email));
        var ticket = await SignedInWithAccountsInBothAsync(school);
        var linked = Linked(school);
        await Ok(linked.LinkAsync(ticket, TestSchool.OtherSymbol, PasswordThere));

        var all = await Ok(linked.ResolveAllAsync(ticket));

        Assert.Equal(["Bartek", "Ola", "Zenek", "Kasia"], all.Select(p => p.FirstName));
    }

    [Fact]
    public async Task ResolveAll_AccountThereClosed_LinkGoneOnlyOwnChildren_R9()
    {
        await using var school = await CreateSchoolAsync();
        var ticket = await SignedInWithAccountsInBothAsync(school);
        var linked = Linked(school);
        await Ok(linked.LinkAsync(ticket, TestSchool.OtherSymbol, PasswordThere));
        var here = await AccountAsync(school, TestSchool.Symbol);
        var there = await AccountAsync(school, TestSchool.OtherSymbol);

        // What an e-mail change in powiatwulkanowy does to the account there (R9).
        Assert.True(await school.Store.CloseAccountAsync(there.Id, school.Time.GetUtcNow(), DeviceRevocationReason.EmailChanged, null, null, None));
        var all = await Ok(linked.ResolveAllAsync(ticket));

        Assert.Equal([TestSchool.Symbol], all.Select(p => p.InstanceSymbol));
        Assert.Empty(await school.Store.ListLinkedAccountsAsync(here.Id, None));
    }

    [Fact]
    public async Task ResolveAllAndDiscover_WithThisRequestsValidation_SameAnswersAsByTicket_R6()
    {
        await using var school = await CreateSchoolAsync();
        var ticket = await SignedInWithAccountsInBothAsync(school);
        var linked = Linked(school);
        var sessions = school.Services.GetRequiredService<SessionTickets>();
        var before = await sessions.ValidateAsync(ticket);
        var offeredByValidation = await Ok(linked.DiscoverForSessionAsync(before));
        await Ok(linked.LinkAsync(ticket, TestSchool.OtherSymbol, PasswordThere));
        var validation = await sessions.ValidateAsync(ticket);

        var byValidation = await Ok(linked.ResolveAllForSessionAsync(validation));
        var byTicket = await Ok(linked.ResolveAllAsync(ticket));

        Assert.Equal([TestSchool.OtherSymbol], offeredByValidation.Select(i => i.Symbol));
        Assert.Equal(byTicket.Select(p => (p.InstanceSymbol, p.FirstName)), byValidation.Select(p => (p.InstanceSymbol, p.FirstName)));
        Assert.Equal(["Ola", "Kasia"], byValidation.Select(p => p.FirstName));
    }

    [Fact]
    public async Task ResolveAllAndDiscover_ValidationThatIsNotValid_RefusedWithItsCode()
    {
        await using var school = await CreateSchoolAsync();
        var ticket = await SignedInWithAccountsInBothAsync(school);
        var sessions = school.Services.GetRequiredService<SessionTickets>();
        await sessions.SignOutAsync(ticket);
        var validation = await sessions.ValidateAsync(ticket);
        var linked = Linked(school);

        var all = await linked.ResolveAllForSessionAsync(validation);
        var offered = await linked.DiscoverForSessionAsync(validation);

        Assert.NotEqual(SessionStatus.Valid, validation.Status);
        Assert.Equal(validation.Code, Assert.Single(all.Errors).Code);
        Assert.Equal(validation.Code, Assert.Single(offered.Errors).Code);
    }

    [Fact]
    public async Task ResolveAll_OwnAccountClosed_SessionAccountClosed_R9()
    {
        await using var school = await CreateSchoolAsync();
        var ticket = await SignedInWithAccountsInBothAsync(school);
        var linked = Linked(school);
        await Ok(linked.LinkAsync(ticket, TestSchool.OtherSymbol, PasswordThere));
        var here = await AccountAsync(school, TestSchool.Symbol);
        var there = await AccountAsync(school, TestSchool.OtherSymbol);

        await school.Store.CloseAccountAsync(here.Id, school.Time.GetUtcNow(), DeviceRevocationReason.EmailChanged, null, null, None);
        var all = await linked.ResolveAllAsync(ticket);

        Assert.Equal(AccessErrorCodes.SessionAccountClosed, Assert.Single(all.Errors).Code);
        Assert.Empty(await school.Store.ListLinkedAccountsAsync(there.Id, None));
    }

    [Fact]
    public async Task ResolveAll_AccountThereSeesNobodyAfterRecordEdit_OnlyOwnChildren_R2()
    {
        await using var school = await CreateSchoolAsync();
        var ticket = await SignedInWithAccountsInBothAsync(school);
        var linked = Linked(school);
        await Ok(linked.LinkAsync(ticket, TestSchool.OtherSymbol, PasswordThere));

        await RemoveMotherFromKasiaAsync(school);
        var all = await Ok(linked.ResolveAllAsync(ticket));

        Assert.Equal(["Ola"], all.Select(p => p.FirstName));
    }

    [Fact]
    public async Task ResolveAll_LinkedAccountOfAnotherEmail_Ignored()
    {
        await using var school = await CreateSchoolAsync();
        var ticket = await SignedInWithAccountsInBothAsync(school);
        const string father = "jan.nowak@example.pl";
        await school.AddStudentAsync(TestSchool.Lo1, "3c", "Tomek", "Nowak", TestSchool.Pesels[3], null, TestSchool.Guardian("Jan", "Nowak", father, relation: GuardianRelation.Father));
        await SetPasswordAsync(school, TestSchool.OtherSymbol, PasswordThere, father);
        var here = await AccountAsync(school, TestSchool.Symbol);
        var fathers = await AccountAsync(school, TestSchool.OtherSymbol, father);

        // Only a store written by other means could hold such a link: LinkAsync always proves the same address.
        await school.Store.LinkAccountsAsync(here.Id, fathers.Id, school.Time.GetUtcNow(), None);
        var all = await Ok(Linked(school).ResolveAllAsync(ticket));

        Assert.Equal(["Ola"], all.Select(p => p.FirstName));
    }

    private static async Task<byte[]> EnrolTotpThereAsync(TestSchool school)
    {
        var ticketThere = await SignInAsync(school, TestSchool.OtherSymbol, PasswordThere);
        await Ok(school.TwoFactor.BeginAsync(ticketThere));
        var secret = (await AccountAsync(school, TestSchool.OtherSymbol)).PendingTotpSecret!;
        await Ok(school.TwoFactor.ConfirmAsync(ticketThere, Flow.Code(secret, school.Time.GetUtcNow())));
        school.Time.Advance(TimeSpan.FromSeconds(TotpAlgorithm.PeriodSeconds));
        return secret;
    }

    private static async Task RemoveMotherFromKasiaAsync(TestSchool school)
    {
        var kasia = (await Ok(school.Records.ListStudentsAsync(TestSchool.SecretaryLo1, TestSchool.Lo1))).Single(r => r.FirstName == "Kasia");
        await Ok(school.Records.RemoveGuardianAsync(TestSchool.SecretaryLo1, kasia.Id, kasia.Guardians.Single().Id));
    }
}
