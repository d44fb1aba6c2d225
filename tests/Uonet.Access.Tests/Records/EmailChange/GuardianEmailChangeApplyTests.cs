using Uonet.Access.Credentials;
using Uonet.Access.Devices;
using Uonet.Access.Mail;
using Uonet.Access.Records;
using Uonet.Access.Sessions;
using Uonet.Access.Tests.Credentials.Workflows;
using static Uonet.Access.Tests.Records.EmailChange.EmailChangeWorld;
using static Uonet.Access.Tests.TestSchool;

namespace Uonet.Access.Tests.Records.EmailChange;

/// <summary>
/// <see cref="GuardianEmailChange.ApplyAsync"/> (R9, FAQ 8–9): the new address replaces the old one in every record
/// the staff member may edit, atomically and audited; the new address signs in through the first login; the old
/// account is closed once no record backs the old address, and its devices learn why.
/// </summary>
public sealed class GuardianEmailChangeApplyTests
{
    [Fact]
    public async Task Apply_ClassTeacherOf4A_ReplacesOnlyTheEditableRecordAndListsTheOthers_R9()
    {
        await using var world = await EmailChangeWorld.CreateAsync();
        var ola = await world.AddOlaAsync();
        var piotr = await world.AddPiotrAsync();
        var zosia = await world.AddZosiaAsync();

        var applied = await world.EmailChange.ApplyAsync(TeacherSp1Class4A, OldEmail, NewEmail);

        Assert.True(applied.Succeeded, applied.ToString());
        Assert.Equal(ola.Id, Assert.Single(applied.Value.Changed).StudentId);
        Assert.Equal([piotr.Id, zosia.Id], applied.Value.NotEditable.Select(r => r.StudentId));
        Assert.Equal(NewEmail, Assert.Single((await world.ReadAsync(ola.Id)).Guardians).Email);
        Assert.Equal(OldEmail, Assert.Single((await world.ReadAsync(piotr.Id)).Guardians).Email);
        Assert.Equal(OldEmail, Assert.Single((await world.ReadAsync(zosia.Id)).Guardians).Email);
    }

    [Fact]
    public async Task Apply_EveryChangedRecord_GetsItsOwnAuditEntryNamingActorAndGuardianEmail_R9()
    {
        await using var world = await EmailChangeWorld.CreateAsync();
        var ola = await world.AddOlaAsync();
        var piotr = await world.AddPiotrAsync();

        var applied = await world.EmailChange.ApplyAsync(SecretarySp1, OldEmail, NewEmail);

        Assert.True(applied.Succeeded, applied.ToString());
        foreach (var record in new[] { ola, piotr })
        {
            var stored = await world.ReadAsync(record.Id);
            Assert.Equal(record.Version + 1, stored.Version);
            var audit = (await world.Store.ListAuditAsync(Symbol, record.Id, 10, Flow.None))[0];
            Assert.Equal(AuditAction.GuardianChanged, audit.Action);
            Assert.Equal(SecretarySp1.Email, audit.Actor);
            Assert.Equal(world.School.Time.GetUtcNow(), audit.OccurredAt);
            Assert.Equal(new AuditChange($"guardian[{record.Guardians[0].Id:N}].email", OldEmail, NewEmail), Assert.Single(audit.Changes));
        }
    }

    [Fact]
    public async Task Apply_NewAddress_IsEligibleAndGoesThroughFirstLogin_R3_R9()
    {
        await using var world = await EmailChangeWorld.CreateAsync();
        var ola = await world.AddOlaAsync();
        await world.AddPiotrAsync();

        var applied = await world.EmailChange.ApplyAsync(SecretarySp1, OldEmail, NewEmail);
        var token = await world.Services.RequestTokenAsync(NewEmail);
        var completed = await world.Services.CompleteAsync(token);
        var signedIn = await world.Services.TrySignInAsync(NewEmail);

        Assert.True(applied.Succeeded, applied.ToString());
        Assert.Single(await world.MailsAsync(NewEmail, MailKind.AccessLink));
        Assert.True(completed.Succeeded, completed.ToString());
        Assert.Equal(SignInOutcome.Success, signedIn.Outcome);
        Assert.Equal(["Ola", "Piotr"], signedIn.Pupils.Select(p => p.FirstName));
        Assert.Empty(await world.School.Resolver.ResolveAsync(Symbol, OldEmail));
        Assert.Equal(ola.Id, signedIn.Pupils[0].StudentId);
    }

