using Uonet.Access.Sample.Console.Tests.Infrastructure;
using static Uonet.Access.Sample.Console.Tests.Infrastructure.School;

namespace Uonet.Access.Sample.Console.Tests;

/// <summary><c>sessions list|end</c>: the account holder's sessions (ASVS 5.0 7.5.2), another one ended only with the password again (7.5.1).</summary>
public sealed class SessionCommandTests
{
    [Fact]
    public async Task SessionsList_TwoSignIns_BothListedAndTheCallersMarked()
    {
        using var tool = new ToolWorkspace();
        await EnterAsync(tool);
        await SetPasswordAsync(tool, Anna);
        await SignInAsync(tool, Anna);
        var mine = await SignInAsync(tool, Anna);

        var run = await tool.JsonWithInput(mine + "\n", "sessions", "list", "--session", "-");

        var sessions = run.Succeeded().Json.GetProperty("sessions").EnumerateArray().ToList();
        Assert.Equal(2, sessions.Count);
        Assert.Equal([true, false], sessions.Select(s => s.GetProperty("current").GetBoolean()));
        Assert.All(sessions, s => Assert.True(s.TryGetProperty("createdAt", out _) && s.TryGetProperty("network", out _)));
    }

    [Fact]
    public async Task SessionsEnd_AnotherWithoutThePassword_RefusedThenEndedWithIt_OwnEndsAtOnce()
    {
        using var tool = new ToolWorkspace();
        await EnterAsync(tool);
        await SetPasswordAsync(tool, Anna);
        var other = await SignInAsync(tool, Anna);
        var mine = await SignInAsync(tool, Anna);
        var list = await tool.JsonWithInput(mine + "\n", "sessions", "list", "--session", "-");
        var ids = list.Succeeded().Json.GetProperty("sessions").EnumerateArray().ToDictionary(s => s.GetProperty("current").GetBoolean(), s => s.GetProperty("id").GetString()!);

        var refused = await tool.JsonWithInput(mine + "\n", "sessions", "end", ids[false], "--session", "-");
        var wrong = await tool.JsonWithInput(mine + "\nnie to haslo\n", "sessions", "end", ids[false], "--session", "-", "--password-stdin");
        var ended = await tool.JsonWithInput(mine + "\n" + Password + "\n", "sessions", "end", ids[false], "--session", "-", "--password-stdin");
        var otherAfter = await tool.JsonWithInput(other + "\n", "pupils", "--session", "-");
        var own = await tool.JsonWithInput(mine + "\n", "sessions", "end", ids[true], "--session", "-");
        var mineAfter = await tool.JsonWithInput(mine + "\n", "pupils", "--session", "-");

        refused.Refused("Session.ReauthenticationRequired");
        wrong.Refused("Password.CurrentInvalid");
        Assert.True(ended.Succeeded().Json.GetProperty("ended").GetBoolean());
        otherAfter.Refused("Session.SignedOut");
        own.Succeeded();
        mineAfter.Refused("Session.SignedOut");
    }

    [Fact]
    public async Task SessionsEnd_Help_NamesTheReauthenticationOptions()
    {
        var run = await ConsoleTool.RunAsync(["sessions", "end", "--help"]);

        Assert.Equal(0, run.ExitCode);
        Assert.Contains("--password-stdin", run.Stdout, StringComparison.Ordinal);
        Assert.Contains("--totp", run.Stdout, StringComparison.Ordinal);
    }
}
