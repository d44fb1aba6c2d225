using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Uonet.Access.Credentials;
using Uonet.Access.Credentials.Passwords;

namespace Uonet.Access.Sodium.Tests;

public sealed class UseSodiumHasherTests
{
    [Fact]
    public void UseSodiumHasher_AfterAddUonetAccess_ResolvesTheSodiumHasher()
    {
        using var provider = Provider(builder => builder.UseSodiumHasher());

        Assert.IsType<SodiumArgon2idPasswordHasher>(provider.GetRequiredService<IPasswordHasher>());
    }

    [Fact]
    public void UseSodiumHasher_CalledTwiceAndAddUonetAccessRepeated_OneHasherAndOneValidator()
    {
        var services = new ServiceCollection();
        services.AddUonetAccess(o => o.EnvironmentName = "Development").UseInMemoryStore().UsePickupFolder("mail").UseSodiumHasher().UseSodiumHasher();
        services.AddUonetAccess();

        Assert.Single(services, d => d.ServiceType == typeof(IPasswordHasher));
        Assert.Single(services, d => d.ImplementationType == typeof(SodiumHashingOptionsValidator));
        using var provider = services.BuildServiceProvider();
        Assert.IsType<SodiumArgon2idPasswordHasher>(provider.GetRequiredService<IPasswordHasher>());
    }

    [Fact]
    public void UseSodiumHasher_HostRegisteredItsOwnHasherFirst_SodiumReplacesIt()
    {
        var services = new ServiceCollection();
        services.AddSingleton<IPasswordHasher>(sp => new Argon2idPasswordHasher(sp.GetRequiredService<IOptions<UonetAccessOptions>>()));
        services.AddUonetAccess(o => o.EnvironmentName = "Development").UseInMemoryStore().UsePickupFolder("mail").UseSodiumHasher();

        using var provider = services.BuildServiceProvider();

        Assert.IsType<SodiumArgon2idPasswordHasher>(provider.GetRequiredService<IPasswordHasher>());
    }

    [Fact]
    public void StartUpValidation_OptionsLibsodiumCannotHashWith_ReportsEachTogether()
    {
        using var provider = Provider(
            builder => builder.UseSodiumHasher(),
            o =>
            {
                o.PasswordHashing.Parallelism = 4;
                o.PasswordHashing.SaltLength = 32;
            });

        var exception = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IOptions<UonetAccessOptions>>().Value);

        Assert.Contains(exception.Failures, f => f.Contains("UseSodiumHasher", StringComparison.Ordinal) && f.Contains("Parallelism must be 1", StringComparison.Ordinal));
        Assert.Contains(exception.Failures, f => f.Contains("SaltLength must be 16", StringComparison.Ordinal));
    }

    [Fact]
    public void StartUpValidation_WithoutSodium_SameOptionsAreFine()
    {
        using var provider = Provider(
            _ => { },
            o =>
            {
                o.PasswordHashing.Parallelism = 4;
                o.PasswordHashing.MemoryKiB = 64;
                o.PasswordHashing.SaltLength = 32;
            });

        Assert.Equal(4, provider.GetRequiredService<IOptions<UonetAccessOptions>>().Value.PasswordHashing.Parallelism);
        Assert.IsType<Argon2idPasswordHasher>(provider.GetRequiredService<IPasswordHasher>());
    }

    [Fact]
    public async Task UseSodiumHasher_HashFromTheContainer_VerifiesWithTheDefaultHasher()
    {
        using var provider = Provider(builder => builder.UseSodiumHasher(), o => o.PasswordHashing.MemoryKiB = 64);
        var hasher = provider.GetRequiredService<IPasswordHasher>();

        var encoded = await hasher.HashAsync("kot ma ale i psa burka", CancellationToken.None);

        Assert.StartsWith("$argon2id$v=19$m=64,t=2,p=1$", encoded, StringComparison.Ordinal);
        Assert.Equal(PasswordVerificationResult.Success, await new Argon2idPasswordHasher(provider.GetRequiredService<IOptions<UonetAccessOptions>>()).VerifyAsync("kot ma ale i psa burka", encoded, CancellationToken.None));
    }

    private static ServiceProvider Provider(Action<Uonet.Access.DependencyInjection.UonetAccessBuilder> use, Action<UonetAccessOptions>? configure = null)
    {
        var services = new ServiceCollection();
        var builder = services.AddUonetAccess(o =>
            {
                o.EnvironmentName = "Development";
                configure?.Invoke(o);
            })
            .UseInMemoryStore()
            .UsePickupFolder(Path.Combine(Path.GetTempPath(), "uonet-access-sodium-tests"));
        use(builder);
        return services.BuildServiceProvider();
    }
}
