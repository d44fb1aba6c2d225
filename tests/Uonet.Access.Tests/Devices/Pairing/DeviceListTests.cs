using Uonet.Access.Devices;
using Uonet.Access.Records;

namespace Uonet.Access.Tests.Devices.Pairing;

/// <summary>The device list on Dostęp mobilny, Wyrejestruj, and staff unregistering an account's phones.</summary>
public sealed class DeviceListTests
{
    [Fact]
    public async Task ListDevices_TwoRegistered_NewestFirstWithNamePlatformAndTimes()
    {
        var (school, session) = await PairingSupport.MotherSignedInAsync();
        await using var _ = school;
        var first = await school.PairAsync(session, "Telefon Anny");
        var registeredAt = school.Time.GetUtcNow();
        school.Time.Advance(TimeSpan.FromMinutes(5));
        var second = await school.PairAsync(session, "Tablet");

        var listed = await school.Devices().ListDevicesAsync(session);

        Assert.True(listed.Succeeded, listed.ToString());
        Assert.Equal([second.DeviceId, first.DeviceId], listed.Value.Select(d => d.Id));
        var older = listed.Value[1];
        Assert.Equal("Telefon Anny", older.Name);
        Assert.Equal("Android 15", older.Platform);
        Assert.Equal(DeviceKeyAlgorithm.EcdsaP256, older.KeyAlgorithm);
        Assert.Equal(registeredAt, older.CreatedAt);
        Assert.Equal(registeredAt, older.LastSeenAt);
        Assert.False(older.IsRevoked);
        Assert.Null(older.RevocationReason);
    }

    [Fact]
    public async Task ListDevices_OtherAccountsDevices_NotListed()
    {
        var (school, motherSession) = await PairingSupport.MotherSignedInAsync();
        await using var _ = school;
        var fatherSession = await school.SignInAsync(PairingSupport.FatherEmail);
        await school.PairAsync(fatherSession, "Telefon Jana");

        var listed = await school.Devices().ListDevicesAsync(motherSession);

        Assert.Empty(listed.Value);
    }

    [Fact]
    public async Task ListDevices_StaleSession_SessionStale()
    {
        await using var school = await TestSchool.CreateAsync();

        var listed = await school.Devices().ListDevicesAsync("1.garbage.ticket");

        Assert.Equal(AccessErrorCodes.SessionStale, listed.Error!.Code);
    }

    [Fact]
    public async Task RevokeDevice_Own_RevokedByUser_ListedWithReason()
    {
        var (school, session) = await PairingSupport.MotherSignedInAsync();
        await using var _ = school;
        var device = await school.PairAsync(session);
        school.Time.Advance(TimeSpan.FromMinutes(5));

        var revoked = await school.Devices().RevokeDeviceAsync(session, device.DeviceId);
        var listed = await school.Devices().ListDevicesAsync(session);

        Assert.True(revoked.Succeeded, revoked.ToString());
        var summary = Assert.Single(listed.Value);
        Assert.True(summary.IsRevoked);
        Assert.Equal(school.Time.GetUtcNow(), summary.RevokedAt);
        Assert.Equal(DeviceRevocationReason.RevokedByUser, summary.RevocationReason);
    }

    [Fact]
    public async Task RevokeDevice_AlreadyRevokedByStaff_SucceedsKeepingTheFirstReason()
    {
        var (school, session) = await PairingSupport.MotherSignedInAsync();
        await using var _ = school;
        var device = await school.PairAsync(session);
        await school.Devices().RevokeDevicesByStaffAsync(TestSchool.SecretarySp1, PairingSupport.MotherEmail);

        var revoked = await school.Devices().RevokeDeviceAsync(session, device.DeviceId);

        Assert.True(revoked.Succeeded, revoked.ToString());
        Assert.Equal(DeviceRevocationReason.RevokedByStaff, (await school.Store.FindDeviceAsync(device.DeviceId, CancellationToken.None))!.RevocationReason);
    }

    [Fact]
    public async Task RevokeDevice_AnotherAccountsDevice_DeviceNotFound_NothingRevoked()
    {
        var (school, motherSession) = await PairingSupport.MotherSignedInAsync();
        await using var _ = school;
        var fatherSession = await school.SignInAsync(PairingSupport.FatherEmail);
        var fathers = await school.PairAsync(fatherSession, "Telefon Jana");

        var revoked = await school.Devices().RevokeDeviceAsync(motherSession, fathers.DeviceId);

        Assert.Equal(AccessErrorCodes.DeviceNotFound, revoked.Error!.Code);
        Assert.Null((await school.Store.FindDeviceAsync(fathers.DeviceId, CancellationToken.None))!.RevokedAt);
    }

