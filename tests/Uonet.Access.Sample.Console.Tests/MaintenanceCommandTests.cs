using Uonet.Access.Sample.Console.Tests.Infrastructure;
using static Uonet.Access.Sample.Console.Tests.Infrastructure.School;

namespace Uonet.Access.Sample.Console.Tests;

/// <summary><c>maintenance start|end|status</c> (R10). One workspace per test: a break stops sign-in for the whole instance.</summary>
public sealed class MaintenanceCommandTests : IDisposable
{
    private readonly ToolWorkspace _tool = new();

    [Fact]
    public async Task Start_ByTheAdministrator_StopsSignIn_UntilEnd()
    {
        await EnterAsync(_tool);
        await SetPasswordAsync(_tool, Anna);

        var started = await _tool.Json("maintenance", "start", Symbol, "--as", Administrator, "--message", "Aktualizacja systemu", "--message-en", "System update", "--until", "2099-01-01T12:00:00+01:00");
        var status = await _tool.Json("maintenance", "status", Symbol);
        var signIn = await _tool.JsonWithInput(Password + "\n", "signin", Symbol, Anna, "--password-stdin");
        var ended = await _tool.Json("maintenance", "end", Symbol, "--as", Administrator);
        var after = await _tool.Json("maintenance", "status", Symbol);

        started.Succeeded();
        Assert.Equal("Aktualizacja systemu", started.Get("message"));
        Assert.Equal("System update", started.Get("messageEn"));
        Assert.Equal(new DateTimeOffset(2099, 1, 1, 11, 0, 0, TimeSpan.Zero), started.Json.GetProperty("until").GetDateTimeOffset());
        Assert.True(status.Succeeded().Json.GetProperty("active").GetBoolean());
        Assert.True(status.Json.GetProperty("retryAfterSeconds").GetInt64() > 0);
        signIn.Refused("Maintenance.Active");
        Assert.Equal("Maintenance", signIn.Get("result"));
        Assert.Equal(started.Get("id"), ended.Succeeded().Json.GetProperty("ended")[0].GetString());
        Assert.False(after.Succeeded().Json.GetProperty("active").GetBoolean());
        (await _tool.JsonWithInput(Password + "\n", "signin", Symbol, Anna, "--password-stdin")).Succeeded();
    }

    [Fact]
    public async Task Start_ByASecretary_IsRefused()
    {
        await EnterDirectoryAsync(_tool);

        var run = await _tool.Json("maintenance", "start", Symbol, "--as", SecretarySp1, "--message", "Przerwa");

        run.Refused("Staff.NotAllowed");
        Assert.False((await _tool.Json("maintenance", "status", Symbol)).Json.GetProperty("active").GetBoolean());
    }

    [Fact]
    public async Task Start_WithoutAMessage_IsRefusedByTheLibrary()
    {
        await EnterDirectoryAsync(_tool);

        var run = await _tool.Json("maintenance", "start", Symbol, "--as", Administrator);

        run.Refused("Field.Required");
    }

    [Fact]
    public async Task End_WhenNoBreakIsInForce_IsRefused()
    {
        await EnterDirectoryAsync(_tool);

        var run = await _tool.Json("maintenance", "end", Symbol, "--as", Administrator);

        run.Refused("Maintenance.NotFound");
    }

    public void Dispose() => _tool.Dispose();
}
