using System.Globalization;
using System.Text;

namespace Uonet.Access.Properties.Tests.Records;

/// <summary>Valid e-mail addresses as parents type them (R3), to mutate into near-valid ones.</summary>
internal static class EmailInputs
{
    private const string AtomAscii = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789!#$%&'*+-/=?^_`{|}~";
    private const string LabelAscii = "abcdefghijklmnopqrstuvwxyz0123456789";

    private static readonly IdnMapping Idn = new();

    private static readonly string[] UnicodeLabels = ["zażółć", "gęślą", "jaźń", "müller", "łódź", "straße", "ñandú", "παράδειγμα", "пример"];

    private static readonly string[] TopLevel = ["pl", "com", "edu.pl", "gov.pl", "org", "eu", "xn--p1ai", "москва"];

    private static Gen<string> Atom { get; } = Gen.Frequency(
        (6, Junk.Of(AtomAscii, 1, 12)),
        (1, Gen.Elements(Junk.PolishLetters).SelectMany(letter => Junk.Of(AtomAscii, 0, 6).Select(rest => letter + rest))));

    private static Gen<string> LocalPart { get; } = Gen.Choose(1, 3).SelectMany(n => Gen.ArrayOf(Atom, n)).Select(atoms => string.Join('.', atoms));

    private static Gen<string> AsciiLabel { get; } = Junk.Of(LabelAscii, 1, 10).SelectMany(label => Gen.Frequency(
        (4, Gen.Constant(label)),
        (1, Junk.Of(LabelAscii, 1, 5).Select(tail => label + "-" + tail))));

    private static Gen<string> Label { get; } = Gen.Frequency(
        (6, AsciiLabel),
        (1, Gen.Elements(UnicodeLabels)),
        (1, Gen.Elements(UnicodeLabels).Select(Idn.GetAscii)));

    private static Gen<string> Domain { get; } = Gen.Choose(1, 3)
        .SelectMany(n => Gen.ArrayOf(Label, n))
        .SelectMany(labels => Gen.Elements(TopLevel).Select(tld => string.Join('.', labels) + "." + tld));

    /// <summary>A valid address, sometimes typed with capitals, spaces around it, or decomposed letters.</summary>
    public static Gen<string> Valid { get; } = LocalPart.SelectMany(local => Domain.Select(domain => local + "@" + domain)).SelectMany(address => Gen.Frequency(
        (6, Gen.Constant(address)),
        (1, Gen.Constant(address.ToUpperInvariant())),
        (1, Gen.Constant(" " + address + "\t")),
        (1, Gen.Constant(address.Normalize(NormalizationForm.FormD)))));

    /// <summary>
    /// The same login typed differently: ASCII letters in another case, decomposed letters, whitespace around it — every
    /// difference the documented normal form (trim, NFC, lower case) takes away.
    /// </summary>
    public static Gen<string> Retyped(string address) => Gen.Elements(" ", "\t", "\u00A0", "\u3000", string.Empty).SelectMany(space =>
        Gen.ArrayOf(Gen.Elements(true, false), address.Length).Select(flips =>
        {
            var builder = new StringBuilder(space);
            for (var i = 0; i < address.Length; i++)
            {
                var c = address[i];
                builder.Append(flips[i] && char.IsAsciiLetter(c) ? (char)(c ^ 0x20) : c);
            }

            return builder.Append(space).ToString().Normalize(NormalizationForm.FormD);
        }));
}
