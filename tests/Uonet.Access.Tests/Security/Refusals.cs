namespace Uonet.Access.Tests.Security;

/// <summary>Assertions on refusals that name the forged input when they fail.</summary>
internal static class Refusals
{
    /// <summary>Asserts <paramref name="result"/> refuses with exactly one error, of <paramref name="code"/>.</summary>
    public static void AssertRefused(this AccessResult result, string code, string input)
    {
        Assert.False(result.Succeeded, $"accepted: {input}");
        Assert.True(result.Errors.Count == 1 && result.Errors[0].Code == code, $"{input}: {result} instead of {code}");
    }
}
