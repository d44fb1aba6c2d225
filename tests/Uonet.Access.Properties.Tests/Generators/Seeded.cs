namespace Uonet.Access.Properties.Tests.Generators;

/// <summary>
/// Values built from one seed that FsCheck draws: much cheaper than composing a generator per character, which matters
/// at 100,000 inputs per property, and still replayed exactly from FsCheck's reported seed.
/// </summary>
internal static class Seeded
{
    public static Gen<T> From<T>(Func<Random, T> build) =>
        Gen.Choose(int.MinValue, int.MaxValue).Select(seed => build(new Random(seed)));

    public static T Pick<T>(this Random random, IReadOnlyList<T> items) => items[random.Next(items.Count)];

    public static string Text(this Random random, string alphabet, int minLength, int maxLength) =>
        string.Create(random.Next(minLength, maxLength + 1), (random, alphabet), static (span, state) =>
        {
            for (var i = 0; i < span.Length; i++)
            {
                span[i] = state.alphabet[state.random.Next(state.alphabet.Length)];
            }
        });

    public static bool Chance(this Random random, int oneIn) => random.Next(oneIn) == 0;
}
