using System.Globalization;
using System.Text;
using Uonet.Access.Records;

namespace Uonet.Access.Properties.Tests.Records;

/// <summary>
/// Names, classes and guardians typed into a pupil's record (R1, R2) by the secretary or the class teacher, or read from a
/// CSV file: cleaned once (trimmed, NFC, inner runs of spaces collapsed), refused with the field named when they hold
/// characters no name needs.
/// </summary>
public sealed class RecordTextProperties
{
    private static readonly string[] FieldCodes = [AccessErrorCodes.FieldRequired, AccessErrorCodes.FieldTooLong, AccessErrorCodes.FieldInvalidCharacters];

    private static readonly Gen<string> Names = Gen.Frequency(
        (4, Gen.Elements("Anna", "Łucja", "Zażółć", "Jan Maria", "O'Brien", "Nowak-Kowalska", "Żaneta\u00A0Gęś", "4b", "IIIa")),
        (2, Gen.Elements("Ola", "Ewa", "Piotr").Select(name => "  " + name + "\t\t" + name.ToUpperInvariant() + "  ")),
        (1, Junk.Of("abc ąę\t", 0, 120)));

    private static readonly Arbitrary<string?> Inputs = NearValid.Inputs(Names);

    [Property(MaxTest = Generated.Inputs)]
    public Property TryClean_AnyInput_CleanTextOrAFieldCode_AndCleaningAgainChangesNothing_R1() => Prop.ForAll(Inputs, input =>
    {
        var error = TextRules.TryClean(input, "firstName", StudentRecordLimits.MaxNameLength, out var cleaned);

        if (error is not null)
        {
            Expect.That(FieldCodes.Contains(error.Code) && error.Field == "firstName" && cleaned is null, () => $"{error} for {Shown.Text(input)}");
            return;
        }

        if (cleaned is null)
        {
            Expect.That(input is null || input.Trim().Length == 0, () => Shown.Text(input));
            return;
        }

        string Described() => $"{Shown.Text(input)} → {Shown.Text(cleaned)}";
        Expect.That(cleaned.Length is > 0 and <= StudentRecordLimits.MaxNameLength, Described);
        Expect.That(cleaned == cleaned.Trim() && cleaned.IsNormalized(NormalizationForm.FormC), Described);
        Expect.That(!cleaned.Contains("  ", StringComparison.Ordinal) && !cleaned.Contains('\t', StringComparison.Ordinal), Described);
        Expect.That(cleaned.EnumerateRunes().All(r => Rune.GetUnicodeCategory(r) is not (UnicodeCategory.Control or UnicodeCategory.Format)), Described);
        Expect.That(WellFormed.Utf16(cleaned), Described);
        Expect.That(TextRules.TryClean(cleaned, "firstName", StudentRecordLimits.MaxNameLength, out var again) is null && again == cleaned, Described);
    });

    [Property(MaxTest = Generated.Inputs)]
    public Property CleanClassName_AnyInput_UpperCaseCleanTextOrErrors_AndCleaningAgainChangesNothing_R1() => Prop.ForAll(Inputs, input =>
    {
        var errors = new List<AccessError>();

        var cleaned = RecordValidation.CleanClassName(input, "className", errors);

        if (cleaned is null)
        {
            Expect.That(errors.Count == 1 && FieldCodes.Contains(errors[0].Code) && errors[0].Field == "className", () => Shown.Text(input));
            return;
        }

        var again = RecordValidation.CleanClassName(cleaned, "className", errors);
        Expect.That(errors.Count == 0 && again == cleaned && cleaned == cleaned.ToUpperInvariant(), () => $"{Shown.Text(input)} → {Shown.Text(cleaned)} → {Shown.Text(again)}");
    });

    [Property(MaxTest = Generated.Inputs)]
    public Property CleanGuardian_AnyDetails_GuardianWithCleanFieldsOrErrorsNamingTheirFields_R2() => Prop.ForAll(
        Arb.From(
            from first in NearValid.Inputs(Names).Generator
            from last in NearValid.Inputs(Names).Generator
            from email in NearValid.Inputs(EmailInputs.Valid).Generator
            from pesel in NearValid.Inputs(Gen.Elements("80010112340", "85021513573", "15220123459")).Generator
            from relation in Gen.Choose(-1, 4)
            select new GuardianDetails { FirstName = first, LastName = last, Email = email, Pesel = pesel, Relation = (GuardianRelation)relation }),
        details =>
        {
            var errors = new List<AccessError>();

            var guardian = RecordValidation.CleanGuardian(details, Guid.Empty, "guardians[0].", errors);

            string Described() => $"{Shown.Text(details.FirstName)} {Shown.Text(details.LastName)} {Shown.Text(details.Email)} {Shown.Text(details.Pesel)} {details.Relation}";
            if (guardian is null)
            {
                Expect.That(errors.Count > 0 && errors.TrueForAll(e => e.Field?.StartsWith("guardians[0].", StringComparison.Ordinal) == true), Described);
                return;
            }

            Expect.That(errors.Count == 0 && Enum.IsDefined(guardian.Relation) && (guardian.LastName ?? guardian.Email) is not null, Described);
            Expect.That(guardian.Email is null || (EmailAddress.TryNormalize(guardian.Email, out var email) is null && email == guardian.Email), Described);
            Expect.That(guardian.Pesel is null || Pesel.TryValidate(guardian.Pesel, out _) is null, Described);
            var again = RecordValidation.CleanGuardian(
                new GuardianDetails { FirstName = guardian.FirstName, LastName = guardian.LastName, Email = guardian.Email, Pesel = guardian.Pesel, Relation = guardian.Relation },
                Guid.Empty,
                "guardians[0].",
                errors);
            Expect.That(errors.Count == 0 && again == guardian, Described);
        });
}
