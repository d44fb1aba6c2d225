using Microsoft.Extensions.DependencyInjection;
using Uonet.Access.Maintenance;
using Uonet.Access.Records;

namespace Uonet.Access.Tests.Maintenance;

/// <summary>Who may end a technical break (R10): the instance's administrator ends its own breaks; global ones belong to the operator.</summary>
public sealed class MaintenanceEndByStaffTests
{
    [Fact]
    public async Task EndAsync_AdministratorOfTheInstance_EndsItsBreak_R10()
    {
        await using var school = await TestSchool.CreateAsync();
        var schedule = school.Services.GetRequiredService<MaintenanceSchedule>();
        var window = (await schedule.ScheduleAsync(TestSchool.Administrator, new MaintenanceRequest { MessagePolish = "Aktualizacja" })).Value;

        var ended = await schedule.EndAsync(TestSchool.Administrator, window.Id);

        Assert.True(ended.Succeeded, ended.ToString());
        Assert.False((await schedule.GetStatusAsync(TestSchool.Symbol)).Active);
    }

    [Fact]
    public async Task EndAsync_SecretaryOfTheInstance_IsRefused_R10()
    {
        await using var school = await TestSchool.CreateAsync();
        var schedule = school.Services.GetRequiredService<MaintenanceSchedule>();
        var window = (await schedule.ScheduleAsync(TestSchool.Administrator, new MaintenanceRequest { MessagePolish = "Aktualizacja" })).Value;

        var ended = await schedule.EndAsync(TestSchool.SecretarySp1, window.Id);

        Assert.Equal(AccessErrorCodes.StaffNotAllowed, ended.Error!.Code);
        Assert.True((await schedule.GetStatusAsync(TestSchool.Symbol)).Active);
    }

    [Fact]
    public async Task EndAsync_GlobalBreakByInstanceAdministrator_IsNotFound_R10()
    {
        await using var school = await TestSchool.CreateAsync();
        var schedule = school.Services.GetRequiredService<MaintenanceSchedule>();
        var window = (await schedule.ScheduleGlobalAsync("operator", new MaintenanceRequest { MessagePolish = "Aktualizacja" })).Value;

        var ended = await schedule.EndAsync(TestSchool.Administrator, window.Id);

        Assert.Equal(AccessErrorCodes.MaintenanceNotFound, ended.Error!.Code);
        Assert.True((await schedule.GetStatusAsync(TestSchool.Symbol)).Active);
    }

    [Fact]
    public async Task SignIn_DuringBreak_EnglishDescriptionCarriesTheEnglishMessage_R10()
    {
        await using var school = await TestSchool.CreateAsync();
        var schedule = school.Services.GetRequiredService<MaintenanceSchedule>();
        await schedule.ScheduleAsync(TestSchool.Administrator, new MaintenanceRequest { MessagePolish = "Aktualizacja systemu", MessageEnglish = "System update" });

        var result = await school.SignIn.SignInAsync(new Uonet.Access.Credentials.SignInRequest { InstanceSymbol = TestSchool.Symbol, Email = "a@example.pl", Password = "x" });

        Assert.Contains("System update", result.Error!.Describe(new System.Globalization.CultureInfo("en-GB")), StringComparison.Ordinal);
        Assert.Contains("Aktualizacja systemu", result.Error.Describe(new System.Globalization.CultureInfo("pl-PL")), StringComparison.Ordinal);
    }
}