    [Fact]
    public async Task Apply_LastRecordsOfOldAddress_ClosesOldAccountAndItsSessionValidatesAccountClosed_R9()
    {
        await using var world = await EmailChangeWorld.CreateAsync();
        await world.AddOlaAsync();
        await world.AddPiotrAsync();
        var holder = await world.SignedInHolderAsync();

        var applied = await world.EmailChange.ApplyAsync(SecretarySp1, OldEmail, NewEmail);
        var session = await world.ValidateAsync(holder.SessionTicket);
        var signIn = await world.Services.TrySignInAsync(OldEmail);

        Assert.True(applied.Value.OldAccountClosed);
        var account = await world.AccountAsync();
        Assert.Equal(AccountStatus.Closed, account.Status);
        Assert.Equal(world.School.Time.GetUtcNow(), account.ClosedAt);
        Assert.NotEqual(holder.Account.SecurityStamp, account.SecurityStamp);
        Assert.Equal(SessionStatus.Revoked, session.Status);
        Assert.Equal(AccessErrorCodes.SessionAccountClosed, session.Code);
        Assert.Equal(SignInOutcome.Failed, signIn.Outcome);
        Assert.Equal(AccessErrorCodes.SignInNotEligible, signIn.Error!.Code);
    }

    [Fact]
    public async Task Apply_LastRecordsOfOldAddress_RevokesDevicesWithEmailChangedAndClosesOpenPairingTicket_R9()
    {
        await using var world = await EmailChangeWorld.CreateAsync();
        await world.AddOlaAsync();
        var holder = await world.SignedInHolderAsync();

        await world.EmailChange.ApplyAsync(TeacherSp1Class4A, OldEmail, NewEmail);

        var device = await world.Store.FindDeviceAsync(holder.Device.Id, Flow.None);
        Assert.Equal(world.School.Time.GetUtcNow(), device!.RevokedAt);
        Assert.Equal(DeviceRevocationReason.EmailChanged, device.RevocationReason);
        var ticket = await world.Store.FindPairingTicketAsync(holder.OpenTicket.TokenHash, Flow.None);
        Assert.NotNull(ticket!.ClosedAt);
        Assert.Null(ticket.ConsumedAt);
    }

    [Fact]
    public async Task Apply_LastRecordsOfOldAddress_KillsOpenLinkAndSendsNoticeToOldAddress_R9()
    {
        await using var world = await EmailChangeWorld.CreateAsync();
        await world.AddOlaAsync();
        var holder = await world.SignedInHolderAsync();

        await world.EmailChange.ApplyAsync(TeacherSp1Class4A, OldEmail, NewEmail, System.Globalization.CultureInfo.GetCultureInfo("pl-PL"));
        var completed = await world.Services.CompleteAsync(holder.OpenLinkToken, Flow.OtherPassword);

        Assert.Equal(AccessErrorCodes.LinkSuperseded, Assert.Single(completed.Errors).Code);
        var notice = Assert.Single(await world.MailsAsync(OldEmail, MailKind.EmailChanged));
        Assert.Contains("Zmiana adresu e-mail", notice.Subject, StringComparison.Ordinal);
        Assert.Empty(await world.MailsAsync(NewEmail, MailKind.EmailChanged));
    }

    [Fact]
    public async Task Apply_OldAddressStillInRecordActorCannotEdit_KeepsOldAccountOpenUntilThatRecordChanges_R9()
    {
        await using var world = await EmailChangeWorld.CreateAsync();
        await world.AddOlaAsync();
        var zosia = await world.AddZosiaAsync();
        var holder = await world.SignedInHolderAsync();

        var bySp1 = await world.EmailChange.ApplyAsync(SecretarySp1, OldEmail, NewEmail);
        var afterSp1 = await world.ValidateAsync(holder.SessionTicket);
        var deviceAfterSp1 = await world.Store.FindDeviceAsync(holder.Device.Id, Flow.None);
        var bySp2 = await world.EmailChange.ApplyAsync(SecretarySp2, OldEmail, NewEmail);

        Assert.False(bySp1.Value.OldAccountClosed);
        Assert.Equal(zosia.Id, Assert.Single(bySp1.Value.NotEditable).StudentId);
        Assert.Equal(SessionStatus.Valid, afterSp1.Status);
        Assert.Equal(zosia.Id, Assert.Single(afterSp1.Pupils).StudentId);
        Assert.Null(deviceAfterSp1!.RevokedAt);
        Assert.True(bySp2.Value.OldAccountClosed);
        Assert.Empty(bySp2.Value.NotEditable);
        Assert.Equal(AccountStatus.Closed, (await world.AccountAsync()).Status);
        Assert.Single(await world.MailsAsync(OldEmail, MailKind.EmailChanged));
    }

