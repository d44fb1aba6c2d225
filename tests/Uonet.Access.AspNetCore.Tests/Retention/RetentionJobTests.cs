using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Uonet.Access.AspNetCore.Retention;
using Uonet.Access.AspNetCore.Tests.Infrastructure;

namespace Uonet.Access.AspNetCore.Tests.Retention;

/// <summary>The optional retention job is off unless the host sets an interval.</summary>
public sealed class RetentionJobTests
{
    [Fact]
    public async Task RetentionJob_WithoutAnInterval_DoesNotRun()
    {
        await using var host = await AccessHost.StartAsync();

        var service = host.Services.GetServices<IHostedService>().OfType<RetentionService>().Single();
        await service.ExecuteTask!.WaitAsync(TimeSpan.FromSeconds(30));

        Assert.True(service.ExecuteTask.IsCompletedSuccessfully);
    }
}
