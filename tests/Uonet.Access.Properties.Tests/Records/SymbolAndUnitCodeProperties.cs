using System.Text.RegularExpressions;
using Uonet.Access.Records;

namespace Uonet.Access.Properties.Tests.Records;

/// <summary>
/// The instance symbol is the path segment of the system address (R6: <c>/gminawulkanowo/</c>) and the unit code names a
/// school in CSV files and forms; both arrive typed, pasted or inside URLs.
/// </summary>
public sealed partial class SymbolAndUnitCodeProperties
{
    private static readonly Gen<string> Symbols = Gen.Frequency(
        (4, Junk.Of("abcdefghijklmnopqrstuvwxyz0123456789", 2, 20)),
        (2, Junk.Of("abcdefghijklmnopqrstuvwxyz0123456789-", 2, 64)),
        (1, Gen.Elements("gminawulkanowo", "powiat-wulkanowy", "GminaWulkanowo", " warszawa ", "../gminawulkanowo", "gmina%2fwulkanowo", "gmina/wulkanowo")));

    private static readonly Gen<string> UnitCodes = Gen.Frequency(
        (4, Junk.Of("ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789", 1, 8)),
        (2, Junk.Of("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_", 1, 32)),
        (1, Gen.Elements("SP1", "sp-2", "LO_1", " ZS3 ", "..", "SP1/../SP2")));

    [Property(MaxTest = Generated.Inputs)]
    public Property InstanceSymbol_AnyInput_AcceptedExactlyWhenTwoTo64AsciiLettersDigitsAndInnerHyphens_R6() =>
        Prop.ForAll(NearValid.Inputs(Symbols), input =>
        {
            var trimmed = input?.Trim();
            var documented = trimmed is not null && DocumentedSymbol().IsMatch(trimmed);

            var error = InstanceSymbol.TryNormalize(input, out var symbol);

            Expect.That((error is null) == documented, () => $"{Shown.Text(input)}: {error?.Code ?? "accepted as " + Shown.Text(symbol)}");
            Assert.Equal(documented ? trimmed!.ToLowerInvariant() : string.Empty, symbol);
            Assert.True(error is null || error.Code == AccessErrorCodes.InstanceSymbolInvalid);
        });

    [Property(MaxTest = Generated.Inputs)]
    public Property InstanceSymbol_Accepted_NormalFormIsAcceptedUnchanged_R6() => Prop.ForAll(NearValid.Inputs(Symbols), input =>
    {
        if (InstanceSymbol.TryNormalize(input, out var symbol) is null)
        {
            Expect.That(InstanceSymbol.TryNormalize(symbol, out var again) is null && again == symbol, () => Shown.Text(input));
        }
    });

    [Property(MaxTest = Generated.Inputs)]
    public Property UnitCode_AnyInput_AcceptedExactlyWhenOneTo32AsciiLettersDigitsHyphensUnderscores_StoredUpperCase() =>
        Prop.ForAll(NearValid.Inputs(UnitCodes), input =>
        {
            var trimmed = input?.Trim();
            var documented = trimmed is not null && DocumentedUnitCode().IsMatch(trimmed);

            var error = UnitCode.TryNormalize(input, out var code);

            Expect.That((error is null) == documented, () => $"{Shown.Text(input)}: {error?.Code ?? "accepted as " + Shown.Text(code)}");
            Assert.Equal(documented ? trimmed!.ToUpperInvariant() : string.Empty, code);
            Assert.True(error is null || error.Code == AccessErrorCodes.UnitCodeInvalid);
            Assert.True(error is not null || (UnitCode.TryNormalize(code, out var again) is null && again == code));
        });

    // ASCII classes written out (no \w, no IgnoreCase folding); \z, because $ would also match before a final line feed.
    [GeneratedRegex(@"^(?=.{2,64}\z)[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?\z", RegexOptions.CultureInvariant)]
    private static partial Regex DocumentedSymbol();

    [GeneratedRegex(@"^[A-Za-z0-9_-]{1,32}\z", RegexOptions.CultureInvariant)]
    private static partial Regex DocumentedUnitCode();
}
