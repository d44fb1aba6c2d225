using Uonet.Access.Tests.Credentials.Workflows;
using System.Security.Cryptography;
using Microsoft.Extensions.DependencyInjection;
using Uonet.Access.Credentials;
using Uonet.Access.Devices;
using Uonet.Access.Maintenance;
using Uonet.Access.Records;

namespace Uonet.Access.Tests.Devices.Pairing;

/// <summary>Steps of mobile pairing over a <see cref="TestSchool"/>: signed-in accounts, tickets, device keys.</summary>
internal static class PairingSupport
{
    public const string Password = "kot ma ale i psa burka";
    public const string MotherEmail = "anna.nowak@example.pl";
    public const string FatherEmail = "jan.nowak@example.pl";

    // Created on demand, so the tests run the same whether or not the host's DI registers the service.
    public static MobileDevices Devices(this TestSchool school) =>
        ActivatorUtilities.GetServiceOrCreateInstance<MobileDevices>(school.Services);

    /// <summary>Adds Ola Nowak (SP1, 4a) with her mother and father listed, and returns the record.</summary>
    public static Task<StudentRecord> AddOlaAsync(this TestSchool school) =>
        school.AddStudentAsync(TestSchool.Sp1, "4a", "Ola", "Nowak", TestSchool.Pesels[0], null,
            TestSchool.Guardian("Anna", "Nowak", MotherEmail),
            TestSchool.Guardian("Jan", "Nowak", FatherEmail, relation: GuardianRelation.Father));

    /// <summary>First login through the mailed link, then sign-in; returns the session ticket.</summary>
    public static async Task<string> SignInAsync(this TestSchool school, string email = MotherEmail)
    {
        await school.Services.SetPasswordAsync(email, Password);
        return await school.Services.SignInAsync(email, Password);
    }

    /// <summary>A school where Ola's mother is signed in; returns the school and her session ticket.</summary>
    public static async Task<(TestSchool School, string Session)> MotherSignedInAsync(Action<UonetAccessOptions>? configure = null)
    {
        var school = await TestSchool.CreateAsync(configure);
        await school.AddOlaAsync();
        return (school, await school.SignInAsync());
    }

    public static async Task<PairingTicketView> CreateTicketAsync(this TestSchool school, string session)
    {
        var created = await school.Devices().CreatePairingAsync(session);
        Assert.True(created.Succeeded, created.ToString());
        return created.Value;
    }

    public static Task<AccessResult<DeviceRegistrationResult>> RegisterAsync(this TestSchool school, PairingTicketView ticket, string? pin = null, DeviceRegistration? device = null, string? token = null, string? symbol = null) =>
        school.Devices().RegisterDeviceAsync(symbol ?? ticket.InstanceSymbol, token ?? ticket.Token, pin ?? ticket.Pin, device ?? Phone());

    public static async Task<DeviceRegistrationResult> PairAsync(this TestSchool school, string session, string name = "Telefon Anny")
    {
        var ticket = await school.CreateTicketAsync(session);
        var registered = await school.RegisterAsync(ticket, device: Phone(name: name));
        Assert.True(registered.Succeeded, registered.ToString());
        return registered.Value;
    }

    public static DeviceRegistration Phone(byte[]? key = null, string name = "Telefon Anny", string? platform = "Android 15") =>
        new() { Name = name, Platform = platform, PublicKey = key ?? P256Key() };

    public static byte[] P256Key()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        return key.ExportSubjectPublicKeyInfo();
    }

    /// <summary>A PIN other than the ticket's.</summary>
    public static string WrongPin(PairingTicketView ticket) => ticket.Pin == "000000" ? "000001" : "000000";

    public static Task<AccessResult<MaintenanceWindow>> StartMaintenanceAsync(this TestSchool school) =>
        school.Services.GetRequiredService<MaintenanceSchedule>().ScheduleAsync(TestSchool.Administrator, new MaintenanceRequest { MessagePolish = "Aktualizacja" });

    public static string? Argument(this AccessResult result, string name) =>
        result.Error!.Arguments.TryGetValue(name, out var value) ? value : null;
}
