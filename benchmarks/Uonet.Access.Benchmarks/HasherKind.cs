using Microsoft.Extensions.DependencyInjection;
using Uonet.Access.DependencyInjection;

namespace Uonet.Access.Benchmarks;

/// <summary>The password hashers a host can choose; both write the same PHC strings.</summary>
public enum HasherKind
{
    /// <summary>The library's default, Argon2id on Konscious.Security.Cryptography (managed code).</summary>
    Konscious = 0,

    /// <summary>Argon2id on libsodium: <c>UseSodiumHasher()</c> of Uonet.Access.Sodium.</summary>
    Sodium = 1,
}

internal static class BenchmarkHashers
{
    /// <summary>Chooses the hasher the way a host does.</summary>
    public static UonetAccessBuilder Use(this UonetAccessBuilder builder, HasherKind kind) =>
        kind == HasherKind.Sodium ? builder.UseSodiumHasher() : builder;
}
