using System.Globalization;
using Uonet.Access.Client.Tests.Infrastructure;
using Uonet.Access.Devices;
using Uonet.Access.Sample.Console.Tests.Infrastructure;

namespace Uonet.Access.Client.Tests;

/// <summary>
/// The typed client against the real sample portal (a process over the school's SQLite file): a pairing ticket opened
/// through the library, the QR payload read by the client, registration, signed requests, and the refusals an app
/// must act on — a wrong PIN with the tries left, a revoked device with its reason (R7, R8, R9).
/// </summary>
public sealed class MobileApiClientTests(PortalFixture portal) : IClassFixture<PortalFixture>
{
    private static readonly CultureInfo English = CultureInfo.GetCultureInfo("en-GB");

    [Fact]
    public async Task RegisterAsync_WithTheScannedPayloadAndPin_ThenSignedCallsSeeBothChildren_R7_R8()
    {
        var ticket = await portal.School.OpenPairingAsync();
        var payload = PairingPayload.Parse(ticket.Payload).Value;
        using var key = DeviceKey.Create();
        using var http = new HttpClient();

        var registered = await new MobileApiClient(http, payload.ApiBaseUrl).RegisterAsync(payload.Token, ticket.Pin, key, "Telefon Anny", "android");
        using var signed = Signed(key, registered.Value.DeviceId);
        var api = new MobileApiClient(signed, payload.ApiBaseUrl);
        var pupils = await api.GetPupilsAsync();
        var ola = await api.GetPupilAsync(portal.School.Ola);
        var stranger = await api.GetPupilAsync(Guid.NewGuid());

        Assert.True(registered.Succeeded, registered.Error?.ToString());
        Assert.Equal(new[] { portal.School.Ola, portal.School.Piotr }.Order(), registered.Value.Pupils.Select(p => p.StudentId).Order());
        Assert.True(pupils.Succeeded, pupils.Error?.ToString());
        Assert.Equal(new[] { portal.School.Ola, portal.School.Piotr }.Order(), pupils.Value.Select(p => p.StudentId).Order());
        Assert.Equal(("Ola", "Nowak", "SP1", "4A", School.Symbol, "mother"), (ola.Value.FirstName, ola.Value.LastName, ola.Value.Unit, ola.Value.Class.ToUpperInvariant(), ola.Value.Instance, ola.Value.Relation));
        Assert.Equal(ClientErrorCodes.StudentNotFound, stranger.Error!.Code);
        Assert.Equal(404, stranger.Error.StatusCode);
    }

    [Fact]
    public async Task ReadmeExample_PairsWithTheScannedCodeAndPin_AndListsBothChildren_R7_R8()
    {
        var ticket = await portal.School.OpenPairingAsync();

        var pupils = await PhoneApp.PairAsync(ticket.Payload, ticket.Pin);

        Assert.Equal(new[] { portal.School.Ola, portal.School.Piotr }.Order(), pupils!.Select(p => p.StudentId).Order());
    }

    [Fact]
    public async Task RegisterAsync_WrongPin_WrongPinWithTheTriesLeft_ThenTheRightPinStillRegisters_R7()
    {
        var ticket = await portal.School.OpenPairingAsync();
        using var key = DeviceKey.Create();
        using var http = new HttpClient();
        var api = new MobileApiClient(http, ticket.ApiBaseUrl) { Culture = English };

        var wrong = await api.RegisterAsync(ticket.Token, ticket.Pin == "000000" ? "111111" : "000000", key, "Telefon Anny", null);
        var right = await api.RegisterAsync(ticket.Token, ticket.Pin, key, "Telefon Anny", null);

        Assert.Equal(ClientErrorCodes.PairingWrongPin, wrong.Error!.Code);
        Assert.Equal(2, wrong.Error.RemainingTries);
        Assert.Equal("pin", wrong.Error.Field);
        Assert.Equal(403, wrong.Error.StatusCode);
        Assert.Equal("Wrong PIN. 2 tries left.", wrong.Error.Message);
        Assert.True(right.Succeeded, right.Error?.ToString());
    }

