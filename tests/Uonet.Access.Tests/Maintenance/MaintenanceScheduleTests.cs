using System.Globalization;
using Microsoft.Extensions.DependencyInjection;
using Uonet.Access.Maintenance;
using Uonet.Access.Records;

namespace Uonet.Access.Tests.Maintenance;

/// <summary>
/// <see cref="MaintenanceSchedule"/>: technical breaks (<i>przerwa techniczna</i>, R10) started now or scheduled, for
/// one instance or for all, with a message in Polish and English and the <c>Retry-After</c> a host sends with its 503.
/// </summary>
public sealed class MaintenanceScheduleTests
{
    private static readonly CultureInfo Polish = CultureInfo.GetCultureInfo("pl-PL");
    private static readonly CultureInfo English = CultureInfo.GetCultureInfo("en-GB");

    [Fact]
    public async Task Schedule_AdministratorStartsNow_ActiveAtOnceForItsInstance_R10()
    {
        await using var school = await TestSchool.CreateAsync();
        var schedule = Schedule(school);
        var before = await schedule.GetStatusAsync(TestSchool.Symbol);

        var result = await schedule.ScheduleAsync(TestSchool.Administrator, Break());
        var status = await schedule.GetStatusAsync(TestSchool.Symbol);

        Assert.False(before.Active);
        Assert.True(result.Succeeded, result.ToString());
        Assert.Equal(TestSchool.Symbol, result.Value.InstanceSymbol);
        Assert.Equal(school.Time.GetUtcNow(), result.Value.StartsAt);
        Assert.Equal(TestSchool.Administrator.Email, result.Value.CreatedBy);
        Assert.True(status.Active);
        Assert.Equal(result.Value.Id, status.Window!.Id);
    }

    [Fact]
    public async Task Schedule_SecretaryOfUnit_StaffNotAllowedAndNothingPlanned()
    {
        await using var school = await TestSchool.CreateAsync();
        var schedule = Schedule(school);

        var result = await schedule.ScheduleAsync(TestSchool.SecretarySp1, Break());

        Assert.Equal(AccessErrorCodes.StaffNotAllowed, Assert.Single(result.Errors).Code);
        Assert.Empty(await schedule.ListAsync(TestSchool.Symbol));
        Assert.False((await schedule.GetStatusAsync(TestSchool.Symbol)).Active);
    }

    [Theory]
    [InlineData(TestSchool.Symbol, "nieznany@gminawulkanowo.pl")]
    [InlineData(TestSchool.OtherSymbol, "admin@gminawulkanowo.pl")]
    [InlineData(TestSchool.Symbol, "to nie jest adres")]
    public async Task Schedule_UnknownStaffOrAdministratorOfAnotherInstance_StaffNotFound_R6(string symbol, string email)
    {
        await using var school = await TestSchool.CreateAsync();
        var schedule = Schedule(school);

        var result = await schedule.ScheduleAsync(new StaffActor(symbol, email), Break());

        Assert.Equal(AccessErrorCodes.StaffNotFound, Assert.Single(result.Errors).Code);
        Assert.False((await schedule.GetStatusAsync(symbol)).Active);
    }

    [Fact]
    public async Task Schedule_InFuture_NotActiveUntilItsStart_R10()
    {
        await using var school = await TestSchool.CreateAsync();
        var schedule = Schedule(school);
        var startsAt = school.Time.GetUtcNow().AddHours(2);

        var result = await schedule.ScheduleAsync(TestSchool.Administrator, Break() with { StartsAt = startsAt, ExpectedEndAt = startsAt.AddHours(1) });
        var beforeStart = await schedule.GetStatusAsync(TestSchool.Symbol);
        var listed = await schedule.ListAsync(TestSchool.Symbol);
        school.Time.Advance(TimeSpan.FromHours(2) - TimeSpan.FromSeconds(1));
        var oneSecondBefore = await schedule.GetStatusAsync(TestSchool.Symbol);
        school.Time.Advance(TimeSpan.FromSeconds(1));
        var atStart = await schedule.GetStatusAsync(TestSchool.Symbol);

        Assert.True(result.Succeeded, result.ToString());
        Assert.False(beforeStart.Active);
        Assert.Equal(result.Value.Id, Assert.Single(listed).Id);
        Assert.False(oneSecondBefore.Active);
        Assert.True(atStart.Active);
        Assert.Equal(TimeSpan.FromHours(1), atStart.RetryAfter);
    }

