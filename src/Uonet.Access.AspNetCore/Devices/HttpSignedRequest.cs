using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Extensions;
using Uonet.Access.AspNetCore.Http;
using Uonet.Access.Devices;

namespace Uonet.Access.AspNetCore.Devices;

/// <summary>Builds the library's <see cref="SignedRequest"/> from an ASP.NET Core request, for <see cref="DeviceRequestVerifier"/>.</summary>
public static class HttpSignedRequest
{
    /// <summary>
    /// Reads the request as the client sent it: the method; the target URI from the scheme, <c>Host</c>, path base, path
    /// and query the server received (behind a proxy, run <c>UseForwardedHeaders</c> first so that they are the
    /// client's); every header field line; and the body, read up to <paramref name="maxBodyBytes"/> and then rewound so
    /// that the endpoint can read it again. A larger body is refused with <see cref="HttpErrorCodes.RequestTooLarge"/>
    /// before more of it is read; an address that is no URI with <see cref="HttpErrorCodes.RequestMalformed"/>.
    /// </summary>
    /// <param name="request">The request.</param>
    /// <param name="maxBodyBytes">The largest body read.</param>
    /// <param name="cancellationToken">Cancels reading the body.</param>
    public static async Task<AccessResult<SignedRequest>> ReadAsync(HttpRequest request, int maxBodyBytes, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentOutOfRangeException.ThrowIfNegative(maxBodyBytes);
        var body = await ReadBodyAsync(request, maxBodyBytes, cancellationToken).ConfigureAwait(false);
        if (body is null)
        {
            return AccessResult<SignedRequest>.Failure(HttpErrorCodes.RequestTooLarge);
        }

        if (!Uri.TryCreate(request.GetEncodedUrl(), UriKind.Absolute, out var target))
        {
            return AccessResult<SignedRequest>.Failure(HttpErrorCodes.RequestMalformed);
        }

        return AccessResult<SignedRequest>.Success(new SignedRequest
        {
            Method = request.Method,
            TargetUri = target,
            Headers = [.. request.Headers.SelectMany(h => h.Value.Select(v => new KeyValuePair<string, string>(h.Key, v ?? string.Empty)))],
            Body = body.Value,
        });
    }

    /// <summary>The body, at most <paramref name="maxBodyBytes"/>, rewound for the next reader; <see langword="null"/> when larger.</summary>
    internal static async Task<ReadOnlyMemory<byte>?> ReadBodyAsync(HttpRequest request, int maxBodyBytes, CancellationToken cancellationToken)
    {
        if (request.ContentLength > maxBodyBytes)
        {
            return null;
        }

        request.EnableBuffering(bufferThreshold: Math.Min(maxBodyBytes + 1, 64 * 1024), bufferLimit: maxBodyBytes + 1L);
        using var buffer = new MemoryStream();
        var chunk = new byte[4096];
        int read;
        try
        {
            while ((read = await request.Body.ReadAsync(chunk, cancellationToken).ConfigureAwait(false)) > 0)
            {
                if (buffer.Length + read > maxBodyBytes)
                {
                    return null;
                }

                buffer.Write(chunk, 0, read);
            }
        }
        catch (IOException) when (!cancellationToken.IsCancellationRequested)
        {
            // The buffering stream refuses to hold more than its limit: the body is too large.
            return null;
        }

        request.Body.Position = 0;
        return buffer.ToArray();
    }
}
