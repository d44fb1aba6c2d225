using System.Text.Json;
using Uonet.Access.Sample.Console.Tests.Infrastructure;
using static Uonet.Access.Sample.Console.Tests.Infrastructure.School;

namespace Uonet.Access.Sample.Console.Tests;

/// <summary>
/// The tool as a phone against the web portal's mobile API (issue 7): the portal runs as a process on a loopback port
/// over the tool's SQLite file; the tool pairs a device, lists a guardian's two children with signed requests, and
/// after the R9 e-mail change the same request is refused with the reason <c>EmailChanged</c>.
/// </summary>
public sealed class PortalEndToEndTests : IDisposable
{
    private readonly ToolWorkspace _tool = new();

    [Fact]
    public async Task DeviceRegisteredThroughThePortal_ListsBothChildren_UntilTheEmailChangeRevokesIt_R7_R8_R9()
    {
        var port = Loopback.FreePort();
        var (ola, piotr, _) = await EnterAsync(_tool, $"http://127.0.0.1:{port}/{Symbol}/");
        await SetPasswordAsync(_tool, Anna);
        var session = await SignInAsync(_tool, Anna);
        var ticket = (await _tool.Json("pairing", "start", "--session", session)).Succeeded();
        var keyFile = Path.Combine(_tool.Folder, "telefon-anny.pem");
        string[] device = ["--api", ticket.Get("apiBaseUrl"), "--symbol", ticket.Get("symbol"), "--key-file", keyFile];
        await using var portal = await PortalProcess.StartAsync(_tool.Database, port, _tool.Folder);

        var wrongPin = await _tool.Json(["device", "register", .. device, "--token", ticket.Get("token"), "--pin", OtherPin(ticket.Get("pin")), "--name", "Telefon Anny"]);
        var registered = await _tool.Json(["device", "register", .. device, "--token", ticket.Get("token"), "--pin", ticket.Get("pin"), "--name", "Telefon Anny", "--platform", "android"]);
        var listed = await _tool.Json(["device", "pupils", .. device]);
        var devices = await _tool.Json("devices", "list", "--session", session);
        (await _tool.Json("email", "change", Symbol, "--as", SecretarySp1, "--from", Anna, "--to", "anna.nowa@example.pl")).Succeeded();
        var closed = await _tool.Json("email", "change", Symbol, "--as", SecretarySp2, "--from", Anna, "--to", "anna.nowa@example.pl");
        var revoked = await _tool.Json(["device", "pupils", .. device]);

        wrongPin.Refused("Pairing.WrongPin");
        Assert.Equal("2", wrongPin.Json.GetProperty("error").GetProperty("arguments").GetProperty("remainingTries").GetString());
        registered.Succeeded();
        var deviceId = registered.Get("deviceId");
        Assert.Equal([ola, piotr], Children(registered.Json));
        Assert.StartsWith("Uonet-Access-Device-Id: " + deviceId, await File.ReadAllTextAsync(keyFile), StringComparison.Ordinal);
        Assert.Equal([ola, piotr], Children(listed.Succeeded().Json));
        Assert.Equal(deviceId, devices.Succeeded().Json.GetProperty("devices").EnumerateArray().Single().GetProperty("id").GetString());
        Assert.True(closed.Succeeded().Json.GetProperty("oldAccountClosed").GetBoolean());
        revoked.Refused("Device.Revoked");
        Assert.Equal("EmailChanged", revoked.Json.GetProperty("error").GetProperty("arguments").GetProperty("reason").GetString());
    }

    public void Dispose() => _tool.Dispose();

    private static List<Guid> Children(JsonElement answer) =>
        [.. answer.GetProperty("pupils").EnumerateArray().Select(p => Guid.Parse(p.GetProperty("studentId").GetString()!)).Order()];

    private static string OtherPin(string pin) => pin == "000000" ? "111111" : "000000";
}