    [Fact]
    public async Task GetStatus_ActiveBreak_MessageInPolishAndEnglish_R10()
    {
        await using var school = await TestSchool.CreateAsync();
        var schedule = Schedule(school);
        await Ok(schedule.ScheduleAsync(TestSchool.Administrator, Break() with { MessagePolish = "  Aktualizacja systemu ", MessageEnglish = "System update" }));

        var status = await schedule.GetStatusAsync(TestSchool.Symbol);

        Assert.Equal("Aktualizacja systemu", status.Message(Polish));
        Assert.Equal("System update", status.Message(English));
    }

    [Fact]
    public async Task GetStatus_NoEnglishMessage_EnglishFallsBackToPolish()
    {
        await using var school = await TestSchool.CreateAsync();
        var schedule = Schedule(school);
        await Ok(schedule.ScheduleAsync(TestSchool.Administrator, new MaintenanceRequest { MessagePolish = "Aktualizacja systemu" }));

        var status = await schedule.GetStatusAsync(TestSchool.Symbol);

        Assert.Equal("Aktualizacja systemu", status.Message(English));
        Assert.Null(MaintenanceStatus.None.Message(Polish));
    }

    [Fact]
    public async Task GetStatus_ExpectedEnd_RetryAfterIsSecondsToEndRoundedUp_R10()
    {
        await using var school = await TestSchool.CreateAsync();
        var schedule = Schedule(school);
        var now = school.Time.GetUtcNow();
        await Ok(schedule.ScheduleAsync(TestSchool.Administrator, Break() with { ExpectedEndAt = now.AddSeconds(90.2) }));

        var atStart = await schedule.GetStatusAsync(TestSchool.Symbol);
        school.Time.Advance(TimeSpan.FromSeconds(30));
        var later = await schedule.GetStatusAsync(TestSchool.Symbol);

        Assert.Equal(TimeSpan.FromSeconds(91), atStart.RetryAfter);
        Assert.Equal(TimeSpan.FromSeconds(61), later.RetryAfter);
    }

    [Fact]
    public async Task GetStatus_NoExpectedEnd_DefaultRetryAfter_R10()
    {
        await using var school = await TestSchool.CreateAsync();
        await using var configured = await TestSchool.CreateAsync(o => o.Maintenance.DefaultRetryAfter = TimeSpan.FromSeconds(42));
        await Ok(Schedule(school).ScheduleAsync(TestSchool.Administrator, new MaintenanceRequest { MessagePolish = "Aktualizacja" }));
        await Ok(Schedule(configured).ScheduleAsync(TestSchool.Administrator, new MaintenanceRequest { MessagePolish = "Aktualizacja" }));

        var byDefault = await Schedule(school).GetStatusAsync(TestSchool.Symbol);
        var byOption = await Schedule(configured).GetStatusAsync(TestSchool.Symbol);

        Assert.Equal(TimeSpan.FromMinutes(5), byDefault.RetryAfter);
        Assert.Equal(TimeSpan.FromSeconds(42), byOption.RetryAfter);
    }

    [Fact]
    public async Task GetStatus_ExpectedEndPassedButNotEnded_StillActiveWithDefaultRetryAfter_R10()
    {
        await using var school = await TestSchool.CreateAsync();
        var schedule = Schedule(school);
        await Ok(schedule.ScheduleAsync(TestSchool.Administrator, Break() with { ExpectedEndAt = school.Time.GetUtcNow().AddMinutes(10) }));

        school.Time.Advance(TimeSpan.FromMinutes(11));
        var status = await schedule.GetStatusAsync(TestSchool.Symbol);

        Assert.True(status.Active);
        Assert.Equal(TimeSpan.FromMinutes(5), status.RetryAfter);
    }

    [Fact]
    public async Task GetStatus_OverlappingBreaks_RetryAfterOfTheOneEndingLast()
    {
        await using var school = await TestSchool.CreateAsync();
        var schedule = Schedule(school);
        var now = school.Time.GetUtcNow();
        await Ok(schedule.ScheduleGlobalAsync("operator", Break() with { ExpectedEndAt = now.AddMinutes(30) }));
        await Ok(schedule.ScheduleAsync(TestSchool.Administrator, Break() with { ExpectedEndAt = now.AddMinutes(10) }));

        var status = await schedule.GetStatusAsync(TestSchool.Symbol);

        Assert.Null(status.Window!.InstanceSymbol);
        Assert.Equal(TimeSpan.FromMinutes(30), status.RetryAfter);
    }

