using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Uonet.Access.AspNetCore.Outbox;
using Uonet.Access.Mail;

namespace Uonet.Access.AspNetCore.Tests.Outbox;

/// <summary><c>UseDataProtectionMailProtector()</c>: outbox mail protected at rest by the host's Data Protection key ring.</summary>
public sealed class DataProtectionMailProtectorTests
{
    private const string Link = "https://uonetplus.example.pl/gminawulkanowo/dostep?token=Zk3xQ9vWm2LpR7tYb4NcHs8aDe6FgJ1u";

    [Fact]
    public void UseDataProtectionMailProtector_InProductionWithoutAesKeys_StartsAndProtectsWithDataProtection()
    {
        var services = new ServiceCollection();
        services.AddUonetAccess(o =>
            {
                o.EnvironmentName = "Production";
                o.AccessLinks.AllowDevelopmentHumanCheck = true;
            })
            .UseInMemoryStore()
            .UsePickupFolder(Path.GetTempPath())
            .UseDataProtectionMailProtector()
            .UseDataProtectionMailProtector();
        using var provider = services.BuildServiceProvider();

        provider.GetRequiredService<IStartupValidator>().Validate();
        var protector = provider.GetRequiredService<IMailProtector>();
        var stored = protector.Protect(Link);

        Assert.IsType<DataProtectionMailProtector>(protector);
        Assert.DoesNotContain("Zk3xQ9vWm2LpR7tYb4NcHs8aDe6FgJ1u", stored, StringComparison.Ordinal);
        Assert.True(protector.TryUnprotect(stored, out var clear, out _));
        Assert.Equal(Link, clear);
    }

    [Fact]
    public void TryUnprotect_KeyRingWithoutTheKey_RefusedWithDataProtectionsReason()
    {
        var stored = new DataProtectionMailProtector(new EphemeralDataProtectionProvider()).Protect(Link);
        var another = new DataProtectionMailProtector(new EphemeralDataProtectionProvider());

        Assert.False(another.TryUnprotect(stored, out var value, out var error));
        Assert.Null(value);
        Assert.StartsWith("MailProtection (Data Protection): ", error, StringComparison.Ordinal);
    }

    [Fact]
    public void TryUnprotect_ValueOfTheAesProtector_RefusedNotMisread()
    {
        var protector = new DataProtectionMailProtector(new EphemeralDataProtectionProvider());

        Assert.False(protector.TryUnprotect("mk1:k1:AAAA", out _, out var error));
        Assert.Contains("'dp1:'", error, StringComparison.Ordinal);
    }
}
