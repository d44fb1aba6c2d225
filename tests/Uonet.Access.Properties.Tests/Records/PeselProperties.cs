using Uonet.Access.Records;

namespace Uonet.Access.Properties.Tests.Records;

/// <summary>
/// PESEL (R1, R2: pupils' and, where the unit asks, guardians' records) checked against <see cref="IndependentPesel"/>,
/// an implementation written from the definition that shares no code with the library.
/// </summary>
public sealed class PeselProperties
{
    private static readonly DateOnly First = new(1800, 1, 1);
    private static readonly int Days = new DateOnly(2299, 12, 31).DayNumber - First.DayNumber;

    private static readonly Gen<DateOnly> BirthDates = Gen.Choose(0, Days).Select(First.AddDays);

    private static readonly Gen<string> ValidPesels = BirthDates.SelectMany(date => Gen.Choose(0, 9999).Select(serial => IndependentPesel.For(date, serial)));

    // Ten random digits with the right control digit: the checksum passes, so the date rules decide.
    private static readonly Gen<string> ChecksumOnly = Junk.Of("0123456789", 10, 10).Select(digits =>
    {
        var sum = digits.Select((c, i) => (c - '0') * new[] { 1, 3, 7, 9, 1, 3, 7, 9, 1, 3 }[i]).Sum();
        return digits + (char)('0' + ((10 - (sum % 10)) % 10));
    });

    private static readonly Gen<string> Typed = Gen.Frequency(
        (4, ValidPesels),
        (3, ChecksumOnly),
        (2, Junk.Of("0123456789", 11, 11)),
        (1, Junk.Of("0123456789", 0, 14)),
        (1, ValidPesels.Select(p => string.Concat(p.Select(c => (char)(c - '0' + '\uFF10'))))),
        (1, ValidPesels.Select(p => " " + p + "\u00A0")));

    private static readonly Arbitrary<string?> Inputs = NearValid.Inputs(Typed);

    [Property(MaxTest = Generated.Inputs)]
    public Property TryValidate_AnyInput_AgreesWithAnIndependentImplementation_R1() => Prop.ForAll(Inputs, input =>
    {
        var expected = IndependentPesel.Refusal(input);

        var error = Pesel.TryValidate(input, out var pesel);

        Expect.That(error?.Code == expected, () => $"{Shown.Text(input)}: library {error?.Code ?? "valid"}, independent {expected ?? "valid"}");
        Assert.Equal(error is null ? input!.Trim() : string.Empty, pesel);
        Assert.Equal(expected, Pesel.Validate(input).Error?.Code);
    });

    [Property(MaxTest = Generated.Inputs)]
    public Property TryGetBirthDate_AnyText_AgreesWithAnIndependentCalendar_R1() => Prop.ForAll(NearValid.NonNullInputs(Typed), digits =>
    {
        Expect.That(Pesel.TryGetBirthDate(digits) == IndependentPesel.BirthDate(digits), () => Shown.Text(digits));
    });

    [Property(MaxTest = Generated.Inputs)]
    public Property TryValidate_GeneratedFromABirthDate_AcceptedAndDecodesThatDate_R1() => Prop.ForAll(
        Arb.From(BirthDates.SelectMany(date => Gen.Choose(0, 9999).Select(serial => (date, serial)))),
        generated =>
        {
            var pesel = IndependentPesel.For(generated.date, generated.serial);

            Assert.True(Pesel.TryValidate(pesel, out var valid) is null && valid == pesel, pesel);
            Assert.Equal(generated.date, Pesel.TryGetBirthDate(pesel));
        });

    // The weights 1, 3, 7 and 9 are prime to 10, so the control digit changes with every single digit: one typo never passes.
    [Property(MaxTest = Generated.Inputs)]
    public Property TryValidate_OneDigitMistyped_IsRefused_R1() => Prop.ForAll(
        Arb.From(ValidPesels.SelectMany(pesel => Gen.Choose(0, 10).SelectMany(at => Gen.Choose(1, 9).Select(shift => (pesel, at, shift))))),
        typo =>
        {
            var digits = typo.pesel.ToCharArray();
            digits[typo.at] = (char)('0' + ((digits[typo.at] - '0' + typo.shift) % 10));
            var mistyped = new string(digits);

            Expect.That(Pesel.TryValidate(mistyped, out _) is not null, () => $"{typo.pesel} with a typo: {mistyped}");
        });
}
