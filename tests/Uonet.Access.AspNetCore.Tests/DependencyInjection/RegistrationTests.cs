using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Uonet.Access.AspNetCore.Sessions;
using Uonet.Access.AspNetCore.Tests.Infrastructure;

namespace Uonet.Access.AspNetCore.Tests.DependencyInjection;

/// <summary><c>AddUonetAccess(…).AddAspNetCore(…)</c>: repeated calls are safe, bad options and missing pieces fail at start-up saying how to fix them.</summary>
public sealed class RegistrationTests
{
    [Fact]
    public async Task AddAspNetCore_CalledTwice_OneOfEachSchemeAndTheLaterOptionsApply()
    {
        await using var host = await AccessHost.StartAsync(services: s => s.AddUonetAccess().AddAspNetCore(o => o.SessionCookieName = "sesja-2"));

        var schemes = await host.Services.GetRequiredService<IAuthenticationSchemeProvider>().GetAllSchemesAsync();

        Assert.Equal([UonetAccessSchemes.Session, UonetAccessSchemes.Device], schemes.Select(s => s.Name));
        Assert.Equal("sesja-2", host.Services.GetRequiredService<IOptions<UonetAccessAspNetCoreOptions>>().Value.SessionCookieName);
        Assert.Single(host.Services.GetServices<IHostedService>().OfType<AspNetCore.Outbox.OutboxDeliveryService>());
        Assert.Equal(UonetAccessSchemes.Session, (await host.Services.GetRequiredService<IAuthenticationSchemeProvider>().GetDefaultAuthenticateSchemeAsync())!.Name);
    }

    [Fact]
    public async Task Start_WithBadOptions_FailsWithEveryProblemAndHowToFixIt()
    {
        var failure = await Assert.ThrowsAsync<OptionsValidationException>(() => AccessHost.StartAsync(o =>
        {
            o.SessionCookieName = "sesja;evil";
            o.SessionCookieSameSite = Microsoft.AspNetCore.Http.SameSiteMode.None;
            o.SecondStepLifetime = TimeSpan.FromHours(1);
            o.MaxMobileBodyBytes = 10;
            o.OutboxDeliveryInterval = TimeSpan.Zero;
            o.SignInReturnUrlParameter = "wróć&x";
            o.SignInReasonParameter = "wróć&x";
        }));

        Assert.Equal(8, failure.Failures.Count());
        Assert.Contains(failure.Failures, f => f.Contains("SignInReturnUrlParameter must be a query parameter name", StringComparison.Ordinal));
        Assert.Contains(failure.Failures, f => f.Contains("SignInReasonParameter must be a query parameter name", StringComparison.Ordinal));
        Assert.Contains(failure.Failures, f => f.Contains("SignInReturnUrlParameter and SignInReasonParameter must differ", StringComparison.Ordinal));
        Assert.Contains(failure.Failures, f => f.Contains("SessionCookieName", StringComparison.Ordinal));
        Assert.Contains(failure.Failures, f => f.Contains("Lax or Strict", StringComparison.Ordinal));
        Assert.Contains(failure.Failures, f => f.Contains("between 1 and 15 minutes", StringComparison.Ordinal));
        Assert.Contains(failure.Failures, f => f.Contains("MaxMobileBodyBytes", StringComparison.Ordinal));
        Assert.Contains(failure.Failures, f => f.Contains("or null to run no delivery service", StringComparison.Ordinal));
    }

    [Fact]
    public void MapAndUse_WithoutAddAspNetCore_SaysHowToRegisterIt()
    {
        var builder = WebApplication.CreateBuilder();
        builder.WebHost.UseTestServer();
        builder.Logging.ClearProviders();
        builder.Services.AddUonetAccess().UseInMemoryStore().UsePickupFolder(Path.GetTempPath());
        using var app = builder.Build();

        var mobile = Assert.Throws<InvalidOperationException>(() => app.MapUonetMobileApi());
        var account = Assert.Throws<InvalidOperationException>(() => app.MapUonetAccountApi());
        var maintenance = Assert.Throws<InvalidOperationException>(() => app.UseUonetMaintenance());

        Assert.Contains(".AddAspNetCore()", mobile.Message, StringComparison.Ordinal);
        Assert.Contains(".AddAspNetCore()", account.Message, StringComparison.Ordinal);
        Assert.Contains(".AddAspNetCore()", maintenance.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AddAspNetCore_HostsOwnDefaultScheme_IsKept()
    {
        await using var host = await AccessHost.StartAsync(services: s => s.AddAuthentication("Host").AddScheme<AuthenticationSchemeOptions, NobodyHandler>("Host", null));

        Assert.Equal("Host", (await host.Services.GetRequiredService<IAuthenticationSchemeProvider>().GetDefaultAuthenticateSchemeAsync())!.Name);
        Assert.NotNull(host.Services.GetRequiredService<SessionCookies>());
    }

    private sealed class NobodyHandler(IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, System.Text.Encodings.Web.UrlEncoder encoder)
        : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
    {
        protected override Task<AuthenticateResult> HandleAuthenticateAsync() => Task.FromResult(AuthenticateResult.NoResult());
    }
}
