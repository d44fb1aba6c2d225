using System.Globalization;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;

namespace Uonet.Access.Client;

/// <summary>
/// The mobile API of a Uonet.Access portal (<c>…/{symbol}/api/mobile/</c>): registration with the pairing token, PIN
/// and device key, then the pupils the device's account sees. Refusals come back as <see cref="ClientResult{T}"/>
/// with the server's stable codes (<see cref="ClientErrorCodes"/>), as does a server that cannot be reached;
/// exceptions are for misuse only, and cancellation.
/// </summary>
/// <remarks>
/// Registration is not signed; every other call must be: give the client an <see cref="HttpClient"/> whose pipeline
/// holds a <see cref="DeviceSigningHandler"/> once the device is registered (registration through it does no harm).
/// The client does not own the <see cref="HttpClient"/>. Thread-safe.
/// </remarks>
public sealed class MobileApiClient
{
    // An answer without a field the contract requires is not the API's answer: refused rather than half read.
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        RespectNullableAnnotations = true,
        RespectRequiredConstructorParameters = true,
    };

    private readonly HttpClient _http;

    /// <summary>Creates a client of the API at <paramref name="apiBaseUrl"/>.</summary>
    /// <param name="httpClient">The HTTP client to send with (signing in its pipeline for the signed calls).</param>
    /// <param name="apiBaseUrl">The API's base address, as in <see cref="PairingPayload.ApiBaseUrl"/> (<c>…/{symbol}/api/mobile/</c>).</param>
    /// <exception cref="ArgumentException">The address is not an absolute http or https URL.</exception>
    public MobileApiClient(HttpClient httpClient, Uri apiBaseUrl)
    {
        _http = httpClient ?? throw new ArgumentNullException(nameof(httpClient));
        ArgumentNullException.ThrowIfNull(apiBaseUrl);
        if (!apiBaseUrl.IsAbsoluteUri || (apiBaseUrl.Scheme != Uri.UriSchemeHttps && apiBaseUrl.Scheme != Uri.UriSchemeHttp))
        {
            throw new ArgumentException("The API base URL must be an absolute http or https URL.", nameof(apiBaseUrl));
        }

        ApiBaseUrl = apiBaseUrl.AbsoluteUri.EndsWith('/') ? apiBaseUrl : new Uri(apiBaseUrl.AbsoluteUri + "/");
    }

    /// <summary>The API's base address, ending with <c>/</c>.</summary>
    public Uri ApiBaseUrl { get; }

    /// <summary>The language of messages (sent as <c>Accept-Language</c>): Polish unless English or Ukrainian. The current UI culture by default.</summary>
    public CultureInfo Culture { get; init; } = CultureInfo.CurrentUICulture;

    /// <summary>
    /// Registers the device (R7) with the ticket's token and the PIN the person typed, sending the public half of
    /// <paramref name="key"/>. Refusals: <c>Pairing.WrongPin</c> (<see cref="ClientError.RemainingTries"/>),
    /// <c>Pairing.TokenUnknown</c>, <c>Pairing.Expired</c>, <c>Pairing.AlreadyUsed</c>, <c>Pairing.Closed</c>,
    /// <c>Pairing.WrongSymbol</c>, <c>Pairing.KeyRefused</c>, <c>Field.Required</c>, <c>Field.TooLong</c>…
    /// </summary>
    /// <param name="token">The token, from <see cref="PairingPayload.Token"/> or typed (any case, dash optional).</param>
    /// <param name="pin">The 6-digit PIN shown beside the QR code.</param>
    /// <param name="key">The device key; keep it and the answer's device id for the signed calls.</param>
    /// <param name="deviceName">The name the person gives the phone, e.g. <c>Telefon Oli</c> (at most 100 characters).</param>
    /// <param name="platform">The platform, e.g. <c>android</c>; optional.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    public Task<ClientResult<RegisteredDevice>> RegisterAsync(string token, string pin, DeviceKey key, string deviceName, string? platform, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(token);
        ArgumentNullException.ThrowIfNull(pin);
        ArgumentNullException.ThrowIfNull(key);
        ArgumentNullException.ThrowIfNull(deviceName);
        var body = new RegisterBody(token, pin, deviceName, platform, Convert.ToBase64String(key.ExportSubjectPublicKeyInfo()));
        return SendAsync<RegisteredDevice>(HttpMethod.Post, "register", JsonContent.Create(body, options: Json), cancellationToken);
    }

    /// <summary>
    /// The pupils the device's account sees now (R8), with a signed request. A device the school or the person
    /// unregistered gets <c>Device.Revoked</c> with <see cref="ClientError.RevocationReason"/> (R9).
    /// </summary>
    /// <param name="cancellationToken">Cancels the call.</param>
    public async Task<ClientResult<IReadOnlyList<MobilePupil>>> GetPupilsAsync(CancellationToken cancellationToken = default)
    {
        var listed = await SendAsync<PupilList>(HttpMethod.Get, "pupils", null, cancellationToken).ConfigureAwait(false);
        return listed.Succeeded
            ? ClientResult<IReadOnlyList<MobilePupil>>.Success(listed.Value.Pupils)
            : ClientResult<IReadOnlyList<MobilePupil>>.Failure(listed.Error!);
    }

    /// <summary>One pupil the device's account sees now, with a signed request; any other id is <c>Record.StudentNotFound</c>.</summary>
    /// <param name="studentId">The pupil's id.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    public Task<ClientResult<MobilePupil>> GetPupilAsync(Guid studentId, CancellationToken cancellationToken = default) =>
        SendAsync<MobilePupil>(HttpMethod.Get, "pupils/" + studentId.ToString("D"), null, cancellationToken);

    private async Task<ClientResult<T>> SendAsync<T>(HttpMethod method, string path, HttpContent? content, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(method, new Uri(ApiBaseUrl, path)) { Content = content };
        request.Headers.AcceptLanguage.Add(new StringWithQualityHeaderValue(Culture.TwoLetterISOLanguageName));
        HttpResponseMessage response;
        try
        {
            response = await _http.SendAsync(request, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception exception) when (exception is HttpRequestException or TaskCanceledException && !cancellationToken.IsCancellationRequested)
        {
            var error = ClientMessages.Error(ClientErrorCodes.ClientUnreachable, Culture, arguments: new Dictionary<string, string> { ["url"] = request.RequestUri!.AbsoluteUri });
            return ClientResult<T>.Failure(error with { Exception = exception });
        }

        using (response)
        {
            var status = (int)response.StatusCode;
            try
            {
                if (response.IsSuccessStatusCode)
                {
                    if (await response.Content.ReadFromJsonAsync<T>(Json, cancellationToken).ConfigureAwait(false) is { } value)
                    {
                        return ClientResult<T>.Success(value);
                    }
                }
                else if (await response.Content.ReadFromJsonAsync<ErrorBody>(Json, cancellationToken).ConfigureAwait(false) is { Code.Length: > 0, Message: not null } body)
                {
                    // The server's code and localized message, passed on unchanged.
                    return ClientResult<T>.Failure(new ClientError
                    {
                        Code = body.Code,
                        Message = body.Message,
                        Field = body.Field,
                        Arguments = body.Arguments ?? new Dictionary<string, string>(),
                        StatusCode = status,
                        RetryAfter = response.Headers.RetryAfter?.Delta,
                    });
                }
            }
            catch (Exception exception) when (exception is JsonException or NotSupportedException)
            {
                // Not the API's JSON: answered below with the status.
            }

            var unexpected = ClientMessages.Error(ClientErrorCodes.ClientUnexpectedAnswer, Culture, arguments: new Dictionary<string, string> { ["status"] = status.ToString(CultureInfo.InvariantCulture) });
            return ClientResult<T>.Failure(unexpected with { StatusCode = status });
        }
    }

    private sealed record RegisterBody(string Token, string Pin, string DeviceName, string? Platform, string PublicKey);

    private sealed record PupilList(IReadOnlyList<MobilePupil> Pupils);

    private sealed record ErrorBody(string? Code, string? Message, string? Field, Dictionary<string, string>? Arguments);
}
