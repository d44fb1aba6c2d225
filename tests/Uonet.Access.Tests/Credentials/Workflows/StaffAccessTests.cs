using Microsoft.Extensions.DependencyInjection;
using Uonet.Access.Credentials;
using Uonet.Access.Devices;
using Uonet.Access.Eligibility;
using Uonet.Access.Mail;
using Uonet.Access.Records;
using Uonet.Access.Sessions;

namespace Uonet.Access.Tests.Credentials.Workflows;

/// <summary>
/// School staff sign in like parents and pupils (R3: the login is the e-mail, the password comes from the first-login
/// procedure), so that hosts can let the secretary and the class teacher keep the records (R1, R2, R9) without an
/// account system of their own. Staff membership, not a record, is what makes their address eligible.
/// </summary>
public sealed class StaffAccessTests
{
    private static readonly string SecretaryEmail = TestSchool.SecretarySp1.Email;

    [Fact]
    public async Task StartAsync_StaffAddressInNoRecord_MailsTheLink()
    {
        await using var school = await TestSchool.CreateAsync();

        var token = await school.Services.RequestTokenAsync(SecretaryEmail);

        Assert.False(string.IsNullOrEmpty(token));
    }

    [Fact]
    public async Task FirstLogin_Staff_SessionCarriesRolesAndNoPupils()
    {
        await using var school = await TestSchool.CreateAsync();
        await school.Services.SetPasswordAsync(SecretaryEmail);

        var ticket = await school.Services.SignInAsync(SecretaryEmail);
        var session = await school.Services.ValidateAsync(ticket);

        Assert.Equal(SessionStatus.Valid, session.Status);
        Assert.Empty(session.Pupils);
        Assert.NotNull(session.Staff);
        Assert.True(session.Staff.Has(StaffRole.Secretary));
        Assert.Equal(TestSchool.Sp1, Assert.Single(session.Staff.Assignments).UnitCode);
    }

    [Fact]
    public async Task ValidateAsync_GuardianWithoutStaffRole_HasNoStaff()
    {
        await using var school = await TestSchool.CreateAsync();
        await school.Services.AddOlaWithMotherAsync();
        await school.Services.SetPasswordAsync();

        var session = await school.Services.ValidateAsync(await school.Services.SignInAsync());

        Assert.Equal(SessionStatus.Valid, session.Status);
        Assert.Null(session.Staff);
        Assert.Single(session.Pupils);
    }

    [Fact]
    public async Task ValidateAsync_TeacherWhoIsAlsoAParent_SeesChildAndRoles()
    {
        await using var school = await TestSchool.CreateAsync();
        var teacher = TestSchool.TeacherSp1Class4A.Email;
        await school.Services.AddStudentAsync(TestSchool.Sp1, "4a", "Ola", "Nowak", TestSchool.Pesels[0], null, TestSchool.Guardian("Jan", "Nowak", teacher));
        await school.Services.SetPasswordAsync(teacher);

        var session = await school.Services.ValidateAsync(await school.Services.SignInAsync(teacher));

        Assert.Single(session.Pupils);
        Assert.True(session.Staff!.Has(StaffRole.ClassTeacher));
    }

    [Fact]
    public async Task CompleteAsync_StaffPasswordHoldingTheirName_IsRefused()
    {
        await using var school = await TestSchool.CreateAsync();
        var token = await school.Services.RequestTokenAsync(SecretaryEmail);

        // TestSchool names the SP1 secretary "Anna Sekretarz": a password built on the name is guessable by anyone who knows her.
        var completed = await school.Services.CompleteAsync(token, "sekretarz ze szkoly podstawowej");

        Assert.False(completed.Succeeded);
        Assert.Contains(completed.Errors, e => e.Code == AccessErrorCodes.PasswordContainsName);
    }

    [Fact]
    public async Task UnassignStaffAsync_LastRole_EndsSessionsAndSignIn()
    {
        await using var school = await TestSchool.CreateAsync();
        await school.Services.SetPasswordAsync(SecretaryEmail);
        var ticket = await school.Services.SignInAsync(SecretaryEmail);

        var removed = await school.Directory.UnassignStaffAsync(TestSchool.Symbol, SecretaryEmail, new StaffAssignment(StaffRole.Secretary, "sp1"));

        Assert.True(removed.Succeeded, removed.ToString());
        Assert.Empty(removed.Value.Assignments);
        var session = await school.Services.ValidateAsync(ticket);
        Assert.Equal(SessionStatus.Revoked, session.Status);
        Assert.Equal(AccessErrorCodes.SessionNotEligible, session.Code);
        var again = await school.Services.TrySignInAsync(SecretaryEmail);
        Assert.Equal(SignInOutcome.Failed, again.Outcome);
        Assert.Equal(AccessErrorCodes.SignInNotEligible, again.Error!.Code);
    }