    [Fact]
    public async Task Apply_OldAddressAlsoAPupilsOwnElsewhere_KeepsThatAccountOpen_R1()
    {
        await using var world = await EmailChangeWorld.CreateAsync();
        await world.AddOlaAsync();
        await world.School.AddStudentAsync(Sp1, "8a", "Anna", "Nowak", Pesels[3], OldEmail);
        await world.SignedInHolderAsync();

        var applied = await world.EmailChange.ApplyAsync(SecretarySp1, OldEmail, NewEmail);

        Assert.False(applied.Value.OldAccountClosed);
        Assert.Equal(AccountStatus.Active, (await world.AccountAsync()).Status);
    }

    [Fact]
    public async Task Apply_NewAddressIsAPupilsOwn_RefusesAndWritesNothing_R2()
    {
        await using var world = await EmailChangeWorld.CreateAsync();
        var ola = await world.AddOlaAsync();
        var piotr = await world.AddPiotrAsync(ownEmail: NewEmail);
        await world.SignedInHolderAsync();

        var applied = await world.EmailChange.ApplyAsync(SecretarySp1, OldEmail, NewEmail);

        var error = Assert.Single(applied.Errors);
        Assert.Equal(new AccessError(AccessErrorCodes.GuardianEmailSameAsStudent, "newEmail"), error);
        Assert.Equal("Piotr Nowak", error.Arguments["pupil"]);
        await AssertUnchangedAsync(world, ola);
        await AssertUnchangedAsync(world, piotr);
        Assert.Equal(AccountStatus.Active, (await world.AccountAsync()).Status);
    }

    [Fact]
    public async Task Apply_NewAddressAlreadyAnotherGuardianOfTheRecord_IsGuardianDuplicateAndWritesNothing()
    {
        await using var world = await EmailChangeWorld.CreateAsync();
        var ola = await world.School.AddStudentAsync(Sp1, "4a", "Ola", "Nowak", Pesels[0], null,
            Mother(), Guardian("Jan", "Nowak", NewEmail, relation: GuardianRelation.Father));

        var applied = await world.EmailChange.ApplyAsync(SecretarySp1, OldEmail, NewEmail);

        Assert.Equal(new AccessError(AccessErrorCodes.GuardianDuplicate, "newEmail"), Assert.Single(applied.Errors));
        await AssertUnchangedAsync(world, ola);
    }

    [Fact]
    public async Task Apply_RecordChangedOnceBetweenReadAndWrite_RecomputesAndChangesEveryRecord_R9()
    {
        InterferingRecordStore? store = null;
        var piotrId = Guid.Empty;
        await using var world = await EmailChangeWorld.CreateAsync(school => store = new InterferingRecordStore(school.Store, async () =>
            Assert.True((await school.Records.UpdateStudentAsync(SecretarySp1, piotrId, new StudentChanges { FirstName = "Piotruś" })).Succeeded)));
        var ola = await world.AddOlaAsync();
        piotrId = (await world.AddPiotrAsync()).Id;
        store!.Interferences = 1;

        var applied = await world.EmailChange.ApplyAsync(SecretarySp1, OldEmail, NewEmail);

        Assert.True(applied.Succeeded, applied.ToString());
        Assert.Equal(2, store.Writes);
        var piotr = await world.ReadAsync(piotrId);
        Assert.Equal("Piotruś", piotr.FirstName);
        Assert.Equal(NewEmail, Assert.Single(piotr.Guardians).Email);
        Assert.Equal(NewEmail, Assert.Single((await world.ReadAsync(ola.Id)).Guardians).Email);
        Assert.Equal(["Piotruś Nowak", "Ola Nowak"], applied.Value.Changed.Select(r => r.PupilName));
    }

