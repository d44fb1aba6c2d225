using Microsoft.Extensions.Options;
using Uonet.Access.Sample.MinimalApi.Tests.Infrastructure;

namespace Uonet.Access.Sample.MinimalApi.Tests;

/// <summary>The development human check (it accepts everyone) runs only in Development (R3).</summary>
public sealed class StartupTests
{
    [Fact]
    public void Start_InProductionWithoutACaptcha_FailsSayingHowToAddOne()
    {
        using var factory = new MinimalApiFactory { EnvironmentName = "Production" };

        var failure = Assert.Throws<OptionsValidationException>(() => factory.CreateClient());

        Assert.Contains(failure.Failures, f => f.Contains("UseHumanCheck", StringComparison.Ordinal));
    }
}
