using System.Globalization;
using Microsoft.Extensions.DependencyInjection;
using Uonet.Access.Credentials;
using Uonet.Access.Maintenance;
using Uonet.Access.Records;
using Uonet.Access.Sessions;
using Uonet.Access.Tests.Credentials.Workflows;

namespace Uonet.Access.Tests.Maintenance;

/// <summary>
/// What a technical break means for users (R10): sign-in is refused with the break's message while it lasts and works
/// right after; sessions of the deploy before the break come back Stale (sign in again) instead of an error that asks
/// the user to clear cookies.
/// </summary>
public sealed class MaintenanceSignInTests
{
    [Fact]
    public async Task SignIn_DuringBreak_RefusedWithMaintenanceAndItsMessage_R10()
    {
        await using var school = await TestSchool.CreateAsync();
        await school.Services.AddOlaWithMotherAsync();
        await school.Services.SetPasswordAsync();
        await Schedule(school).ScheduleAsync(TestSchool.Administrator, new MaintenanceRequest { MessagePolish = "Aktualizacja systemu do 9:00" });

        var result = await school.Services.TrySignInAsync();

        Assert.Equal(SignInOutcome.Maintenance, result.Outcome);
        Assert.Equal(AccessErrorCodes.MaintenanceActive, result.Error!.Code);
        Assert.Equal("Aktualizacja systemu do 9:00", result.Error.Arguments["message"]);
        Assert.Contains("Aktualizacja systemu do 9:00", result.Error.Describe(CultureInfo.GetCultureInfo("pl-PL")), StringComparison.Ordinal);
        Assert.Null(result.SessionTicket);
        Assert.Empty(result.Pupils);
    }

    [Fact]
    public async Task SignIn_DuringBreak_NotCountedAsFailure_R10()
    {
        await using var school = await TestSchool.CreateAsync();
        await school.Services.AddOlaWithMotherAsync();
        await school.Services.SetPasswordAsync();
        var window = (await Schedule(school).ScheduleAsync(TestSchool.Administrator, new MaintenanceRequest { MessagePolish = "Aktualizacja" })).Value;

        // More tries than the lockout allows: a break must not lock out everyone who keeps trying.
        for (var i = 0; i < 6; i++)
        {
            Assert.Equal(SignInOutcome.Maintenance, (await school.Services.TrySignInAsync(password: Flow.OtherPassword)).Outcome);
        }

        await Schedule(school).EndAsOperatorAsync(window.Id);
        var after = await school.Services.TrySignInAsync();

        Assert.Equal(SignInOutcome.Success, after.Outcome);
    }

    [Fact]
    public async Task SignIn_AfterBreakEnded_SucceedsAtOnce_R10()
    {
        await using var school = await TestSchool.CreateAsync();
        await school.Services.AddOlaWithMotherAsync();
        await school.Services.SetPasswordAsync();
        var window = (await Schedule(school).ScheduleAsync(TestSchool.Administrator, new MaintenanceRequest { MessagePolish = "Aktualizacja" })).Value;
        var during = await school.Services.TrySignInAsync();

        await Schedule(school).EndAsOperatorAsync(window.Id);
        var after = await school.Services.TrySignInAsync();

        Assert.Equal(SignInOutcome.Maintenance, during.Outcome);
        Assert.Equal(SignInOutcome.Success, after.Outcome);
        Assert.Equal(SessionStatus.Valid, (await school.Services.ValidateAsync(after.SessionTicket)).Status);
    }

    [Fact]
    public async Task SignIn_ScheduledBreak_WorksUntilItStarts_R10()
    {
        await using var school = await TestSchool.CreateAsync();
        await school.Services.AddOlaWithMotherAsync();
        await school.Services.SetPasswordAsync();
        await Schedule(school).ScheduleAsync(TestSchool.Administrator, new MaintenanceRequest
        {
            MessagePolish = "Aktualizacja",
            StartsAt = school.Time.GetUtcNow().AddMinutes(30),
        });

        var before = await school.Services.TrySignInAsync();
        school.Time.Advance(TimeSpan.FromMinutes(30));
        var during = await school.Services.TrySignInAsync();

        Assert.Equal(SignInOutcome.Success, before.Outcome);
        Assert.Equal(SignInOutcome.Maintenance, during.Outcome);
    }