    [Fact]
    public async Task GetPupilsAsync_DeviceUnregistered_DeviceRevokedWithItsReason_AndTheSameKeyPairsAgain_R9()
    {
        using var key = DeviceKey.Create();
        using var http = new HttpClient();
        var first = await RegisterAsync(http, key);
        using var signed = Signed(key, first);
        var before = await new MobileApiClient(signed, ApiBase).GetPupilsAsync();

        var revoked = await portal.School.Get<MobileDevices>().RevokeDeviceAsync(await portal.School.SignInAsync(), first);
        var after = await new MobileApiClient(signed, ApiBase).GetPupilsAsync();
        var second = await RegisterAsync(http, key);
        using var signedAgain = Signed(key, second);
        var again = await new MobileApiClient(signedAgain, ApiBase).GetPupilsAsync();

        Assert.True(before.Succeeded, before.Error?.ToString());
        Assert.True(revoked.Succeeded, revoked.ToString());
        Assert.Equal(ClientErrorCodes.DeviceRevoked, after.Error!.Code);
        Assert.Equal(DeviceRevocationReason.RevokedByUser, after.Error.RevocationReason);
        Assert.True(after.Error.MustRegisterAgain);
        Assert.Equal(401, after.Error.StatusCode);
        Assert.True(again.Succeeded, again.Error?.ToString());
    }

    [Fact]
    public async Task GetPupilsAsync_WithoutTheSigningHandler_SignatureMissing_InPolishByDefault()
    {
        using var http = new HttpClient();

        var answer = await new MobileApiClient(http, ApiBase) { Culture = CultureInfo.GetCultureInfo("pl-PL") }.GetPupilsAsync();

        Assert.Equal(ClientErrorCodes.SignatureMissing, answer.Error!.Code);
        Assert.False(answer.Error.MustRegisterAgain);
        Assert.Null(answer.Error.RevocationReason);
        Assert.Matches("[ąćęłńóśźż]", answer.Error.Message);
    }

    [Fact]
    public async Task GetPupilsAsync_NothingListening_ClientUnreachable_WithTheUrl_NotAnException()
    {
        using var http = new HttpClient();
        var api = new MobileApiClient(http, new Uri($"http://127.0.0.1:{Loopback.FreePort()}/{School.Symbol}/api/mobile/"));

        var answer = await api.GetPupilsAsync();

        Assert.Equal(ClientErrorCodes.ClientUnreachable, answer.Error!.Code);
        Assert.Equal(new Uri(api.ApiBaseUrl, "pupils").AbsoluteUri, answer.Error.Arguments["url"]);
        Assert.IsType<HttpRequestException>(answer.Error.Exception);
        Assert.Null(answer.Error.StatusCode);
    }

    [Fact]
    public async Task GetPupilsAsync_AnAddressThatIsNotTheApi_ClientUnexpectedAnswer_WithTheStatus()
    {
        using var http = new HttpClient();

        var answer = await new MobileApiClient(http, new Uri(portal.Root, "dev/")).GetPupilsAsync();

        Assert.Equal(ClientErrorCodes.ClientUnexpectedAnswer, answer.Error!.Code);
        Assert.Equal(answer.Error.StatusCode.ToString(), answer.Error.Arguments["status"]);
        Assert.Throws<InvalidOperationException>(() => answer.Value);
    }

    [Theory]
    [InlineData("ftp://example.pl/")]
    [InlineData("gminawulkanowo/api/mobile/")]
    public void Constructor_NotAnAbsoluteHttpUrl_ThrowsArgumentException(string url)
    {
        using var http = new HttpClient();

        Assert.Throws<ArgumentException>("apiBaseUrl", () => new MobileApiClient(http, new Uri(url, UriKind.RelativeOrAbsolute)));
    }

    private Uri ApiBase => new(portal.Root, School.Symbol + "/api/mobile");

    private static HttpClient Signed(DeviceKey key, Guid deviceId) => new(new DeviceSigningHandler(key, deviceId) { InnerHandler = new SocketsHttpHandler() });

    private async Task<Guid> RegisterAsync(HttpClient http, DeviceKey key)
    {
        var ticket = await portal.School.OpenPairingAsync();
        var registered = await new MobileApiClient(http, ApiBase).RegisterAsync(ticket.Token, ticket.Pin, key, "Telefon Anny", "android");
        Assert.True(registered.Succeeded, registered.Error?.ToString());
        return registered.Value.DeviceId;
    }
}