    [Fact]
    public async Task ScheduleGlobal_AffectsEveryInstanceAndTheHost_R10()
    {
        await using var school = await TestSchool.CreateAsync();
        var schedule = Schedule(school);

        var result = await schedule.ScheduleGlobalAsync("operator platformy", Break());

        Assert.True(result.Succeeded, result.ToString());
        Assert.Null(result.Value.InstanceSymbol);
        Assert.Equal("operator platformy", result.Value.CreatedBy);
        Assert.True((await schedule.GetStatusAsync(TestSchool.Symbol)).Active);
        Assert.True((await schedule.GetStatusAsync(TestSchool.OtherSymbol)).Active);
        Assert.True((await schedule.GetStatusAsync(null)).Active);
        Assert.Equal(result.Value.Id, Assert.Single(await schedule.ListAsync(TestSchool.OtherSymbol)).Id);
    }

    [Fact]
    public async Task Schedule_InstanceBreak_OtherInstanceAndHostUnaffected_R6_R10()
    {
        await using var school = await TestSchool.CreateAsync();
        var schedule = Schedule(school);

        await Ok(schedule.ScheduleAsync(TestSchool.Administrator, Break()));

        Assert.True((await schedule.GetStatusAsync(" GminaWulkanowo ")).Active);
        Assert.False((await schedule.GetStatusAsync(TestSchool.OtherSymbol)).Active);
        Assert.False((await schedule.GetStatusAsync(null)).Active);
        Assert.Empty(await schedule.ListAsync(TestSchool.OtherSymbol));
    }

    [Fact]
    public async Task End_ActiveBreak_InactiveAtOnceDespiteStatusCache_R10()
    {
        await using var school = await TestSchool.CreateAsync();
        var schedule = Schedule(school);
        var window = await Ok(schedule.ScheduleAsync(TestSchool.Administrator, Break()));
        var during = await schedule.GetStatusAsync(TestSchool.Symbol);

        var ended = await schedule.EndAsOperatorAsync(window.Id);
        var after = await schedule.GetStatusAsync(TestSchool.Symbol);

        Assert.True(during.Active);
        Assert.True(ended.Succeeded, ended.ToString());
        Assert.False(after.Active);
        Assert.Same(MaintenanceStatus.None, after);
        Assert.Empty(await schedule.ListAsync(TestSchool.Symbol));
    }

    [Fact]
    public async Task End_Twice_SecondMaintenanceNotFound()
    {
        await using var school = await TestSchool.CreateAsync();
        var schedule = Schedule(school);
        var window = await Ok(schedule.ScheduleAsync(TestSchool.Administrator, Break()));
        await schedule.EndAsOperatorAsync(window.Id);

        var second = await schedule.EndAsOperatorAsync(window.Id);
        var unknown = await schedule.EndAsOperatorAsync(Guid.NewGuid());

        Assert.Equal(AccessErrorCodes.MaintenanceNotFound, Assert.Single(second.Errors).Code);
        Assert.Equal(AccessErrorCodes.MaintenanceNotFound, Assert.Single(unknown.Errors).Code);
    }

    [Fact]
    public async Task End_ScheduledBreakBeforeItsStart_NeverBecomesActive()
    {
        await using var school = await TestSchool.CreateAsync();
        var schedule = Schedule(school);
        var window = await Ok(schedule.ScheduleAsync(TestSchool.Administrator, Break() with { StartsAt = school.Time.GetUtcNow().AddHours(1) }));

        await Ok(schedule.EndAsOperatorAsync(window.Id));
        school.Time.Advance(TimeSpan.FromHours(2));

        Assert.False((await schedule.GetStatusAsync(TestSchool.Symbol)).Active);
    }

