using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Uonet.Access.AspNetCore.Tests.Infrastructure;
using Uonet.Access.DependencyInjection;
using Uonet.Access.Devices;

namespace Uonet.Access.AspNetCore.Tests.MobileApi;

/// <summary>
/// The store work of a signed phone request through the real device scheme (R7, R8): the verifier's two round trips
/// and nothing more on success, and an unknown address still answered as such whatever else is wrong with the request.
/// </summary>
public sealed class SignedRequestStoreWorkTests : IAsyncLifetime
{
    private const string Pupils = "/gminawulkanowo/api/mobile/pupils";

    private AccessHost _host = null!;
    private CountingStore _counter = null!;

    public async Task InitializeAsync()
    {
        var (store, counter) = CountingStore.Create();
        _counter = counter;
        _host = await AccessHost.StartAsync(services: services => new UonetAccessBuilder(services).UseStore(_ => store));
    }

    public async Task DisposeAsync() => await _host.DisposeAsync();

    [Fact]
    public async Task SignedPupils_Verified_TwoStoreRoundTrips_TheSnapshotAndTheReplayEntry_R7_R8()
    {
        using var phone = await RegisteredPhoneAsync();
        var warmUp = await phone.SendAsync(phone.Signed(Pupils, _host.Time.GetUtcNow()));
        Assert.Equal(HttpStatusCode.OK, warmUp.StatusCode);

        var before = _counter.Calls;
        var response = await phone.SendAsync(phone.Signed(Pupils, _host.Time.GetUtcNow()));
        var calls = _counter.Calls - before;

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);

        // The device snapshot (device, account, records, units) and the replay-cache entry; no instance look-up, since
        // a device verified for this address proves its instance.
        Assert.Equal(2, calls);
    }

    [Theory]
    [InlineData("valid")]
    [InlineData("unsigned")]
    [InlineData("tampered")]
    [InlineData("malformed")]
    [InlineData("late")]
    [InlineData("unknown device")]
    [InlineData("too large")]
    public async Task SignedRequest_AtAnUnknownAddress_Answers404InstanceNotFound_WhateverElseIsWrong_R6(string kind)
    {
        using var phone = await RegisteredPhoneAsync();
        const string path = "/nieznanagmina/api/mobile/pupils";
        var now = _host.Time.GetUtcNow();
        using var request = kind switch
        {
            "valid" => phone.Signed(path, now),
            "unsigned" => new HttpRequestMessage(HttpMethod.Get, path),
            "tampered" => Tampered(phone.Signed(path, now)),
            "malformed" => Malformed(new HttpRequestMessage(HttpMethod.Get, path)),
            "late" => phone.Signed(path, now.AddMinutes(-10)),
            "unknown device" => UnknownDevice(path, now),
            _ => phone.Signed(path, now, body: new byte[20_000]),
        };

        using var http = _host.Client();
        var response = await http.SendAsync(request);
        var error = await ApiError.ReadAsync(response);

        Assert.Equal((HttpStatusCode.NotFound, AccessErrorCodes.InstanceNotFound, "symbol"), (response.StatusCode, error.Code, error.Field));
    }

    [Fact]
    public async Task SignedRequest_AtAnAddressThatIsNoSymbol_Answers404InstanceNotFoundWithoutStoreWork()
    {
        using var phone = await RegisteredPhoneAsync();
        const string path = "/%EF%BD%87minawulkanowo/api/mobile/pupils";

        // The first request also fills the maintenance schedule's cache for an address of no instance.
        await phone.SendAsync(phone.Signed(path, _host.Time.GetUtcNow()));
        var before = _counter.Calls;
        var response = await phone.SendAsync(phone.Signed(path, _host.Time.GetUtcNow()));
        var calls = _counter.Calls - before;

        Assert.Equal((HttpStatusCode.NotFound, AccessErrorCodes.InstanceNotFound), (response.StatusCode, (await ApiError.ReadAsync(response)).Code));
        Assert.Equal(0, calls);
    }

    private static HttpRequestMessage Tampered(HttpRequestMessage request)
    {
        var signature = request.Headers.GetValues("Signature").Single();
        request.Headers.Remove("Signature");
        request.Headers.TryAddWithoutValidation("Signature", signature[..10] + (signature[10] == 'A' ? 'B' : 'A') + signature[11..]);
        return request;
    }

    private static HttpRequestMessage Malformed(HttpRequestMessage request)
    {
        request.Headers.TryAddWithoutValidation("Signature-Input", "sig1=(\"@method\";created=oops");
        request.Headers.TryAddWithoutValidation("Signature", "sig1=:!!:");
        return request;
    }

    private HttpRequestMessage UnknownDevice(string path, DateTimeOffset now)
    {
        using var stranger = new Phone(_host.Client());
        return stranger.Signed(path, now);
    }

    private async Task<Phone> RegisteredPhoneAsync()
    {
        var (email, _) = await _host.AddFamilyAsync();
        var ticket = await _host.SignInAsync(email);
        var pairing = await _host.Services.GetRequiredService<MobileDevices>().CreatePairingAsync(ticket);
        Assert.True(pairing.Succeeded, pairing.ToString());
        var phone = new Phone(_host.Client());
        Assert.Equal(HttpStatusCode.OK, (await phone.RegisterAsync(AccessHost.Symbol, pairing.Value.Token, pairing.Value.Pin)).StatusCode);
        return phone;
    }
}
