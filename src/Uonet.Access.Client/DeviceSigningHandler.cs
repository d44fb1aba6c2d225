using System.Net.Http.Headers;
using Uonet.Access.Devices;

namespace Uonet.Access.Client;

/// <summary>
/// Signs every request it sends with the device key, as the server's verifier expects (RFC 9421): the signature
/// <c>sig1</c> covers <c>@method</c>, <c>@target-uri</c> and, with a body, <c>content-digest</c> (RFC 9530, sha-256),
/// with <c>created</c> (now, from the <see cref="TimeProvider"/>), <c>keyid</c> (the device id) and <c>alg</c>. A
/// request is signed afresh each time it passes (a retry gets a new signature: the server refuses a repeated one).
/// </summary>
/// <remarks>
/// Put it in the pipeline of the <see cref="HttpClient"/> the app calls the mobile API with, once the device is
/// registered: <c>new HttpClient(new DeviceSigningHandler(key, deviceId) { InnerHandler = new SocketsHttpHandler() })</c>,
/// or <c>AddHttpMessageHandler</c> with IHttpClientFactory. The body is read once into memory to be digested and sent
/// exactly as signed. The device's clock must be right within the server's window (5 minutes by default), or the
/// server answers <c>Signature.ClockSkew</c>.
/// </remarks>
public sealed class DeviceSigningHandler : DelegatingHandler
{
    private readonly DeviceKey _key;
    private readonly Guid _deviceId;
    private readonly TimeProvider _time;

    /// <summary>Creates the handler; set <see cref="DelegatingHandler.InnerHandler"/> unless a factory does.</summary>
    /// <param name="key">The device key registered for <paramref name="deviceId"/>; the handler does not dispose it.</param>
    /// <param name="deviceId">The id the registration answered with.</param>
    /// <param name="timeProvider">The clock of <c>created</c>; the system clock by default.</param>
    public DeviceSigningHandler(DeviceKey key, Guid deviceId, TimeProvider? timeProvider = null)
    {
        _key = key ?? throw new ArgumentNullException(nameof(key));
        _deviceId = deviceId;
        _time = timeProvider ?? TimeProvider.System;
    }

    /// <summary>The device id every signature names as <c>keyid</c>.</summary>
    public Guid DeviceId => _deviceId;

    /// <inheritdoc />
    /// <exception cref="ArgumentException">The request has no absolute URI, or its method is not an HTTP token.</exception>
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (request.RequestUri is not { IsAbsoluteUri: true } target)
        {
            throw new ArgumentException("The request must have an absolute URI (set the HttpClient's BaseAddress).", nameof(request));
        }

        var body = request.Content is null ? [] : await request.Content.ReadAsByteArrayAsync(cancellationToken).ConfigureAwait(false);
        if (request.Content is not null)
        {
            // Sent from the bytes that were digested: a content stream cannot be read twice, nor change in between.
            var content = new ByteArrayContent(body);
            foreach (var header in request.Content.Headers)
            {
                content.Headers.TryAddWithoutValidation(header.Key, header.Value);
            }

            request.Content.Dispose();
            request.Content = content;
        }

        var fields = _key.Sign(request.Method.Method, target, body, _deviceId, _time.GetUtcNow());
        Replace(request.Headers, SignatureHeaderNames.SignatureInput, fields.SignatureInput);
        Replace(request.Headers, SignatureHeaderNames.Signature, fields.Signature);
        request.Headers.Remove(SignatureHeaderNames.ContentDigest);
        if (fields.ContentDigest is not null)
        {
            request.Headers.TryAddWithoutValidation(SignatureHeaderNames.ContentDigest, fields.ContentDigest);
        }

        return await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
    }

    private static void Replace(HttpRequestHeaders headers, string name, string value)
    {
        headers.Remove(name);
        headers.TryAddWithoutValidation(name, value);
    }
}
