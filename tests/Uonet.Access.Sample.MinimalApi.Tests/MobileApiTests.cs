using System.Net;
using System.Net.Http.Json;
using Uonet.Access.Client;
using Uonet.Access.Sample.MinimalApi.Tests.Infrastructure;

namespace Uonet.Access.Sample.MinimalApi.Tests;

/// <summary>
/// <c>POST /{symbol}/pairing</c> and the package's mobile API: a phone pairs with the QR payload and the PIN, then its
/// requests signed by <c>Uonet.Access.Client</c> see the account's children (R7, R8).
/// </summary>
public sealed class MobileApiTests : IDisposable
{
    private readonly MinimalApiFactory _factory = new();

    public void Dispose() => _factory.Dispose();

    [Fact]
    public async Task PairedPhone_SignedRequest_SeesTheChildrenAndAnUnsignedOneIs401_R7_R8()
    {
        using var http = await _factory.SignedInAsync("anna.nowak@example.pl");
        var pairing = await http.PostAsJsonAsync(new Uri("/gminawulkanowo/pairing", UriKind.Relative), new { });
        var ticket = (await pairing.Content.ReadFromJsonAsync<Ticket>())!;
        var scanned = PairingPayload.Parse(ticket.Payload);
        using var key = DeviceKey.Create();
        using var phone = new HttpClient(_factory.Server.CreateHandler());
        var registered = await new MobileApiClient(phone, scanned.Value.ApiBaseUrl).RegisterAsync(scanned.Value.Token, ticket.Pin, key, "Telefon Anny", "android");
        using var signed = new HttpClient(new DeviceSigningHandler(key, registered.Value.DeviceId, _factory.Time) { InnerHandler = _factory.Server.CreateHandler() });

        var pupils = await new MobileApiClient(signed, scanned.Value.ApiBaseUrl).GetPupilsAsync();
        using var unsigned = await phone.GetAsync(new Uri(scanned.Value.ApiBaseUrl, "pupils"));

        Assert.Equal(HttpStatusCode.OK, pairing.StatusCode);
        Assert.DoesNotContain(ticket.Pin, ticket.Payload, StringComparison.Ordinal);
        Assert.True(registered.Succeeded, registered.Error?.Code);
        Assert.True(pupils.Succeeded, pupils.Error?.Code);
        Assert.Equal(3, pupils.Value.Count);
        Assert.Equal(HttpStatusCode.Unauthorized, unsigned.StatusCode);
        Assert.Equal(AccessErrorCodes.SignatureMissing, (await ApiError.ReadAsync(unsigned)).Code);
    }

    [Fact]
    public async Task Pairing_WithoutASession_Answers401()
    {
        using var http = _factory.Browser();

        using var response = await http.PostAsJsonAsync(new Uri("/gminawulkanowo/pairing", UriKind.Relative), new { });

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task OpenApiDocument_IsServedByThePackage()
    {
        using var http = _factory.Browser();

        using var response = await http.GetAsync(new Uri("/gminawulkanowo/api/mobile/openapi.json", UriKind.Relative));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("/{symbol}/api/mobile/register", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    private sealed record Ticket(string Token, string Pin, string Payload, DateTimeOffset ExpiresAt);
}
