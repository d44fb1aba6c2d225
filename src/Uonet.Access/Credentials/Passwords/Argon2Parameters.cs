namespace Uonet.Access.Credentials.Passwords;

/// <summary>The Argon2 cost parameters that go into a hash (and into its PHC string).</summary>
/// <param name="MemoryKiB">Memory in KiB (<c>m</c>).</param>
/// <param name="Iterations">Passes over memory (<c>t</c>).</param>
/// <param name="Parallelism">Lanes (<c>p</c>).</param>
public readonly record struct Argon2Parameters(int MemoryKiB, int Iterations, int Parallelism);
