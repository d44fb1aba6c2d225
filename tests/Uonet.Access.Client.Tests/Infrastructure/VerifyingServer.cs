using System.Net;
using Uonet.Access.Devices;

namespace Uonet.Access.Client.Tests.Infrastructure;

/// <summary>
/// The last handler of a client pipeline: hands each request, exactly as it would go on the wire (method, URI,
/// every header line, body), to the server's <see cref="DeviceRequestVerifier"/> and keeps what it answered.
/// </summary>
public sealed class VerifyingServer(DeviceRequestVerifier verifier, string symbol) : HttpMessageHandler
{
    private readonly List<(SignedRequest Request, AccessResult<DeviceRequestContext> Result)> _seen = [];

    public IReadOnlyList<(SignedRequest Request, AccessResult<DeviceRequestContext> Result)> Seen => _seen;

    public AccessResult<DeviceRequestContext> Last => _seen[^1].Result;

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var body = request.Content is null ? [] : await request.Content.ReadAsByteArrayAsync(cancellationToken);
        IEnumerable<KeyValuePair<string, IEnumerable<string>>> fields = request.Content is null ? request.Headers : request.Headers.Concat(request.Content.Headers);
        var received = new SignedRequest
        {
            Method = request.Method.Method,
            TargetUri = request.RequestUri!,
            Headers = [.. fields.SelectMany(field => field.Value.Select(value => new KeyValuePair<string, string>(field.Key, value)))],
            Body = body,
        };
        var result = await verifier.VerifyAsync(symbol, received, cancellationToken);
        _seen.Add((received, result));
        return new HttpResponseMessage(result.Succeeded ? HttpStatusCode.OK : HttpStatusCode.Unauthorized) { RequestMessage = request };
    }
}
