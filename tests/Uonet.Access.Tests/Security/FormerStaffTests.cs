using Microsoft.Extensions.DependencyInjection;
using Uonet.Access.Devices;
using Uonet.Access.Maintenance;
using Uonet.Access.Privacy;
using Uonet.Access.Records;
using Uonet.Access.Tests.Credentials.Workflows;

namespace Uonet.Access.Tests.Security;

/// <summary>
/// A member whose last role was taken away is no staff member (issue 13, finding 2): every staff operation of the
/// library refuses them with <see cref="AccessErrorCodes.StaffNotFound"/>, whatever a host shows them. Found by an
/// attack run: a parent who had been a secretary could still diagnose any address, preview other guardians' e-mail
/// changes and unregister other people's phones.
/// </summary>
public sealed class FormerStaffTests
{
    private const string ParentEmail = "piotr.kowalski@example.pl";
    private static readonly StaffActor Former = new(TestSchool.Symbol, ParentEmail);

    public static TheoryData<string> Operations =>
    [
        "AddStudent", "UpdateStudent", "AddGuardian", "UpdateGuardian", "RemoveGuardian", "FindStudent", "ListStudents",
        "ListAudit", "Diagnose", "PreviewEmailChange", "ApplyEmailChange", "RevokeDevices", "Import", "ScheduleMaintenance",
        "EndMaintenance", "ExportStudentRecord",
    ];

    [Theory]
    [MemberData(nameof(Operations))]
    public async Task StaffOperation_FormerSecretaryAsActor_StaffNotFound(string operation)
    {
        await using var school = await TestSchool.CreateAsync();
        var ola = await school.Services.AddOlaWithMotherAsync();
        var window = await school.Services.GetRequiredService<MaintenanceSchedule>().ScheduleAsync(TestSchool.Administrator, new MaintenanceRequest { MessagePolish = "Przerwa" });
        await FormerSecretaryAndAdministratorAsync(school);

        var result = await RunAsync(school, operation, ola, window.Value.Id);

        Assert.Equal(AccessErrorCodes.StaffNotFound, Assert.Single(result.Errors).Code);
        Assert.Equal(Flow.MotherEmail, (await school.Records.FindStudentAsync(TestSchool.SecretarySp1, ola.Id)).Value.Guardians.Single().Email);
    }

    [Fact]
    public async Task StaffOperation_SameMemberWithARole_Allowed()
    {
        await using var school = await TestSchool.CreateAsync();
        var ola = await school.Services.AddOlaWithMotherAsync();
        await school.Directory.AssignStaffAsync(TestSchool.Symbol, ParentEmail, "Piotr Kowalski", new StaffAssignment(StaffRole.Secretary, TestSchool.Sp1));

        var diagnosed = await school.Diagnosis.DiagnoseAsync(Former, Flow.MotherEmail);
        var found = await school.Records.FindStudentAsync(Former, ola.Id);

        Assert.True(diagnosed.Succeeded, diagnosed.ToString());
        Assert.True(found.Succeeded, found.ToString());
    }

    private static async Task FormerSecretaryAndAdministratorAsync(TestSchool school)
    {
        var secretary = new StaffAssignment(StaffRole.Secretary, TestSchool.Sp1);
        var administrator = new StaffAssignment(StaffRole.Administrator);
        Assert.True((await school.Directory.AssignStaffAsync(TestSchool.Symbol, ParentEmail, "Piotr Kowalski", secretary)).Succeeded);
        Assert.True((await school.Directory.AssignStaffAsync(TestSchool.Symbol, ParentEmail, "Piotr Kowalski", administrator)).Succeeded);
        Assert.True((await school.Directory.UnassignStaffAsync(TestSchool.Symbol, ParentEmail, secretary)).Succeeded);
        Assert.True((await school.Directory.UnassignStaffAsync(TestSchool.Symbol, ParentEmail, administrator)).Succeeded);
        Assert.NotNull(await school.Directory.FindStaffAsync(TestSchool.Symbol, ParentEmail));
    }

    private static async Task<AccessResult> RunAsync(TestSchool school, string operation, StudentRecord ola, Guid windowId)
    {
        var guardian = ola.Guardians.Single();
        var details = TestSchool.Guardian("Anna", "Nowak", "inny@example.pl");
        var services = school.Services;
        return operation switch
        {
            "AddStudent" => await school.Records.AddStudentAsync(Former, new NewStudent { UnitCode = TestSchool.Sp1, ClassName = "1a", FirstName = "Jan", LastName = "Lis" }),
            "UpdateStudent" => await school.Records.UpdateStudentAsync(Former, ola.Id, new StudentChanges { FirstName = "Ala" }),
            "AddGuardian" => await school.Records.AddGuardianAsync(Former, ola.Id, details),
            "UpdateGuardian" => await school.Records.UpdateGuardianAsync(Former, ola.Id, guardian.Id, details),
            "RemoveGuardian" => await school.Records.RemoveGuardianAsync(Former, ola.Id, guardian.Id),
            "FindStudent" => await school.Records.FindStudentAsync(Former, ola.Id),
            "ListStudents" => await school.Records.ListStudentsAsync(Former, TestSchool.Sp1),
            "ListAudit" => await school.Records.ListAuditAsync(Former, null),
            "Diagnose" => await school.Diagnosis.DiagnoseAsync(Former, Flow.MotherEmail),
            "PreviewEmailChange" => await services.GetRequiredService<GuardianEmailChange>().PreviewAsync(Former, Flow.MotherEmail, "inny@example.pl"),
            "ApplyEmailChange" => await services.GetRequiredService<GuardianEmailChange>().ApplyAsync(Former, Flow.MotherEmail, "inny@example.pl"),
            "RevokeDevices" => await services.GetRequiredService<MobileDevices>().RevokeDevicesByStaffAsync(Former, Flow.MotherEmail),
            "Import" => await school.Import.ImportAsync(Former, TestSchool.Sp1, new StringReader("klasa;imie;nazwisko\n1a;Jan;Lis\n")),
            "ScheduleMaintenance" => await services.GetRequiredService<MaintenanceSchedule>().ScheduleAsync(Former, new MaintenanceRequest { MessagePolish = "Przerwa" }),
            "EndMaintenance" => await services.GetRequiredService<MaintenanceSchedule>().EndAsync(Former, windowId),
            "ExportStudentRecord" => await services.GetRequiredService<PersonalDataExport>().ExportStudentRecordAsync(Former, ola.Id),
            _ => throw new ArgumentOutOfRangeException(nameof(operation), operation, null),
        };
    }
}
