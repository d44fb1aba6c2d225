using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Uonet.Access;
using Uonet.Access.Credentials;
using Uonet.Access.DependencyInjection;
using Uonet.Access.Sodium;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers <see cref="SodiumArgon2idPasswordHasher"/> as the password hasher of Uonet.Access.</summary>
public static class SodiumUonetAccessBuilderExtensions
{
    /// <summary>
    /// Hashes passwords with libsodium's Argon2id: <c>services.AddUonetAccess(...).UseSodiumHasher()</c>. It replaces
    /// the default hasher (or one registered before); repeated calls are safe. Existing hashes keep verifying, since the
    /// PHC strings are the same. When the host starts, the options are checked for what libsodium can compute
    /// (<c>Parallelism = 1</c>, <c>SaltLength = 16</c>, <c>HashLength ≥ 16</c>), every problem reported together.
    /// </summary>
    /// <param name="builder">The builder from <c>AddUonetAccess</c>.</param>
    public static UonetAccessBuilder UseSodiumHasher(this UonetAccessBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<UonetAccessOptions>, SodiumHashingOptionsValidator>());
        builder.Services.Replace(ServiceDescriptor.Singleton<IPasswordHasher, SodiumArgon2idPasswordHasher>());
        return builder;
    }
}
