using Uonet.Access.Sample.Console.Tests.Infrastructure;

namespace Uonet.Access.Sample.Console.Tests;

/// <summary>The session a script runs from an empty database to a pairing ticket (the README's example), step by step.</summary>
public sealed class ScriptedSessionTests : IDisposable
{
    private readonly ToolWorkspace _tool = new();

    [Fact]
    public async Task FromAnEmptyDatabase_ToAGuardiansPairingTicket()
    {
        Assert.False(File.Exists(_tool.Database));

        (await _tool.Json("instance", "add", "gminawulkanowo", "--name", "Gmina Wulkanowo", "--base-url", "https://uonet.example.pl/gminawulkanowo/")).Succeeded();
        Assert.True(File.Exists(_tool.Database), "The store is created when missing.");
        (await _tool.Json("unit", "add", "gminawulkanowo", "SP1", "--name", "Szkoła Podstawowa nr 1")).Succeeded();
        (await _tool.Json("staff", "add", "gminawulkanowo", "SP1", "sekretariat@sp1.example.pl", "--role", "secretary")).Succeeded();
        var student = await _tool.Json("student", "add", "gminawulkanowo", "SP1", "--as", "sekretariat@sp1.example.pl",
            "--first", "Ola", "--last", "Nowak", "--pesel", "15220123459", "--email", "ola.nowak@uczen.example.pl", "--class", "4A");
        var studentId = student.Succeeded().Get("studentId");
        var guardian = await _tool.Json("guardian", "add", "gminawulkanowo", studentId, "--as", "sekretariat@sp1.example.pl",
            "--first", "Anna", "--last", "Nowak", "--email", "anna.nowak@example.pl", "--relation", "mother");
        Assert.True(Guid.TryParse(guardian.Succeeded().Get("guardianId"), out _));

        var started = await _tool.Json("access", "start", "gminawulkanowo", "anna.nowak@example.pl");
        Assert.False(string.IsNullOrEmpty(started.Succeeded().Get("message")));
        var mail = (await _tool.Json("outbox", "list", "--to", "anna.nowak@example.pl")).Succeeded().Json.GetProperty("messages")[0];
        var link = mail.GetProperty("link").GetString()!;
        var token = mail.GetProperty("token").GetString()!;
        Assert.StartsWith("https://uonet.example.pl/gminawulkanowo/", link, StringComparison.Ordinal);
        Assert.Contains(token, link, StringComparison.Ordinal);

        (await _tool.JsonWithInput("kot ma ale i psa burka\n", "access", "complete", token, "--password-stdin")).Succeeded();
        var signIn = (await _tool.JsonWithInput("kot ma ale i psa burka\n", "signin", "gminawulkanowo", "anna.nowak@example.pl", "--password-stdin")).Succeeded();
        Assert.Equal("Success", signIn.Get("result"));
        var session = signIn.Get("session");

        var pupils = (await _tool.Json("pupils", "--session", session)).Succeeded().Json.GetProperty("pupils");
        Assert.Equal(studentId, pupils.EnumerateArray().Single().GetProperty("studentId").GetString());
        var table = (await _tool.Text("pupils", "--session", session)).Succeeded();
        Assert.Contains("Ola Nowak", table.Stdout, StringComparison.Ordinal);

        var pairing = (await _tool.Json("pairing", "start", "--session", session)).Succeeded();
        Assert.Equal(["token", "pin", "symbol", "apiBaseUrl", "expiresAt", "qrPayload", "qrFile"], pairing.Json.EnumerateObject().Select(p => p.Name));
        Assert.Equal("https://uonet.example.pl/gminawulkanowo/api/mobile/", pairing.Get("apiBaseUrl"));
    }

    public void Dispose() => _tool.Dispose();
}
