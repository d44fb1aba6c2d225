namespace Uonet.Access.Properties.Tests.Generators;

/// <summary>How many inputs every property draws: issue 9 asks for at least 100,000 per parser of outside input.</summary>
internal static class Generated
{
    public const int Inputs = 100_000;
}