    [Theory]
    [InlineData(0, -1)]
    [InlineData(0, 0)]
    [InlineData(60, 30)]
    [InlineData(60, 60)]
    public async Task Schedule_ExpectedEndNotAfterStart_MaintenanceInvalidWindow(int startInMinutes, int endInMinutes)
    {
        await using var school = await TestSchool.CreateAsync();
        var schedule = Schedule(school);
        var now = school.Time.GetUtcNow();

        var result = await schedule.ScheduleAsync(TestSchool.Administrator, Break() with
        {
            StartsAt = startInMinutes == 0 ? null : now.AddMinutes(startInMinutes),
            ExpectedEndAt = now.AddMinutes(endInMinutes),
        });

        var error = Assert.Single(result.Errors);
        Assert.Equal(AccessErrorCodes.MaintenanceInvalidWindow, error.Code);
        Assert.Equal("expectedEndAt", error.Field);
        Assert.Empty(await schedule.ListAsync(TestSchool.Symbol));
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    public async Task Schedule_EmptyPolishMessage_FieldRequired(string message)
    {
        await using var school = await TestSchool.CreateAsync();
        var schedule = Schedule(school);

        var result = await schedule.ScheduleAsync(TestSchool.Administrator, new MaintenanceRequest { MessagePolish = message, MessageEnglish = "System update" });
        var global = await schedule.ScheduleGlobalAsync("operator", new MaintenanceRequest { MessagePolish = message });

        var error = Assert.Single(result.Errors);
        Assert.Equal(AccessErrorCodes.FieldRequired, error.Code);
        Assert.Equal("messagePolish", error.Field);
        Assert.Equal(AccessErrorCodes.FieldRequired, Assert.Single(global.Errors).Code);
        Assert.Empty(await schedule.ListAsync(TestSchool.Symbol));
    }

    [Fact]
    public async Task GetStatus_WindowWrittenStraightToStore_SeenOnlyAfterCacheDuration()
    {
        await using var school = await TestSchool.CreateAsync();
        var schedule = Schedule(school);
        var cached = await schedule.GetStatusAsync(TestSchool.Symbol);

        // Another web node sharing the database planned it: this node's cache does not know yet.
        await school.Store.AddMaintenanceWindowAsync(new MaintenanceWindow
        {
            Id = Guid.NewGuid(),
            InstanceSymbol = TestSchool.Symbol,
            StartsAt = school.Time.GetUtcNow(),
            MessagePolish = "Aktualizacja",
            MessageEnglish = "Update",
            CreatedBy = "inny-wezel",
        }, CancellationToken.None);
        var atOnce = await schedule.GetStatusAsync(TestSchool.Symbol);
        school.Time.Advance(TimeSpan.FromSeconds(4.9));
        var justBefore = await schedule.GetStatusAsync(TestSchool.Symbol);
        school.Time.Advance(TimeSpan.FromSeconds(0.1));
        var afterCache = await schedule.GetStatusAsync(TestSchool.Symbol);

        Assert.False(cached.Active);
        Assert.False(atOnce.Active);
        Assert.False(justBefore.Active);
        Assert.True(afterCache.Active);
        Assert.Equal("inny-wezel", afterCache.Window!.CreatedBy);
    }

    [Fact]
    public async Task GetStatus_CacheDurationOption_Honoured()
    {
        await using var school = await TestSchool.CreateAsync(o => o.Maintenance.StatusCacheDuration = TimeSpan.FromMinutes(1));
        var schedule = Schedule(school);
        await schedule.GetStatusAsync(TestSchool.Symbol);
        await school.Store.AddMaintenanceWindowAsync(new MaintenanceWindow
        {
            Id = Guid.NewGuid(),
            StartsAt = school.Time.GetUtcNow(),
            MessagePolish = "Aktualizacja",
            MessageEnglish = "Update",
            CreatedBy = "inny-wezel",
        }, CancellationToken.None);

        school.Time.Advance(TimeSpan.FromSeconds(30));
        var within = await schedule.GetStatusAsync(TestSchool.Symbol);
        school.Time.Advance(TimeSpan.FromSeconds(30));
        var after = await schedule.GetStatusAsync(TestSchool.Symbol);

        Assert.False(within.Active);
        Assert.True(after.Active);
    }

    private static MaintenanceSchedule Schedule(TestSchool school) => school.Services.GetRequiredService<MaintenanceSchedule>();

    private static MaintenanceRequest Break() => new() { MessagePolish = "Aktualizacja systemu", MessageEnglish = "System update" };

    private static async Task<T> Ok<T>(Task<AccessResult<T>> pending)
    {
        var result = await pending;
        Assert.True(result.Succeeded, result.ToString());
        return result.Value;
    }

    private static async Task Ok(Task<AccessResult> pending)
    {
        var result = await pending;
        Assert.True(result.Succeeded, result.ToString());
    }
}
