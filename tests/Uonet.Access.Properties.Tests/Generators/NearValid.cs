using System.Text;

namespace Uonet.Access.Properties.Tests.Generators;

/// <summary>
/// Inputs close to valid ones — where parsers break: a valid value with a piece replaced, removed, inserted or
/// doubled, truncated, extended, neighbours swapped, a letter's case flipped, or blown up to a huge length.
/// </summary>
internal static class NearValid
{
    /// <summary>Lengths at and past the limits of the parsers (254, 512, 4,096 …) and far beyond them.</summary>
    private static readonly int[] HugeLengths = [255, 256, 513, 4097, 70_000];

    /// <summary>A valid value as it is (one in eight), mutated once, or mutated twice; rarely blown up to a huge length.</summary>
    public static Gen<string> From(Gen<string> valid) => valid.SelectMany(value => Seeded.From(random => random.Next(17) switch
    {
        < 2 => value,
        < 12 => Mutate(random, value),
        < 16 => Mutate(random, Mutate(random, value)),
        _ => Huge(random, value),
    }));

    /// <summary>
    /// The inputs of a parser that takes a string: near-valid values (three quarters), junk, and now and then
    /// <see langword="null"/>; failing inputs shrink by halves and by single characters.
    /// </summary>
    public static Arbitrary<string?> Inputs(Gen<string> valid) => Arb.From(
        Gen.Frequency(
            (24, From(valid).Select(s => (string?)s)),
            (8, Junk.Text.Select(s => (string?)s)),
            (1, Gen.Constant<string?>(null))),
        Shrink);

    /// <summary>The same without <see langword="null"/>, for parameters that document an <see cref="ArgumentNullException"/>.</summary>
    public static Arbitrary<string> NonNullInputs(Gen<string> valid) => Arb.From(
        Gen.Frequency((3, From(valid)), (1, Junk.Text)),
        s => Shrink(s).OfType<string>());

    public static IEnumerable<string?> Shrink(string? text)
    {
        if (string.IsNullOrEmpty(text))
        {
            yield break;
        }

        yield return text[..(text.Length / 2)];
        yield return text[(text.Length / 2)..];
        for (var i = 0; i < Math.Min(text.Length, 64); i++)
        {
            yield return text.Remove(i, 1);
        }
    }

    /// <summary>One mutation of <paramref name="text"/>.</summary>
    public static string Mutate(Random random, string text)
    {
        var at = random.Next(Math.Max(1, text.Length));
        var operation = text.Length == 0 ? 4 : random.Next(14);
        return operation switch
        {
            < 4 => string.Concat(text.AsSpan(0, at), Junk.NewPiece(random), text.AsSpan(at + 1)),
            < 7 => text.Insert(random.Next(text.Length + 1), Junk.NewPiece(random)),
            < 9 => text.Remove(at, 1),
            9 => text[..random.Next(text.Length + 1)],
            10 => text + Junk.NewText(random, 20),
            11 when text.Length > 1 && at < text.Length - 1 => string.Concat(text.AsSpan(0, at), text.AsSpan(at + 1, 1), text.AsSpan(at, 1), text.AsSpan(at + 2)),
            12 => string.Concat(text.AsSpan(0, at), char.IsUpper(text[at]) ? char.ToLowerInvariant(text[at]).ToString() : char.ToUpperInvariant(text[at]).ToString(), text.AsSpan(at + 1)),
            _ => text.Insert(at, text[at..random.Next(at + 1, text.Length + 1)]),
        };
    }

    private static string Huge(Random random, string text)
    {
        var length = random.Pick(HugeLengths);
        var unit = text.Length == 0 ? "a" : text;
        return new StringBuilder(length + unit.Length).Insert(0, unit, (length / unit.Length) + 1).ToString(0, length);
    }
}
