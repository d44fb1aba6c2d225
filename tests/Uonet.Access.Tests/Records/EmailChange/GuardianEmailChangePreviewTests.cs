using System.Globalization;
using Uonet.Access.Eligibility;
using Uonet.Access.Records;
using static Uonet.Access.Tests.Records.EmailChange.EmailChangeWorld;
using static Uonet.Access.Tests.TestSchool;

namespace Uonet.Access.Tests.Records.EmailChange;

/// <summary>
/// <see cref="GuardianEmailChange.PreviewAsync"/> (R9, FAQ 8: "change it in every child's record"): which records the
/// staff member would change, and which only someone else may change, with who.
/// </summary>
public sealed class GuardianEmailChangePreviewTests
{
    [Fact]
    public async Task Preview_ClassTeacherOf4A_Sp1Class4AChangedOtherClassAndUnitNotEditableWithWhoCan_R9()
    {
        await using var world = await EmailChangeWorld.CreateAsync();
        var ola = await world.AddOlaAsync();
        var piotr = await world.AddPiotrAsync();
        var zosia = await world.AddZosiaAsync();

        var preview = await world.EmailChange.PreviewAsync(TeacherSp1Class4A, " Anna.Nowak@Example.PL ", NewEmail);

        Assert.True(preview.Succeeded, preview.ToString());
        Assert.Equal(OldEmail, preview.Value.OldEmail);
        Assert.Equal(NewEmail, preview.Value.NewEmail);
        var changed = Assert.Single(preview.Value.Changed);
        Assert.Equal((ola.Id, "Ola Nowak", Sp1, "Szkoła Podstawowa nr 1", "4A"), (changed.StudentId, changed.PupilName, changed.UnitCode, changed.UnitName, changed.ClassName));
        Assert.Equal([piotr.Id, zosia.Id], preview.Value.NotEditable.Select(r => r.StudentId));
        Assert.Equal(
            new[]
            {
                (FixAuthorityKind.SecretaryOrClassTeacher, Sp1, "Szkoła Podstawowa nr 1", "1B"),
                (FixAuthorityKind.SecretaryOrClassTeacher, Sp2, "Szkoła Podstawowa nr 2", "2C"),
            },
            preview.Value.NotEditable.Select(r => (r.EditableBy.Kind, r.EditableBy.UnitCode!, r.EditableBy.UnitName!, r.EditableBy.ClassName!)));
        Assert.Equal("sekretarz szkoły „Szkoła Podstawowa nr 2” lub wychowawca klasy 2C", preview.Value.NotEditable[1].EditableBy.Describe(CultureInfo.GetCultureInfo("pl-PL")));
    }

    [Fact]
    public async Task Preview_ChangesNothing_R9()
    {
        await using var world = await EmailChangeWorld.CreateAsync();
        var ola = await world.AddOlaAsync();

        var preview = await world.EmailChange.PreviewAsync(SecretarySp1, OldEmail, NewEmail);

        Assert.True(preview.Succeeded, preview.ToString());
        var stored = await world.ReadAsync(ola.Id);
        Assert.Equal(ola.Version, stored.Version);
        Assert.Equal(OldEmail, Assert.Single(stored.Guardians).Email);
        Assert.Single(await world.Store.ListAuditAsync(Symbol, ola.Id, 10, default));
    }

    [Fact]
    public async Task Preview_SecretaryOfSp1_EveryRecordOfTheUnitChangedByClassOtherUnitNotEditable_R9()
    {
        await using var world = await EmailChangeWorld.CreateAsync();
        var ola = await world.AddOlaAsync();
        var piotr = await world.AddPiotrAsync();
        var zosia = await world.AddZosiaAsync();

        var preview = await world.EmailChange.PreviewAsync(SecretarySp1, OldEmail, NewEmail);

        Assert.Equal([piotr.Id, ola.Id], preview.Value.Changed.Select(r => r.StudentId));
        Assert.Equal(zosia.Id, Assert.Single(preview.Value.NotEditable).StudentId);
    }