    [Fact]
    public async Task RevokeDevice_UnknownId_DeviceNotFound()
    {
        var (school, session) = await PairingSupport.MotherSignedInAsync();
        await using var _ = school;

        var revoked = await school.Devices().RevokeDeviceAsync(session, Guid.NewGuid());

        Assert.Equal(AccessErrorCodes.DeviceNotFound, revoked.Error!.Code);
    }

    [Fact]
    public async Task RevokeDevice_SignedOut_SessionSignedOut_NothingRevoked()
    {
        var (school, session) = await PairingSupport.MotherSignedInAsync();
        await using var _ = school;
        var device = await school.PairAsync(session);
        await school.Sessions.SignOutAsync(session);

        var revoked = await school.Devices().RevokeDeviceAsync(session, device.DeviceId);

        Assert.Equal(AccessErrorCodes.SessionSignedOut, revoked.Error!.Code);
        Assert.Null((await school.Store.FindDeviceAsync(device.DeviceId, CancellationToken.None))!.RevokedAt);
    }

    [Fact]
    public async Task RevokeDevice_DuringTechnicalBreak_StillAllowed_R10()
    {
        var (school, session) = await PairingSupport.MotherSignedInAsync();
        await using var _ = school;
        var device = await school.PairAsync(session);
        await school.StartMaintenanceAsync();

        var revoked = await school.Devices().RevokeDeviceAsync(session, device.DeviceId);

        Assert.True(revoked.Succeeded, revoked.ToString());
    }

    [Fact]
    public async Task RevokeDevicesByStaff_Secretary_RevokesEveryActiveDevice_CountsThem()
    {
        var (school, session) = await PairingSupport.MotherSignedInAsync();
        await using var _ = school;
        var first = await school.PairAsync(session, "Telefon Anny");
        var second = await school.PairAsync(session, "Tablet");
        var third = await school.PairAsync(session, "Stary telefon");
        await school.Devices().RevokeDeviceAsync(session, third.DeviceId);

        var revoked = await school.Devices().RevokeDevicesByStaffAsync(TestSchool.SecretarySp1, " Anna.Nowak@Example.pl ");

        Assert.True(revoked.Succeeded, revoked.ToString());
        Assert.Equal(2, revoked.Value);
        var reasons = (await school.Devices().ListDevicesAsync(session)).Value.ToDictionary(d => d.Id, d => d.RevocationReason);
        Assert.Equal(DeviceRevocationReason.RevokedByStaff, reasons[first.DeviceId]);
        Assert.Equal(DeviceRevocationReason.RevokedByStaff, reasons[second.DeviceId]);
        Assert.Equal(DeviceRevocationReason.RevokedByUser, reasons[third.DeviceId]);
    }

    [Theory]
    [MemberData(nameof(StaffWhoMayEditTheRecord))]
    public async Task RevokeDevicesByStaff_StaffWhoMayEditARecordListingTheAddressOrTheAdministrator_Allowed(string role)
    {
        var (school, session) = await PairingSupport.MotherSignedInAsync();
        await using var _ = school;
        await school.PairAsync(session);

        var revoked = await school.Devices().RevokeDevicesByStaffAsync(Actor(role), PairingSupport.MotherEmail);

        Assert.True(revoked.Succeeded, revoked.ToString());
        Assert.Equal(1, revoked.Value);
    }

    public static TheoryData<string> StaffWhoMayEditTheRecord() => ["secretary of the unit", "class teacher of the class", "administrator"];

    [Theory]
    [MemberData(nameof(StaffWhoMayNotEditTheRecord))]
    public async Task RevokeDevicesByStaff_StaffWhoMayNotEditAnyRecordListingTheAddress_StaffNotAllowedNothingRevoked(string role)
    {
        var (school, session) = await PairingSupport.MotherSignedInAsync();
        await using var _ = school;
        await school.Directory.AssignStaffAsync(TestSchool.Symbol, OtherClassTeacher.Email, "Ewa Wychowawczyni", new StaffAssignment(StaffRole.ClassTeacher, TestSchool.Sp1, "1b"));
        var device = await school.PairAsync(session);

        var revoked = await school.Devices().RevokeDevicesByStaffAsync(Actor(role), PairingSupport.MotherEmail);

        Assert.Equal(AccessErrorCodes.StaffNotAllowed, Assert.Single(revoked.Errors).Code);
        Assert.Null((await school.Store.FindDeviceAsync(device.DeviceId, CancellationToken.None))!.RevokedAt);
    }

    public static TheoryData<string> StaffWhoMayNotEditTheRecord() => ["secretary of another unit", "class teacher of another class"];

