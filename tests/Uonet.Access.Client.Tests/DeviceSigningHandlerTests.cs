using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Time.Testing;
using Uonet.Access.Client.Tests.Infrastructure;
using Uonet.Access.Devices;

namespace Uonet.Access.Client.Tests;

/// <summary>
/// The handler's signatures, checked by the server's own <see cref="DeviceRequestVerifier"/> (R7): a device paired
/// through the library's public API, requests signed by the handler, verified exactly as they would arrive.
/// </summary>
public sealed class DeviceSigningHandlerTests : IAsyncLifetime
{
    private static readonly Uri Api = new("https://uonetplus.example.pl/gminawulkanowo/api/mobile/");
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 9, 1, 7, 30, 0, TimeSpan.Zero));
    private School _school = null!;

    public async Task InitializeAsync() => _school = await School.CreateAsync(_time, builder => builder.UseInMemoryStore());

    public async Task DisposeAsync() => await _school.DisposeAsync();

    [Fact]
    public async Task SendAsync_Get_VerifiedByTheServer_WithTheDeviceAndItsPupils_R7_R8()
    {
        using var key = DeviceKey.Create();
        var deviceId = await RegisterAsync(key);
        var (client, server) = Pipeline(key, deviceId);
        using (client)
        {
            using var response = await client.GetAsync(new Uri(Api, "pupils?okres=2"));

            Assert.True(server.Last.Succeeded, server.Last.ToString());
            Assert.Equal(deviceId, server.Last.Value.Device.Id);
            Assert.Equal(new[] { _school.Ola, _school.Piotr }.Order(), server.Last.Value.Pupils.Select(p => p.StudentId).Order());
            Assert.Null(server.Seen[^1].Request.Headers.FirstOrDefault(h => h.Key == "Content-Digest").Value);
        }
    }

    [Fact]
    public async Task SendAsync_PostWithBody_CarriesTheSha256ContentDigestOfTheBytesSent_AndVerifies()
    {
        using var key = DeviceKey.Create();
        var deviceId = await RegisterAsync(key);
        var (client, server) = Pipeline(key, deviceId);
        using (client)
        {
            using var response = await client.PostAsJsonAsync(new Uri(Api, "wiadomosci"), new { tresc = "Dzień dobry, Ola będzie jutro nieobecna." });

            var received = server.Seen[^1].Request;
            Assert.True(server.Last.Succeeded, server.Last.ToString());
            Assert.Equal("sha-256=:" + Convert.ToBase64String(SHA256.HashData(received.Body.Span)) + ":", received.Headers.Single(h => h.Key == "Content-Digest").Value);
            Assert.StartsWith("{\"tresc\":\"Dzie", Encoding.UTF8.GetString(received.Body.Span), StringComparison.Ordinal);
            Assert.Contains("\"content-digest\"", received.Headers.Single(h => h.Key == "Signature-Input").Value, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task SendAsync_BodyChangedAfterSigning_RefusedWithDigestMismatch()
    {
        using var key = DeviceKey.Create();
        var deviceId = await RegisterAsync(key);
        var server = new VerifyingServer(_school.Get<DeviceRequestVerifier>(), School.Symbol);
        using var client = new HttpClient(new DeviceSigningHandler(key, deviceId, _time) { InnerHandler = new BodySwap(server) });

        using var response = await client.PostAsync(new Uri(Api, "wiadomosci"), new StringContent("{\"kwota\":10}"));

        Assert.Equal("Signature.DigestMismatch", server.Last.Error!.Code);
    }

    [Fact]
    public async Task SendAsync_RsaKey_SignsRsaPssSha512_AndVerifies()
    {
        using var key = new DeviceKey(RSA.Create(2048));
        var deviceId = await RegisterAsync(key);
        var (client, server) = Pipeline(key, deviceId);
        using (client)
        {
            using var response = await client.GetAsync(new Uri(Api, "pupils"));

            Assert.True(server.Last.Succeeded, server.Last.ToString());
            Assert.Contains("alg=\"rsa-pss-sha512\"", server.Seen[^1].Request.Headers.Single(h => h.Key == "Signature-Input").Value, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task SendAsync_SameMessageSentTwice_SignedAfreshEachTime_NeitherIsAReplay()
    {
        using var key = DeviceKey.Create();
        var deviceId = await RegisterAsync(key);
        var server = new VerifyingServer(_school.Get<DeviceRequestVerifier>(), School.Symbol);
        using var invoker = new HttpMessageInvoker(new DeviceSigningHandler(key, deviceId, _time) { InnerHandler = server });
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(Api, "pupils"));

        (await invoker.SendAsync(request, CancellationToken.None)).Dispose();
        (await invoker.SendAsync(request, CancellationToken.None)).Dispose();

        Assert.All(server.Seen, seen => Assert.True(seen.Result.Succeeded, seen.Result.ToString()));
        Assert.Single(request.Headers.GetValues("Signature"));
        Assert.NotEqual(server.Seen[0].Request.Headers.Single(h => h.Key == "Signature").Value, server.Seen[1].Request.Headers.Single(h => h.Key == "Signature").Value);
    }

    [Fact]
    public async Task SendAsync_DeviceClockSixMinutesBehind_RefusedWithClockSkew_CreatedComesFromTheTimeProvider()
    {
        using var key = DeviceKey.Create();
        var deviceId = await RegisterAsync(key);
        var deviceClock = new FakeTimeProvider(_time.GetUtcNow() - TimeSpan.FromMinutes(6));
        var server = new VerifyingServer(_school.Get<DeviceRequestVerifier>(), School.Symbol);
        using var client = new HttpClient(new DeviceSigningHandler(key, deviceId, deviceClock) { InnerHandler = server });

        using var response = await client.GetAsync(new Uri(Api, "pupils"));

        Assert.Equal("Signature.ClockSkew", server.Last.Error!.Code);
        Assert.Contains($"created={deviceClock.GetUtcNow().ToUnixTimeSeconds()};", server.Seen[^1].Request.Headers.Single(h => h.Key == "Signature-Input").Value, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SendAsync_AnotherDevicesId_RefusedWithSignatureInvalid()
    {
        using var key = DeviceKey.Create();
        using var otherKey = DeviceKey.Create();
        var deviceId = await RegisterAsync(key);
        var (client, server) = Pipeline(otherKey, deviceId);
        using (client)
        {
            using var response = await client.GetAsync(new Uri(Api, "pupils"));

            Assert.Equal("Signature.Invalid", server.Last.Error!.Code);
        }
    }

    [Fact]
    public async Task SendAsync_RelativeRequestUri_ThrowsArgumentException()
    {
        using var key = DeviceKey.Create();
        using var invoker = new HttpMessageInvoker(new DeviceSigningHandler(key, Guid.NewGuid(), _time) { InnerHandler = new VerifyingServer(_school.Get<DeviceRequestVerifier>(), School.Symbol) });

        await Assert.ThrowsAsync<ArgumentException>("request", () => invoker.SendAsync(new HttpRequestMessage(HttpMethod.Get, new Uri("pupils", UriKind.Relative)), CancellationToken.None));
    }

    private (HttpClient Client, VerifyingServer Server) Pipeline(DeviceKey key, Guid deviceId)
    {
        var server = new VerifyingServer(_school.Get<DeviceRequestVerifier>(), School.Symbol);
        return (new HttpClient(new DeviceSigningHandler(key, deviceId, _time) { InnerHandler = server }), server);
    }

    private async Task<Guid> RegisterAsync(DeviceKey key)
    {
        var ticket = await _school.OpenPairingAsync();
        var registered = await _school.Get<MobileDevices>().RegisterDeviceAsync(School.Symbol, ticket.Token, ticket.Pin, new DeviceRegistration
        {
            Name = "Telefon Anny",
            Platform = "android",
            PublicKey = key.ExportSubjectPublicKeyInfo(),
        });
        Assert.True(registered.Succeeded, registered.ToString());
        return registered.Value.DeviceId;
    }

    /// <summary>A man in the middle who changes the body after the device signed it.</summary>
    private sealed class BodySwap(HttpMessageHandler inner) : DelegatingHandler(inner)
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            request.Content = new StringContent("{\"kwota\":10000}");
            return base.SendAsync(request, cancellationToken);
        }
    }
}