    [Fact]
    public async Task Preview_Administrator_EditsNoRecordSoEveryRecordNotEditable()
    {
        await using var world = await EmailChangeWorld.CreateAsync();
        await world.AddOlaAsync();
        await world.AddZosiaAsync();

        var preview = await world.EmailChange.PreviewAsync(Administrator, OldEmail, NewEmail);

        Assert.True(preview.Succeeded, preview.ToString());
        Assert.Empty(preview.Value.Changed);
        Assert.Equal(2, preview.Value.NotEditable.Count);
    }

    [Fact]
    public async Task Preview_OldAddressOnlyAPupilsOwn_IsNothingToChange()
    {
        await using var world = await EmailChangeWorld.CreateAsync();
        await world.School.AddStudentAsync(Sp1, "4a", "Ola", "Nowak", Pesels[0], OldEmail);

        var preview = await world.EmailChange.PreviewAsync(SecretarySp1, OldEmail, NewEmail);

        Assert.Equal(new AccessError(AccessErrorCodes.EmailChangeNothingToChange, "oldEmail"), Assert.Single(preview.Errors));
    }

    [Fact]
    public async Task Preview_OldAddressOnlyInAnotherInstance_IsNothingToChange_R6()
    {
        await using var world = await EmailChangeWorld.CreateAsync();
        await world.School.AddStudentAsync(Lo1, "1a", "Ola", "Nowak", Pesels[0], null, Mother());

        var preview = await world.EmailChange.PreviewAsync(SecretarySp1, OldEmail, NewEmail);

        Assert.Equal(AccessErrorCodes.EmailChangeNothingToChange, Assert.Single(preview.Errors).Code);
    }

    [Fact]
    public async Task Preview_SameAddressTypedDifferently_IsSameAddress()
    {
        await using var world = await EmailChangeWorld.CreateAsync();
        await world.AddOlaAsync();

        var preview = await world.EmailChange.PreviewAsync(SecretarySp1, OldEmail, " ANNA.NOWAK@example.pl");

        Assert.Equal(new AccessError(AccessErrorCodes.EmailChangeSameAddress, "newEmail"), Assert.Single(preview.Errors));
    }

    [Fact]
    public async Task Preview_BothAddressesInvalid_ReportsEachOnItsField()
    {
        await using var world = await EmailChangeWorld.CreateAsync();

        var preview = await world.EmailChange.PreviewAsync(SecretarySp1, "anna.nowak", "");

        Assert.Equal(
            [new AccessError(AccessErrorCodes.EmailFormat, "oldEmail"), new AccessError(AccessErrorCodes.EmailRequired, "newEmail")],
            preview.Errors);
    }

    [Fact]
    public async Task Preview_UnknownActor_IsStaffNotFound()
    {
        await using var world = await EmailChangeWorld.CreateAsync();
        await world.AddOlaAsync();

        var preview = await world.EmailChange.PreviewAsync(new StaffActor(Symbol, "rodzic@example.pl"), OldEmail, NewEmail);

        Assert.Equal(AccessErrorCodes.StaffNotFound, Assert.Single(preview.Errors).Code);
    }

    [Fact]
    public async Task Preview_NewAddressIsThePupilsOwn_IsGuardianEmailSameAsStudentNamingThePupil_R2()
    {
        await using var world = await EmailChangeWorld.CreateAsync();
        await world.AddOlaAsync();
        var piotr = await world.AddPiotrAsync(ownEmail: NewEmail);

        var preview = await world.EmailChange.PreviewAsync(SecretarySp1, OldEmail, NewEmail);

        var error = Assert.Single(preview.Errors);
        Assert.Equal(new AccessError(AccessErrorCodes.GuardianEmailSameAsStudent, "newEmail"), error);
        Assert.Equal(piotr.Id.ToString(), error.Arguments["studentId"]);
        Assert.Equal("Piotr Nowak", error.Arguments["pupil"]);
    }
}
