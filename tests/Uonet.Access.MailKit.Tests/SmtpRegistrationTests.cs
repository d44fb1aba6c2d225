using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Uonet.Access.DependencyInjection;
using Uonet.Access.Mail;

namespace Uonet.Access.MailKit.Tests;

public sealed class SmtpRegistrationTests
{
    [Fact]
    public void UseSmtp_ValidOptions_PassesStartupValidationAndResolvesOneSmtpMailSender()
    {
        var services = new ServiceCollection();
        Library(services).UseSmtp(o => (o.Host, o.Port, o.Security) = ("127.0.0.1", 2525, SmtpSecurity.None));
        using var provider = services.BuildServiceProvider();

        provider.GetRequiredService<IStartupValidator>().Validate();
        var sender = provider.GetRequiredService<IMailSender>();

        Assert.IsType<SmtpMailSender>(sender);
        Assert.Same(sender, provider.GetRequiredService<IMailSender>());
        Assert.NotNull(provider.GetRequiredService<OutboxDispatcher>());
    }

    [Fact]
    public async Task UseSmtp_ResolvedSender_DeliversWithTheLibrarysFromAddress()
    {
        await using var server = await LoopbackSmtpServer.StartNewAsync();
        var services = new ServiceCollection();
        Library(services, o => (o.Mail.FromAddress, o.Mail.FromName) = ("dziennik@gminawulkanowo.example.pl", "Dziennik"))
            .UseSmtp(o => (o.Host, o.Port, o.Security) = ("127.0.0.1", server.Port, SmtpSecurity.None));
        await using var provider = services.BuildServiceProvider();

        var result = await provider.GetRequiredService<IMailSender>().SendAsync(Mails.Message(Mails.Clock()), CancellationToken.None);

        Assert.Equal(MailDeliveryStatus.Delivered, result.Status);
        Assert.Equal("dziennik@gminawulkanowo.example.pl", Assert.Single(server.Received).EnvelopeFrom);
    }

    [Fact]
    public void UseSmtp_InvalidOptions_FailsAtStartWithEveryProblemTogether()
    {
        var services = new ServiceCollection();
        Library(services).UseSmtp(o => (o.Host, o.Port) = (" ", 70000));
        using var provider = services.BuildServiceProvider();

        var exception = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IStartupValidator>().Validate());

        Assert.Equal(typeof(SmtpOptions), exception.OptionsType);
        Assert.Collection(
            exception.Failures,
            f => Assert.StartsWith("SmtpOptions.Host is required", f, StringComparison.Ordinal),
            f => Assert.StartsWith("SmtpOptions.Port must be between 1 and 65535 (it is 70000)", f, StringComparison.Ordinal));
        Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IMailSender>());
    }

    [Fact]
    public void UseSmtp_CalledTwice_TheLaterConfigurationAddsToTheFirst()
    {
        var services = new ServiceCollection();
        Library(services)
            .UseSmtp(o => o.Host = "smtp.example.pl")
            .UseSmtp(o => o.Port = 465);
        using var provider = services.BuildServiceProvider();

        var options = provider.GetRequiredService<IOptions<SmtpOptions>>().Value;

        Assert.Equal(("smtp.example.pl", 465), (options.Host, options.Port));
        Assert.Single(provider.GetServices<IValidateOptions<SmtpOptions>>());
        Assert.IsType<SmtpMailSender>(provider.GetRequiredService<IMailSender>());
    }

    [Fact]
    public async Task Dispose_SynchronousContainerHoldingTheSender_DisposesIt()
    {
        // A container disposed synchronously throws for a service that is only IAsyncDisposable.
        var services = new ServiceCollection();
        Library(services).UseSmtp(o => (o.Host, o.Security) = ("127.0.0.1", SmtpSecurity.None));
        var provider = services.BuildServiceProvider();
        var sender = provider.GetRequiredService<IMailSender>();

        provider.Dispose();

        await Assert.ThrowsAsync<ObjectDisposedException>(() => sender.SendAsync(Mails.Message(Mails.Clock()), CancellationToken.None));
    }

    private static UonetAccessBuilder Library(IServiceCollection services, Action<UonetAccessOptions>? configure = null) =>
        services.AddUonetAccess(o =>
        {
            o.EnvironmentName = "Development";
            configure?.Invoke(o);
        }).UseInMemoryStore();
}
