using Uonet.Access.Sample.Console.Tests.Infrastructure;

namespace Uonet.Access.Sample.Console.Tests;

/// <summary>
/// <c>pairing start</c>, <c>devices list|revoke</c> (R7) and the device key file of <c>device register|pupils</c>.
/// The device commands against a running portal are in <see cref="PortalEndToEndTests"/>.
/// </summary>
public sealed class DeviceCommandTests(SchoolFixture school) : IClassFixture<SchoolFixture>
{
    private static readonly byte[] PngSignature = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A];

    [Fact]
    public async Task PairingStart_PrintsTokenPinAndPayload_WritesTheQrPng_AndNeverPutsThePinInTheQrCode_R7()
    {
        var qr = Path.Combine(school.Folder, "qr.png");

        var run = await school.Json("pairing", "start", "--session", await school.AnnaSessionAsync(), "--qr", qr);

        run.Succeeded();
        var pin = run.Get("pin");
        var payload = run.Get("qrPayload");
        Assert.Matches("^[0-9]{6}$", pin);
        Assert.Equal(School.Symbol, run.Get("symbol"));
        Assert.Equal("http://127.0.0.1:9/gminawulkanowo/api/mobile/", run.Get("apiBaseUrl"));
        Assert.True(run.Json.GetProperty("expiresAt").GetDateTimeOffset() > DateTimeOffset.UtcNow);
        Assert.StartsWith("uonet-access://pair?v=1&", payload, StringComparison.Ordinal);
        Assert.Contains("token=" + run.Get("token").Replace("-", string.Empty, StringComparison.Ordinal), payload, StringComparison.Ordinal);
        Assert.DoesNotContain(pin, payload, StringComparison.Ordinal);
        Assert.DoesNotContain("pin", payload, StringComparison.OrdinalIgnoreCase);
        Assert.Equal(PngSignature, (await File.ReadAllBytesAsync(qr))[..8]);
        Assert.Equal(qr, run.Get("qrFile"));
    }

    [Fact]
    public async Task PairingStart_WithATicketThatIsNotOne_IsRefused()
    {
        var run = await school.Json("pairing", "start", "--session", "nie-bilet");

        Assert.Equal(1, run.ExitCode);
        Assert.StartsWith("Session.", run.ErrorCode, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Pupils_WithTheTicketOnStandardInput_KeepItOutOfTheArguments()
    {
        var session = await school.AnnaSessionAsync();

        var run = await school.JsonWithInput(session + "\n", "pupils", "--session", "-");

        Assert.Equal(2, run.Succeeded().Json.GetProperty("pupils").GetArrayLength());
    }

    [Fact]
    public async Task DevicesList_BeforeAnyRegistration_IsEmpty()
    {
        var run = await school.Json("devices", "list", "--session", await school.AnnaSessionAsync());

        Assert.Equal(0, run.Succeeded().Json.GetProperty("devices").GetArrayLength());
    }

    [Fact]
    public async Task DevicesRevoke_OfADeviceTheAccountDoesNotHave_IsRefused()
    {
        var run = await school.Json("devices", "revoke", "--session", await school.AnnaSessionAsync(), Guid.NewGuid().ToString());

        run.Refused("Device.NotFound");
    }

    [Fact]
    public async Task DeviceRegister_CreatesAnOwnerOnlyKeyFile_AndKeepsItWhenThePortalCannotBeReached()
    {
        var keyFile = Path.Combine(school.Folder, "telefon.pem");
        var api = $"http://127.0.0.1:{Loopback.FreePort()}/";

        var first = await school.Json("device", "register", "--api", api, "--symbol", School.Symbol, "--token", "ABCD2345", "--pin", "123456", "--name", "Telefon", "--key-file", keyFile);
        var key = await File.ReadAllTextAsync(keyFile);
        var second = await school.Json("device", "register", "--api", api, "--symbol", School.Symbol, "--token", "ABCD2345", "--pin", "123456", "--name", "Telefon", "--key-file", keyFile);

        first.Refused("Cli.PortalUnreachable");
        Assert.Contains($"{api}{School.Symbol}/api/mobile/register", first.Json.GetProperty("error").GetProperty("arguments").GetProperty("url").GetString(), StringComparison.Ordinal);
        Assert.Contains("-----BEGIN PRIVATE KEY-----", key, StringComparison.Ordinal);
        if (!OperatingSystem.IsWindows())
        {
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(keyFile));
        }

        second.Refused("Cli.PortalUnreachable");
        Assert.Equal(key, await File.ReadAllTextAsync(keyFile));
    }

    [Fact]
    public async Task DeviceRegister_WithAKeyFileThatHoldsNoKey_IsRefused_AndLeavesTheFileAlone()
    {
        var keyFile = Path.Combine(school.Folder, "nie-klucz.pem");
        await File.WriteAllTextAsync(keyFile, "to nie jest klucz\n");

        var run = await school.Json("device", "register", "--api", "http://127.0.0.1:9/", "--symbol", School.Symbol, "--token", "ABCD2345", "--pin", "123456", "--name", "Telefon", "--key-file", keyFile);

        run.Refused("Cli.KeyFileInvalid");
        Assert.Equal("to nie jest klucz\n", await File.ReadAllTextAsync(keyFile));
    }

    [Fact]
    public async Task DevicePupils_WithAKeyThatWasNeverRegistered_SaysToRegisterFirst()
    {
        var keyFile = Path.Combine(school.Folder, "nowy.pem");
        using (var key = System.Security.Cryptography.ECDsa.Create(System.Security.Cryptography.ECCurve.NamedCurves.nistP256))
        {
            await File.WriteAllTextAsync(keyFile, key.ExportPkcs8PrivateKeyPem());
        }

        var run = await school.Json("device", "pupils", "--api", "http://127.0.0.1:9/", "--symbol", School.Symbol, "--key-file", keyFile);

        run.Refused("Cli.DeviceNotRegistered");
    }

    [Fact]
    public async Task DeviceRegister_WithAnApiThatIsNotAnHttpUrl_IsAUsageError()
    {
        var run = await school.Json("device", "register", "--api", "ftp://example.pl/", "--symbol", School.Symbol, "--token", "ABCD2345", "--pin", "123456", "--name", "Telefon", "--key-file", Path.Combine(school.Folder, "k.pem"));

        Assert.Equal(2, run.ExitCode);
        Assert.False(File.Exists(Path.Combine(school.Folder, "k.pem")));
    }
}
