using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text.Json;
using Uonet.Access.Devices;

namespace Uonet.Access.AspNetCore.Tests.Infrastructure;

/// <summary>A phone with the app: its own P-256 key, registration with a pairing ticket, and signed requests (RFC 9421).</summary>
public sealed class Phone : IDisposable
{
    private readonly HttpClient _http;
    private readonly ECDsa _key;

    public Phone(HttpClient http)
    {
        _http = http;
        PublicKey = DeviceRequestSigner.NewDeviceKey(out _key);
    }

    public byte[] PublicKey { get; }

    public Guid DeviceId { get; private set; }

    public async Task<HttpResponseMessage> RegisterAsync(string symbol, string token, string pin, string name = "Telefon Anny", string? platform = "android")
    {
        var response = await _http.PostAsJsonAsync(new Uri($"/{symbol}/api/mobile/register", UriKind.Relative), new
        {
            token,
            pin,
            deviceName = name,
            platform,
            publicKey = Convert.ToBase64String(PublicKey),
        });
        if (response.IsSuccessStatusCode)
        {
            using var body = await JsonDocument.ParseAsync(await response.Content.ReadAsStreamAsync());
            DeviceId = body.RootElement.GetProperty("deviceId").GetGuid();
        }

        return response;
    }

    /// <summary>A request signed at <paramref name="clock"/> for <paramref name="path"/>, as the app sends it.</summary>
    public HttpRequestMessage Signed(string path, DateTimeOffset clock, string? language = null, byte[]? body = null)
    {
        var target = new Uri(_http.BaseAddress!, path);
        var headers = DeviceRequestSigner.Sign("GET", target, body ?? [], DeviceId, _key, clock);
        var request = new HttpRequestMessage(HttpMethod.Get, target);
        if (body is not null)
        {
            request.Content = new ByteArrayContent(body);
        }

        foreach (var (name, value) in headers.ToHeaders())
        {
            if (!request.Headers.TryAddWithoutValidation(name, value))
            {
                request.Content!.Headers.TryAddWithoutValidation(name, value);
            }
        }

        if (language is not null)
        {
            request.Headers.AcceptLanguage.Add(new StringWithQualityHeaderValue(language));
        }

        return request;
    }

    public Task<HttpResponseMessage> SendAsync(HttpRequestMessage request) => _http.SendAsync(request);

    public void Dispose() => _key.Dispose();
}