    [Fact]
    public async Task UnassignStaffAsync_RoleNotHeld_IsRefusedAndChangesNothing()
    {
        await using var school = await TestSchool.CreateAsync();

        var removed = await school.Directory.UnassignStaffAsync(TestSchool.Symbol, SecretaryEmail, new StaffAssignment(StaffRole.Secretary, TestSchool.Sp2));

        Assert.Equal(AccessErrorCodes.StaffNotFound, Assert.Single(removed.Errors).Code);
        var member = await school.Directory.FindStaffAsync(TestSchool.Symbol, SecretaryEmail);
        Assert.Single(member!.Assignments);
    }

    [Fact]
    public async Task StartAsync_FormerStaffWithNoRole_GetsNoLink()
    {
        await using var school = await TestSchool.CreateAsync();
        await school.Directory.UnassignStaffAsync(TestSchool.Symbol, SecretaryEmail, new StaffAssignment(StaffRole.Secretary, TestSchool.Sp1));

        var started = await school.RestoreAccess.StartAsync(new StartAccessRequest { InstanceSymbol = TestSchool.Symbol, Email = SecretaryEmail });
        await school.Dispatcher.DispatchPendingAsync();

        Assert.True(started.Succeeded);
        Assert.DoesNotContain(school.Mail.Sent, m => m.Kind == MailKind.AccessLink && m.To == SecretaryEmail);
    }

    [Fact]
    public async Task StartAsync_StaffOfAnotherInstance_GetsNoLink()
    {
        await using var school = await TestSchool.CreateAsync();

        // R6: the LO1 secretary is staff at powiatwulkanowy only.
        var started = await school.RestoreAccess.StartAsync(new StartAccessRequest { InstanceSymbol = TestSchool.Symbol, Email = TestSchool.SecretaryLo1.Email });
        await school.Dispatcher.DispatchPendingAsync();

        Assert.True(started.Succeeded);
        Assert.DoesNotContain(school.Mail.Sent, m => m.Kind == MailKind.AccessLink);
    }

    [Fact]
    public async Task DiagnoseAsync_StaffAddress_SaysStaffMaySignIn()
    {
        await using var school = await TestSchool.CreateAsync();

        var report = await school.Diagnosis.DiagnoseAsync(TestSchool.SecretarySp2, TestSchool.TeacherSp1Class4A.Email);

        Assert.True(report.Value.CanSignIn);
        var finding = Assert.Single(report.Value.Findings);
        Assert.Equal(DiagnosisRole.Staff, finding.Role);
        Assert.Equal(DiagnosisCodes.StaffMember, finding.Code);
        Assert.Contains("Jan Wychowawca", finding.Describe(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task DiagnoseAsync_FormerStaffWithNoRoleLeft_SaysTheAddressIsUnknownLikeSignInDoes()
    {
        await using var school = await TestSchool.CreateAsync();
        await school.Directory.UnassignStaffAsync(TestSchool.Symbol, SecretaryEmail, new StaffAssignment(StaffRole.Secretary, TestSchool.Sp1));

        var report = await school.Diagnosis.DiagnoseAsync(TestSchool.SecretarySp2, SecretaryEmail);

        Assert.False(report.Value.CanSignIn);
        Assert.Equal(DiagnosisCodes.AddressUnknown, Assert.Single(report.Value.Findings).Code);
    }

    [Fact]
    public async Task ValidateAsync_FormerStaffWhoIsAParent_SeesChildAndNoStaffRole()
    {
        await using var school = await TestSchool.CreateAsync();
        await school.Services.AddStudentAsync(TestSchool.Sp1, "4a", "Ola", "Nowak", TestSchool.Pesels[0], null, TestSchool.Guardian("Anna", "Sekretarz", SecretaryEmail));
        await school.Services.SetPasswordAsync(SecretaryEmail);
        await school.Directory.UnassignStaffAsync(TestSchool.Symbol, SecretaryEmail, new StaffAssignment(StaffRole.Secretary, TestSchool.Sp1));

        var session = await school.Services.ValidateAsync(await school.Services.SignInAsync(SecretaryEmail));

        Assert.Single(session.Pupils);
        Assert.Null(session.Staff);
    }

    [Fact]
    public async Task CreatePairingAsync_StaffWithoutPupils_IsRefusedWithReason()
    {
        await using var school = await TestSchool.CreateAsync();
        await school.Services.SetPasswordAsync(SecretaryEmail);
        var ticket = await school.Services.SignInAsync(SecretaryEmail);

        var pairing = await school.Services.GetRequiredService<MobileDevices>().CreatePairingAsync(ticket);

        Assert.Equal(AccessErrorCodes.PairingNoPupils, Assert.Single(pairing.Errors).Code);
    }
}
