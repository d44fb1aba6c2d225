using System.Globalization;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Uonet.Access.Devices;
using Uonet.Access.Sample.Console.Output;

namespace Uonet.Access.Sample.Console.Commands.Devices;

/// <summary>
/// The web portal's mobile API (<c>/{symbol}/api/mobile/…</c>) as a phone calls it: registration unsigned, every
/// other request signed by the device key (RFC 9421, <see cref="DeviceRequestSigner"/>).
/// </summary>
internal sealed class MobileApiClient : IDisposable
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);
    private readonly HttpClient _http = new() { Timeout = TimeSpan.FromSeconds(30) };
    private readonly CultureInfo _culture;

    public MobileApiClient(Uri apiBase, CultureInfo culture)
    {
        ApiBase = apiBase;
        _culture = culture;
    }

    public Uri ApiBase { get; }

    /// <summary>
    /// The API base from <c>--api</c>: the pairing code's API address (<c>…/{symbol}/api/mobile/</c>) as it is, or the
    /// portal's root with <c>{symbol}/api/mobile/</c> added.
    /// </summary>
    public static Uri? ResolveBase(string api, string symbol)
    {
        if (!Uri.TryCreate(api, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps))
        {
            return null;
        }

        var text = uri.AbsoluteUri.EndsWith('/') ? uri.AbsoluteUri : uri.AbsoluteUri + "/";
        return text.EndsWith("/api/mobile/", StringComparison.Ordinal) ? new Uri(text) : new Uri(new Uri(text), Uri.EscapeDataString(symbol) + "/api/mobile/");
    }

    public Task<Answer<T>> PostAsync<T>(string path, object body, CancellationToken cancellationToken)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, new Uri(ApiBase, path)) { Content = JsonContent.Create(body, options: Json) };
        return SendAsync<T>(request, cancellationToken);
    }

    public Task<Answer<T>> GetSignedAsync<T>(string path, Guid deviceId, System.Security.Cryptography.ECDsa key, CancellationToken cancellationToken)
    {
        var target = new Uri(ApiBase, path);
        var request = new HttpRequestMessage(HttpMethod.Get, target);
        foreach (var (name, value) in DeviceRequestSigner.Sign("GET", target, [], deviceId, key, TimeProvider.System.GetUtcNow()).ToHeaders())
        {
            request.Headers.TryAddWithoutValidation(name, value);
        }

        return SendAsync<T>(request, cancellationToken);
    }

    public void Dispose() => _http.Dispose();

    private async Task<Answer<T>> SendAsync<T>(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        using (request)
        {
            request.Headers.AcceptLanguage.Add(new StringWithQualityHeaderValue(_culture.TwoLetterISOLanguageName));
            HttpResponseMessage response;
            try
            {
                response = await _http.SendAsync(request, cancellationToken);
            }
            catch (Exception exception) when (exception is HttpRequestException or TaskCanceledException && !cancellationToken.IsCancellationRequested)
            {
                throw new ToolFailure(ToolMessages.PortalUnreachable, new Dictionary<string, string> { ["url"] = request.RequestUri!.AbsoluteUri, ["detail"] = exception.Message });
            }

            using (response)
            {
                var status = ((int)response.StatusCode).ToString(CultureInfo.InvariantCulture);
                try
                {
                    if (response.IsSuccessStatusCode)
                    {
                        return new Answer<T>(await response.Content.ReadFromJsonAsync<T>(Json, cancellationToken) ?? throw new JsonException(), null);
                    }

                    // The API's error body carries the library's code and localized message; pass them on unchanged.
                    var error = await response.Content.ReadFromJsonAsync<ErrorView>(Json, cancellationToken);
                    if (error is { Code: { Length: > 0 }, Message: not null })
                    {
                        return new Answer<T>(default, error);
                    }
                }
                catch (Exception exception) when (exception is JsonException or NotSupportedException)
                {
                    // Not the API's JSON: reported below with the status.
                }

                throw new ToolFailure(ToolMessages.PortalAnswer, "status", status);
            }
        }
    }

    /// <summary>The portal's 2xx body, or its error.</summary>
    public sealed record Answer<T>(T? Body, ErrorView? Error);
}
