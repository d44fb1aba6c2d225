using System.Text.Json;
using Uonet.Access.Sample.Console.Tests.Infrastructure;
using static Uonet.Access.Sample.Console.Tests.Infrastructure.School;

namespace Uonet.Access.Sample.Console.Tests;

/// <summary><c>outbox list|dispatch</c>: the mail the library queues, and its delivery through the configured sender.</summary>
public sealed class OutboxCommandTests : IDisposable
{
    private readonly ToolWorkspace _tool = new();

    [Fact]
    public async Task List_PrintsEveryMessageWithTheContractsFields()
    {
        await QueueTwoMessagesAsync();

        var run = await _tool.Json("outbox", "list");

        var messages = run.Succeeded().Json.GetProperty("messages").EnumerateArray().ToList();
        Assert.Equal(2, messages.Count);
        foreach (var field in new[] { "id", "to", "subject", "kind", "link", "token", "createdAt", "sentAt" })
        {
            Assert.All(messages, message => Assert.True(message.TryGetProperty(field, out _), field));
        }
    }

    [Fact]
    public async Task List_WithAnInvalidAddress_IsRefusedByTheLibrary()
    {
        var run = await _tool.Json("outbox", "list", "--to", "not-an-address");

        run.Refused("Email.Format");
    }

    [Fact]
    public async Task Dispatch_WithoutSmtp_WritesEmlFilesToThePickupFolder_AndMarksThemSent()
    {
        await QueueTwoMessagesAsync();
        var pickup = Path.Combine(_tool.Folder, "poczta");

        var run = await _tool.Json("outbox", "dispatch", "--pickup-folder", pickup);
        var again = await _tool.Json("outbox", "dispatch", "--pickup-folder", pickup);

        run.Succeeded();
        Assert.Equal("pickup", run.Get("sender"));
        Assert.Equal(pickup, run.Get("target"));
        Assert.Equal(2, run.Json.GetProperty("sent").GetInt32());
        Assert.Equal(2, Directory.GetFiles(pickup, "*.eml").Length);
        Assert.Equal(0, again.Succeeded().Json.GetProperty("sent").GetInt32());
        var listed = (await _tool.Json("outbox", "list")).Json.GetProperty("messages").EnumerateArray();
        Assert.All(listed, message => Assert.Equal(JsonValueKind.String, message.GetProperty("sentAt").ValueKind));
        Assert.Contains("poczta", run.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Dispatch_ThroughAnSmtpServerThatDoesNotAnswer_ExitsWithOne_AndKeepsTheMailQueued()
    {
        await QueueTwoMessagesAsync();
        var port = Loopback.FreePort();

        var run = await _tool.Json("outbox", "dispatch", "--smtp-host", "127.0.0.1", "--smtp-port", port.ToString(System.Globalization.CultureInfo.InvariantCulture), "--smtp-security", "None");

        run.Refused("Cli.DeliveryFailed");
        Assert.Equal("smtp", run.Get("sender"));
        Assert.Equal($"127.0.0.1:{port}", run.Get("target"));
        Assert.Equal(0, run.Json.GetProperty("sent").GetInt32());
        Assert.True(run.Json.GetProperty("failed").GetInt32() > 0);
        var listed = (await _tool.Json("outbox", "list")).Json.GetProperty("messages").EnumerateArray();
        Assert.All(listed, message => Assert.Equal(JsonValueKind.Null, message.GetProperty("sentAt").ValueKind));
    }

    [Fact]
    public async Task Dispatch_TakesTheSmtpServerFromTheEnvironment()
    {
        await QueueTwoMessagesAsync();
        var port = Loopback.FreePort().ToString(System.Globalization.CultureInfo.InvariantCulture);

        var run = await ConsoleTool.RunAsync(["outbox", "dispatch", "--db", _tool.Database, "--json"], environment: new Dictionary<string, string>
        {
            ["UONET_ACCESS_SMTP_HOST"] = "127.0.0.1",
            ["UONET_ACCESS_SMTP_PORT"] = port,
            ["UONET_ACCESS_SMTP_SECURITY"] = "None",
        });

        Assert.Equal("smtp", run.Get("sender"));
        Assert.Equal($"127.0.0.1:{port}", run.Get("target"));
    }

    public void Dispose() => _tool.Dispose();

    private async Task QueueTwoMessagesAsync()
    {
        (await _tool.Json("instance", "add", Symbol, "--name", "Gmina Wulkanowo", "--base-url", "http://127.0.0.1:9/gminawulkanowo/")).Succeeded();
        (await _tool.Json("access", "start", Symbol, "nikt@example.pl")).Succeeded();
        (await _tool.Json("access", "start", Symbol, "ktos.inny@example.pl")).Succeeded();
    }
}
