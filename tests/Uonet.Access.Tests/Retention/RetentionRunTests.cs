using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Uonet.Access.Retention;
using Uonet.Access.Tests.Credentials.Workflows;

namespace Uonet.Access.Tests.Retention;

/// <summary>
/// What the retention run deletes at the library's level: the audit entries of pupils' records by school year (never
/// the records, R1), and nothing before its period; bad options stop the start-up.
/// </summary>
public sealed class RetentionRunTests
{
    [Theory]
    [InlineData("2031-09-01T00:00:00Z", "2026-09-01T00:00:00Z")]
    [InlineData("2031-08-31T23:59:59Z", "2025-09-01T00:00:00Z")]
    [InlineData("2032-01-15T12:00:00Z", "2026-09-01T00:00:00Z")]
    public void AuditCutOff_FiveSchoolYears_FirstOfSeptemberOfTheSchoolYearFiveBack(string now, string expected)
    {
        var cutOff = new RetentionOptions().AuditCutOff(DateTimeOffset.Parse(now, System.Globalization.CultureInfo.InvariantCulture));

        Assert.Equal(DateTimeOffset.Parse(expected, System.Globalization.CultureInfo.InvariantCulture), cutOff);
    }

    [Fact]
    public async Task RunAsync_AuditEntryOfSchoolYear2026_KeptUntilAugust2032DeletedFromSeptemberRecordKept_R1()
    {
        await using var school = await TestSchool.CreateAsync();
        var record = await school.Services.AddOlaWithMotherAsync();
        var retention = school.Services.GetRequiredService<RetentionRun>();

        school.Time.SetUtcNow(new DateTimeOffset(2032, 8, 31, 23, 0, 0, TimeSpan.Zero));
        var early = await retention.RunAsync();
        var kept = await school.Store.ListAuditAsync(TestSchool.Symbol, record.Id, 10, Flow.None);
        school.Time.SetUtcNow(new DateTimeOffset(2032, 9, 1, 0, 0, 0, TimeSpan.Zero));
        var due = await retention.RunAsync();

        Assert.Equal(0, early.AuditEntries);
        Assert.Single(kept);
        Assert.Equal(1, due.AuditEntries);
        Assert.Empty(await school.Store.ListAuditAsync(TestSchool.Symbol, record.Id, 10, Flow.None));
        Assert.NotNull(await school.Store.FindStudentAsync(TestSchool.Symbol, record.Id, Flow.None));
    }

    [Fact]
    public async Task RunAsync_SessionEndedLessThanThirtyDaysAgo_KeptThenDeleted()
    {
        await using var school = await TestSchool.CreateAsync();
        await school.Services.AddOlaWithMotherAsync();
        await school.Services.SetPasswordAsync();
        var ticket = await school.Services.SignInAsync();
        await school.Services.GetRequiredService<Uonet.Access.Sessions.SessionTickets>().SignOutAsync(ticket);
        var retention = school.Services.GetRequiredService<RetentionRun>();

        school.Time.Advance(TimeSpan.FromDays(29));
        var early = await retention.RunAsync();
        school.Time.Advance(TimeSpan.FromDays(2));
        var late = await retention.RunAsync();

        Assert.Equal(0, early.Sessions);
        Assert.Equal(1, late.Sessions);
    }

    [Fact]
    public async Task Start_BadRetentionOptions_RefusedWithEveryProblem()
    {
        var services = new ServiceCollection();
        services.AddUonetAccess(o =>
        {
            o.EnvironmentName = "Development";
            o.Retention.BatchSize = 0;
            o.Retention.SecurityEvents = TimeSpan.FromDays(-1);
            o.Retention.RecordAuditSchoolYears = 0;
        }).UseInMemoryStore();
        await using var provider = services.BuildServiceProvider();

        var error = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IStartupValidator>().Validate());

        Assert.Contains("Retention.BatchSize", error.Message, StringComparison.Ordinal);
        Assert.Contains("Retention.SecurityEvents", error.Message, StringComparison.Ordinal);
        Assert.Contains("Retention.RecordAuditSchoolYears", error.Message, StringComparison.Ordinal);
    }
}
