using Uonet.Access.Sample.Console.Tests.Infrastructure;

namespace Uonet.Access.Sample.Console.Tests;

/// <summary><c>demo</c>, also what the tool does without a command (CI runs <c>-- --en</c>).</summary>
public sealed class DemoCommandTests
{
    [Fact]
    public async Task WithoutACommand_TheDemoWalksTheFaqInEnglish()
    {
        var run = await ConsoleTool.RunAsync(["--en"]);

        run.Succeeded();
        Assert.Contains("Login diagnosis at /gminawulkanowo/", run.Stdout, StringComparison.Ordinal);
        Assert.Contains("[R1]", run.Stdout, StringComparison.Ordinal);
        Assert.Contains("Record.GuardianEmailSameAsStudent", run.Stdout, StringComparison.Ordinal);
        Assert.Contains("QR: uonet-access://pair?v=1&", run.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Demo_WithJson_IsOneObject()
    {
        var run = await ConsoleTool.RunAsync(["demo", "--json"]);

        run.Succeeded();
        Assert.Equal(8, run.Json.GetProperty("addresses").GetArrayLength());
        Assert.Equal("Success", run.Json.GetProperty("firstLogin").GetProperty("signIn").GetString());
        Assert.Equal(3, run.Json.GetProperty("firstLogin").GetProperty("pupils").GetArrayLength());
    }
}
