using System.Text;
using Uonet.Access.Credentials;

namespace Uonet.Access.Properties.Tests.Credentials;

/// <summary>
/// The password typed at the first login (R3, R4) and the person data it is checked against: every rule it breaks is
/// reported with a password code, never an exception; the normal form (NFKC) is stable; an accepted password stays
/// accepted in its normal form, which is what gets hashed.
/// </summary>
public sealed class PasswordPolicyProperties
{
    private static readonly string[] PasswordCodes =
    [
        AccessErrorCodes.PasswordRequired, AccessErrorCodes.PasswordTooShort, AccessErrorCodes.PasswordTooLong,
        AccessErrorCodes.PasswordInvalidCharacters, AccessErrorCodes.PasswordCommon, AccessErrorCodes.PasswordPredictable,
        AccessErrorCodes.PasswordContainsServiceName, AccessErrorCodes.PasswordContainsEmail, AccessErrorCodes.PasswordContainsName,
        AccessErrorCodes.PasswordContainsPesel,
    ];

    private static readonly PasswordPolicy Policy = new(new PasswordPolicyOptions());

    private static readonly Gen<string> Passwords = Gen.Elements(
        "kot ma ale i psa burka", "zielone jabłka spadają jesienią", "Hasło123!", "password2024", "qwertyuiop", "aaaaaaaaaaaa",
        "anna.nowak1985", "Ola Nowak 80010112340", "ｐａｓｓｗｏｒｄ１２３", "ﬁrefox ﬁrefox ﬁrefox", "🐈‍⬛ kot czarny 🐈‍⬛", "uonet-dzienniczek");

    private static readonly Gen<PasswordContext> Contexts =
        from email in NearValid.Inputs(Gen.Constant("anna.nowak@example.pl")).Generator
        from names in Gen.ArrayOf(NearValid.Inputs(Gen.Elements("Anna", "Nowak", "Anna-Maria", "Żaneta")).Generator, 2)
        from pesels in Gen.ArrayOf(NearValid.Inputs(Gen.Constant("80010112340")).Generator, 1)
        select new PasswordContext { Email = email, Names = [.. names.OfType<string>()], Pesels = [.. pesels.OfType<string>()] };

    [Property(MaxTest = Generated.Inputs)]
    public Property Validate_AnyPasswordAndPersonData_SucceedsOrReportsPasswordCodes_R3() => Prop.ForAll(
        NearValid.Inputs(Passwords),
        Arb.From(Contexts),
        (password, context) =>
        {
            var verdict = Policy.Validate(password, context);

            Expect.That(verdict.Errors.All(e => PasswordCodes.Contains(e.Code) && e.Field == "password"), () => $"{Shown.Text(password)}: {verdict}");
            Expect.That(verdict.Errors.Select(e => e.Code).Distinct().Count() == verdict.Errors.Count, () => $"{Shown.Text(password)}: {verdict}");
        });

    [Property(MaxTest = Generated.Inputs)]
    public Property Normalize_AnyPassword_NormalizingAgainChangesNothing_R3() => Prop.ForAll(NearValid.NonNullInputs(Passwords), password =>
    {
        var normalized = PasswordPolicy.Normalize(password);

        Expect.That(PasswordPolicy.Normalize(normalized) == normalized, () => $"{Shown.Text(password)} → {Shown.Text(normalized)}");
        Expect.That(WellFormed.Normalizable(password) ? normalized.IsNormalized(NormalizationForm.FormKC) : normalized == password, () => Shown.Text(password));
    });

    [Property(MaxTest = Generated.Inputs)]
    public Property Validate_Accepted_NormalFormIsAcceptedToo_R3() => Prop.ForAll(NearValid.Inputs(Passwords), password =>
    {
        var context = new PasswordContext { Email = "anna.nowak@example.pl", Names = ["Anna", "Nowak"], Pesels = ["80010112340"] };
        if (Policy.Validate(password, context).Succeeded)
        {
            Expect.That(Policy.Validate(PasswordPolicy.Normalize(password!), context).Succeeded, () => Shown.Text(password));
        }
    });
}
