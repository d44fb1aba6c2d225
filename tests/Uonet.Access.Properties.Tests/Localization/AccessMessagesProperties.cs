using System.Globalization;
using Uonet.Access.Localization;

namespace Uonet.Access.Properties.Tests.Localization;

/// <summary>
/// Error texts are read to a parent on the phone; their arguments carry what was typed (a CSV column name, a relation,
/// a maintenance message). Describing any code with any arguments in any culture answers a text, never an exception.
/// </summary>
public sealed class AccessMessagesProperties
{
    private static readonly CultureInfo[] Cultures = [new("pl-PL"), new("en-GB"), new("de-DE"), CultureInfo.InvariantCulture];

    private static readonly Gen<string> Fields = Gen.Elements(
        "email", "guardians[0].firstName", "guardians[12].pesel", "opiekun1_relacja", "guardians[x].email", "a.b", "[0].email", "password");

    private static readonly Gen<IReadOnlyDictionary<string, string>> Arguments = Gen.Choose(0, 4).SelectMany(n => Gen.ArrayOf(
        from name in Gen.Frequency((3, Gen.Elements("field", "max", "min", "value", "row", "columns", "reason", "message", "message.en")), (1, Junk.Text))
        from value in Gen.Frequency((2, NearValid.NonNullInputs(Fields).Generator), (1, Junk.Text))
        select (name, value), n))
        .Select(pairs => (IReadOnlyDictionary<string, string>)pairs.DistinctBy(p => p.name).ToDictionary(p => p.name, p => p.value));

    private static readonly Gen<string> Codes = Gen.Frequency((4, Gen.Elements(AccessMessages.KnownCodes.ToArray())), (1, Junk.Text.Where(code => code.Length > 0)));

    [Property(MaxTest = Generated.Inputs)]
    public Property Describe_AnyCodeArgumentsAndCulture_AnswersANonBlankText() => Prop.ForAll(
        Arb.From(Codes),
        Arb.From(Arguments),
        Arb.From(Gen.Elements(Cultures)),
        (code, arguments, culture) =>
        {
            var text = AccessMessages.Describe(code, arguments, culture);

            Expect.That(!string.IsNullOrWhiteSpace(text) || string.IsNullOrWhiteSpace(code), () => $"{Shown.Text(code)} {string.Join(", ", arguments.Select(a => Shown.Text(a.Key) + "=" + Shown.Text(a.Value)))}");
        });

    [Property(MaxTest = Generated.Inputs)]
    public Property FieldLabel_AnyFieldName_AnswersALabelInBothLanguages() => Prop.ForAll(NearValid.NonNullInputs(Fields), field =>
    {
        Assert.NotNull(AccessMessages.FieldLabel(field, polish: true));
        Assert.NotNull(AccessMessages.FieldLabel(field, polish: false));
    });
}