    [Theory]
    [MemberData(nameof(StaffWhoMayNotEditTheRecord))]
    public async Task RevokeDevicesByStaff_AddressTheyMayNotActOnAndUnknownAddress_SameAnswer(string role)
    {
        var (school, session) = await PairingSupport.MotherSignedInAsync();
        await using var _ = school;
        await school.Directory.AssignStaffAsync(TestSchool.Symbol, OtherClassTeacher.Email, "Ewa Wychowawczyni", new StaffAssignment(StaffRole.ClassTeacher, TestSchool.Sp1, "1b"));
        await school.PairAsync(session);

        var known = await school.Devices().RevokeDevicesByStaffAsync(Actor(role), PairingSupport.MotherEmail);
        var unknown = await school.Devices().RevokeDevicesByStaffAsync(Actor(role), "nikt@example.pl");

        Assert.Equal(known.ToString(), unknown.ToString());
        Assert.Equal(AccessErrorCodes.StaffNotAllowed, Assert.Single(unknown.Errors).Code);
    }

    [Fact]
    public async Task RevokeDevicesByStaff_StaffOfAnotherInstance_RevokesNothing_R6()
    {
        var (school, session) = await PairingSupport.MotherSignedInAsync();
        await using var _ = school;
        var device = await school.PairAsync(session);

        var revoked = await school.Devices().RevokeDevicesByStaffAsync(TestSchool.SecretaryLo1, PairingSupport.MotherEmail);

        Assert.Equal(AccessErrorCodes.StaffNotAllowed, Assert.Single(revoked.Errors).Code);
        Assert.Null((await school.Store.FindDeviceAsync(device.DeviceId, CancellationToken.None))!.RevokedAt);
    }

    [Fact]
    public async Task RevokeDevicesByStaff_NotStaff_StaffNotFound()
    {
        var (school, session) = await PairingSupport.MotherSignedInAsync();
        await using var _ = school;
        await school.PairAsync(session);

        var revoked = await school.Devices().RevokeDevicesByStaffAsync(new StaffActor(TestSchool.Symbol, PairingSupport.FatherEmail), PairingSupport.MotherEmail);

        Assert.Equal(AccessErrorCodes.StaffNotFound, revoked.Error!.Code);
    }

    [Fact]
    public async Task RevokeDevicesByStaff_InvalidAddress_EmailError()
    {
        await using var school = await TestSchool.CreateAsync();

        var revoked = await school.Devices().RevokeDevicesByStaffAsync(TestSchool.SecretarySp1, "anna.nowak");

        Assert.Equal(AccessErrorCodes.EmailFormat, revoked.Error!.Code);
    }

    [Fact]
    public async Task RevokeDevicesByStaff_AdministratorAndAddressWithoutAccount_Zero()
    {
        await using var school = await TestSchool.CreateAsync();

        var revoked = await school.Devices().RevokeDevicesByStaffAsync(TestSchool.Administrator, "nikt@example.pl");

        Assert.True(revoked.Succeeded, revoked.ToString());
        Assert.Equal(0, revoked.Value);
    }

    [Fact]
    public async Task Registration_ChildAddedLater_NotInTheRegistrationResult_ButResolvedAfterwards_R8()
    {
        var (school, session) = await PairingSupport.MotherSignedInAsync();
        await using var _ = school;
        var registered = await school.PairAsync(session);

        await school.AddStudentAsync(TestSchool.Sp2, "1b", "Piotr", "Nowak", TestSchool.Pesels[1], null,
            TestSchool.Guardian("Anna", "Nowak", PairingSupport.MotherEmail, TestSchool.Pesels[4]));
        var device = await school.Store.FindDeviceAsync(registered.DeviceId, CancellationToken.None);
        var account = await school.Store.FindAccountByIdAsync(device!.AccountId, CancellationToken.None);
        var now = await school.Resolver.ResolveAsync(device.InstanceSymbol, account!.Email);

        Assert.Equal(["Ola"], registered.Pupils.Select(p => p.FirstName));
        Assert.Equal(["Ola", "Piotr"], now.Select(p => p.FirstName));
    }

    private static StaffActor Actor(string role) => role switch
    {
        "secretary of the unit" => TestSchool.SecretarySp1,
        "secretary of another unit" => TestSchool.SecretarySp2,
        "class teacher of the class" => TestSchool.TeacherSp1Class4A,
        "class teacher of another class" => OtherClassTeacher,
        _ => TestSchool.Administrator,
    };

    private static readonly StaffActor OtherClassTeacher = new(TestSchool.Symbol, "wychowawczyni1b@sp1.edu.pl");
}
