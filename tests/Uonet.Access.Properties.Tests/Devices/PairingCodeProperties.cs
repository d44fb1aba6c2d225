using System.Globalization;
using Uonet.Access.Devices;

namespace Uonet.Access.Properties.Tests.Devices;

/// <summary>
/// The token and PIN of a pairing ticket (R7) as the app reads them from the QR code or a parent types them from the
/// screen: any case, spaces and dashes anywhere, nothing else; look-alikes are refused, never guessed.
/// </summary>
public sealed class PairingCodeProperties
{
    private static readonly string[] Separators = [" ", "\t", "-", "\u2010", "\u2011", "\u2013", "\u2014", "\u00A0"];

    // What a symbol of the alphabet may be mistaken for: digits and letters it excludes, and other scripts' twins.
    private static readonly string[] LookAlikes = ["0", "O", "o", "1", "I", "i", "l", "L", "\u0410", "\u0412", "\u0421", "\u03A1", "\uFF21", "\uFF12", "\u2168"];

    private static readonly Gen<string> Tokens = Gen.ArrayOf(Gen.Elements(PairingCode.Alphabet.ToCharArray()), PairingCode.TokenLength).Select(symbols => new string(symbols));

    private static readonly Gen<string> Pins = Gen.Choose(0, 999_999).Select(pin => pin.ToString("D6", CultureInfo.InvariantCulture));

    /// <summary>A token as a person may type it: other case, separators between and around symbols.</summary>
    private static readonly Gen<(string Token, string Typed)> TypedTokens =
        from token in Tokens
        from lower in Gen.ArrayOf(Gen.Elements(true, false), PairingCode.TokenLength)
        from gaps in Gen.ArrayOf(Gen.Frequency((3, Gen.Constant(string.Empty)), (1, Gen.Elements(Separators))), PairingCode.TokenLength + 1)
        select (token, gaps[0] + string.Concat(token.Select((c, i) => (lower[i] ? char.ToLowerInvariant(c) : c) + gaps[i + 1])));

    [Property(MaxTest = Generated.Inputs)]
    public Property Normalize_AnyInput_EightAlphabetSymbolsOrNull_AndNormalizingAgainChangesNothing_R7() =>
        Prop.ForAll(NearValid.Inputs(TypedTokens.Select(t => t.Typed)), typed =>
        {
            var token = PairingCode.Normalize(typed);

            if (token is not null)
            {
                Expect.That(token.Length == PairingCode.TokenLength && token.All(c => PairingCode.Alphabet.Contains(c, StringComparison.Ordinal)), () => Shown.Text(typed));
                Expect.That(PairingCode.Normalize(token) == token && PairingCode.Normalize(PairingCode.Display(token)) == token, () => Shown.Text(typed));
            }
        });

    [Property(MaxTest = Generated.Inputs)]
    public Property Normalize_TypedInAnyCaseWithSeparators_GivesTheToken_R7() => Prop.ForAll(Arb.From(TypedTokens), pair =>
    {
        Expect.That(PairingCode.Normalize(pair.Typed) == pair.Token, () => $"{Shown.Text(pair.Typed)} is not {pair.Token}");
    });

    [Property(MaxTest = Generated.Inputs)]
    public Property Normalize_OneSymbolReplacedByALookAlike_IsRefused_R7() => Prop.ForAll(
        Arb.From(
            from pair in TypedTokens
            from at in Gen.Choose(0, PairingCode.TokenLength - 1)
            from lookAlike in Gen.Elements(LookAlikes)
            select pair.Token[..at] + lookAlike + pair.Token[(at + 1)..]),
        typed =>
        {
            Expect.That(PairingCode.Normalize(typed) is null, () => Shown.Text(typed));
        });

    [Property(MaxTest = Generated.Inputs)]
    public Property NormalizePin_AnyInput_SixAsciiDigitsOrNull_SpacesIgnored_R7() => Prop.ForAll(
        NearValid.Inputs(Pins.SelectMany(pin => Gen.Elements(pin, pin[..3] + " " + pin[3..], " " + pin + "\t", pin + "\u3000"))),
        typed =>
        {
            var pin = PairingCode.NormalizePin(typed);

            var digits = typed is null || typed.Length > 64 ? null : string.Concat(typed.Where(c => !char.IsWhiteSpace(c)));
            var expected = digits is { Length: PairingCode.PinLength } && digits.All(char.IsAsciiDigit) ? digits : null;
            Expect.That(pin == expected, () => $"{Shown.Text(typed)}: {Shown.Text(pin)}");
        });
}
