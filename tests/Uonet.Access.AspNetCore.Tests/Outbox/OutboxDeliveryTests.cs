using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Uonet.Access.AspNetCore.Outbox;
using Uonet.Access.AspNetCore.Tests.Infrastructure;
using Uonet.Access.Credentials;
using Uonet.Access.Mail;

namespace Uonet.Access.AspNetCore.Tests.Outbox;

/// <summary>The optional outbox delivery service (R3, R4: the first-login link must reach the parent).</summary>
public sealed class OutboxDeliveryTests
{
    [Fact]
    public async Task DeliveryService_WithAnInterval_DeliversTheLinkAtTheNextTick_R4()
    {
        await using var host = await AccessHost.StartAsync(o => o.OutboxDeliveryInterval = TimeSpan.FromSeconds(30));
        var (email, _) = await host.AddFamilyAsync();
        var delivered = host.Mail.WhenSentAsync(m => m.To == email && m.Kind == MailKind.AccessLink);

        await host.Services.GetRequiredService<RestoreAccess>().StartAsync(new StartAccessRequest { InstanceSymbol = AccessHost.Symbol, Email = email });
        var beforeTheTick = delivered.IsCompleted;
        host.Time.Advance(TimeSpan.FromSeconds(30));
        await delivered.WaitAsync(TimeSpan.FromSeconds(30));

        Assert.False(beforeTheTick);
        Assert.True(delivered.IsCompletedSuccessfully);
    }

    [Fact]
    public async Task DeliveryService_WithoutAnInterval_DoesNotRun()
    {
        await using var host = await AccessHost.StartAsync();

        var service = host.Services.GetServices<IHostedService>().OfType<OutboxDeliveryService>().Single();
        await service.ExecuteTask!.WaitAsync(TimeSpan.FromSeconds(30));

        Assert.True(service.ExecuteTask.IsCompletedSuccessfully);
    }
}