    [Fact]
    public async Task SignIn_BreakOfAnotherInstance_NotRefused_R6_R10()
    {
        await using var school = await TestSchool.CreateAsync();
        await school.Services.AddOlaWithMotherAsync();
        await school.Services.SetPasswordAsync();
        var countyAdmin = new StaffActor(TestSchool.OtherSymbol, "admin@powiatwulkanowy.pl");
        Assert.True((await school.Directory.AssignStaffAsync(countyAdmin.InstanceSymbol, countyAdmin.Email, "Piotr Administrator", new StaffAssignment(StaffRole.Administrator))).Succeeded);
        await Schedule(school).ScheduleAsync(countyAdmin, new MaintenanceRequest { MessagePolish = "Przerwa w powiecie" });

        var result = await school.Services.TrySignInAsync();
        var refusedThere = await school.SignIn.SignInAsync(new SignInRequest { InstanceSymbol = TestSchool.OtherSymbol, Email = Flow.MotherEmail, Password = Flow.Password });

        Assert.Equal(SignInOutcome.Success, result.Outcome);
        Assert.Equal(SignInOutcome.Maintenance, refusedThere.Outcome);
        Assert.Equal("Przerwa w powiecie", refusedThere.Error!.Arguments["message"]);
    }

    [Fact]
    public async Task SignIn_GlobalBreak_RefusedInEveryInstance_R10()
    {
        await using var school = await TestSchool.CreateAsync();
        await school.Services.AddOlaWithMotherAsync();
        await school.Services.SetPasswordAsync();
        await Schedule(school).ScheduleGlobalAsync("operator", new MaintenanceRequest { MessagePolish = "Aktualizacja platformy" });

        var here = await school.Services.TrySignInAsync();
        var there = await school.SignIn.SignInAsync(new SignInRequest { InstanceSymbol = TestSchool.OtherSymbol, Email = Flow.MotherEmail, Password = Flow.Password });

        Assert.Equal(SignInOutcome.Maintenance, here.Outcome);
        Assert.Equal(SignInOutcome.Maintenance, there.Outcome);
    }

    [Fact]
    public async Task Validate_TicketFromBeforeBreakAfterGenerationBump_StaleNotError_R10()
    {
        await using var school = await TestSchool.CreateAsync();
        await school.Services.AddOlaWithMotherAsync();
        await school.Services.SetPasswordAsync();
        var oldTicket = await school.Services.SignInAsync();
        var window = (await Schedule(school).ScheduleGlobalAsync("operator", new MaintenanceRequest { MessagePolish = "Aktualizacja systemu" })).Value;

        // The update deploys a new ticket format over the same database and then ends the break.
        await using var updated = await CustomSchool.CreateAsync(configure: o => o.Sessions.Generation = 2, sharedStore: school.Store, time: school.Time);
        var during = await updated.Services.TrySignInAsync();
        var ended = await Schedule(updated.Services).EndAsOperatorAsync(window.Id);
        var old = await updated.Services.ValidateAsync(oldTicket);
        var signedInAgain = await updated.Services.TrySignInAsync();
        var fresh = await updated.Services.ValidateAsync(signedInAgain.SessionTicket);

        Assert.Equal(SignInOutcome.Maintenance, during.Outcome);
        Assert.True(ended.Succeeded, ended.ToString());
        Assert.Equal(SessionStatus.Stale, old.Status);
        Assert.Equal(AccessErrorCodes.SessionStale, old.Code);
        Assert.Null(old.Account);
        Assert.Equal(SignInOutcome.Success, signedInAgain.Outcome);
        Assert.StartsWith("2.", signedInAgain.SessionTicket, StringComparison.Ordinal);
        Assert.Equal(SessionStatus.Valid, fresh.Status);
    }

    [Fact]
    public async Task Validate_SameGenerationAfterBreak_TicketStillValid_R10()
    {
        await using var school = await TestSchool.CreateAsync();
        await school.Services.AddOlaWithMotherAsync();
        await school.Services.SetPasswordAsync();
        var ticket = await school.Services.SignInAsync();
        var window = (await Schedule(school).ScheduleAsync(TestSchool.Administrator, new MaintenanceRequest { MessagePolish = "Aktualizacja" })).Value;

        await Schedule(school).EndAsOperatorAsync(window.Id);
        var session = await school.Services.ValidateAsync(ticket);

        Assert.Equal(SessionStatus.Valid, session.Status);
    }

    private static MaintenanceSchedule Schedule(TestSchool school) => Schedule(school.Services);

    private static MaintenanceSchedule Schedule(IServiceProvider services) => services.GetRequiredService<MaintenanceSchedule>();
}