    [Fact]
    public async Task Apply_RecordChangedBeforeEveryWrite_IsConcurrencyConflictAndNothingWritten_R9()
    {
        InterferingRecordStore? store = null;
        var piotrId = Guid.Empty;
        await using var world = await EmailChangeWorld.CreateAsync(school => store = new InterferingRecordStore(school.Store, async () =>
            Assert.True((await school.Records.UpdateStudentAsync(SecretarySp1, piotrId, new StudentChanges { FirstName = "Piotr" + store!.Writes })).Succeeded)));
        var ola = await world.AddOlaAsync();
        piotrId = (await world.AddPiotrAsync()).Id;
        var holder = await world.SignedInHolderAsync();
        store!.Interferences = int.MaxValue;

        var applied = await world.EmailChange.ApplyAsync(SecretarySp1, OldEmail, NewEmail);

        Assert.Equal(AccessErrorCodes.ConcurrencyConflict, Assert.Single(applied.Errors).Code);
        Assert.Equal(3, store.Writes);
        await AssertUnchangedAsync(world, ola);
        Assert.Equal(OldEmail, Assert.Single((await world.ReadAsync(piotrId)).Guardians).Email);
        Assert.DoesNotContain(await world.Store.ListAuditAsync(Symbol, null, 100, Flow.None), a => a.Action == AuditAction.GuardianChanged);
        Assert.Equal(SessionStatus.Valid, (await world.ValidateAsync(holder.SessionTicket)).Status);
    }

    [Fact]
    public async Task Apply_AppliedTwice_SecondIsNothingToChangeAndSendsNoSecondNotice_R9()
    {
        await using var world = await EmailChangeWorld.CreateAsync();
        await world.AddOlaAsync();
        await world.SignedInHolderAsync();

        var first = await world.EmailChange.ApplyAsync(SecretarySp1, OldEmail, NewEmail);
        var second = await world.EmailChange.ApplyAsync(SecretarySp1, OldEmail, NewEmail);

        Assert.True(first.Succeeded, first.ToString());
        Assert.Equal(new AccessError(AccessErrorCodes.EmailChangeNothingToChange, "oldEmail"), Assert.Single(second.Errors));
        Assert.Single(await world.MailsAsync(OldEmail, MailKind.EmailChanged));
    }

    [Fact]
    public async Task Apply_NoRecordTheActorMayEdit_IsNothingToChange()
    {
        await using var world = await EmailChangeWorld.CreateAsync();
        var zosia = await world.AddZosiaAsync();

        var byTeacher = await world.EmailChange.ApplyAsync(TeacherSp1Class4A, OldEmail, NewEmail);
        var byAdministrator = await world.EmailChange.ApplyAsync(Administrator, OldEmail, NewEmail);

        Assert.Equal(AccessErrorCodes.EmailChangeNothingToChange, Assert.Single(byTeacher.Errors).Code);
        Assert.Equal(AccessErrorCodes.EmailChangeNothingToChange, Assert.Single(byAdministrator.Errors).Code);
        await AssertUnchangedAsync(world, zosia);
    }

    [Theory]
    [InlineData(OldEmail, "Anna.Nowak@EXAMPLE.pl", AccessErrorCodes.EmailChangeSameAddress, "newEmail")]
    [InlineData(OldEmail, "anna kowalska@example.pl", AccessErrorCodes.EmailFormat, "newEmail")]
    [InlineData("", NewEmail, AccessErrorCodes.EmailRequired, "oldEmail")]
    public async Task Apply_InvalidRequest_RefusedWithCodeOnField(string oldEmail, string newEmail, string code, string field)
    {
        await using var world = await EmailChangeWorld.CreateAsync();
        var ola = await world.AddOlaAsync();

        var applied = await world.EmailChange.ApplyAsync(SecretarySp1, oldEmail, newEmail);

        Assert.Equal(new AccessError(code, field), Assert.Single(applied.Errors));
        await AssertUnchangedAsync(world, ola);
    }

    [Fact]
    public async Task Apply_StaffOfAnotherInstance_IsStaffNotFound_R6()
    {
        await using var world = await EmailChangeWorld.CreateAsync();
        await world.AddOlaAsync();

        var applied = await world.EmailChange.ApplyAsync(SecretaryLo1 with { InstanceSymbol = Symbol }, OldEmail, NewEmail);

        Assert.Equal(AccessErrorCodes.StaffNotFound, Assert.Single(applied.Errors).Code);
    }

    private static async Task AssertUnchangedAsync(EmailChangeWorld world, StudentRecord record)
    {
        var stored = await world.ReadAsync(record.Id);
        Assert.Equal(record.Version, stored.Version);
        Assert.Equal(record.Guardians.Select(g => g.Email), stored.Guardians.Select(g => g.Email));
    }
}
