using System.Globalization;
using System.Text.Json;
using Microsoft.AspNetCore.Http.Extensions;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.Extensions.Options;
using Microsoft.Net.Http.Headers;
using Uonet.Access.Devices;
using Uonet.Access.Records;

namespace Uonet.Access.Sample.Web.Api;

/// <summary>
/// The JSON API of paired phones (R7, R8): registration with the pairing token, PIN and the device's public key, then
/// requests signed per RFC 9421 that the library verifies. Refusals carry the library's code (see
/// <see cref="MobileApiErrors"/> and <c>wwwroot/openapi.json</c>). No anti-forgery: no cookie is read here.
/// </summary>
internal static partial class MobileApi
{
    // A registration with an 8192-bit RSA key is under 2 KiB; nothing valid comes near this.
    private const int MaxBodyBytes = 16 * 1024;

    public static void MapMobileApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/{symbol}/api/mobile").AddEndpointFilter(AnswerServerErrorsAsync);
        api.MapPost("/register", RegisterAsync);
        api.MapGet("/pupils", PupilsAsync);
        api.MapGet("/pupils/{studentId}", PupilAsync);
    }

    private static async Task<IResult> RegisterAsync(string symbol, HttpContext context, SchoolDirectory directory, MobileDevices devices, IOptions<JsonOptions> json)
    {
        if (await FindInstanceAsync(directory, symbol, context.RequestAborted) is not { } instance)
        {
            return UnknownInstance();
        }

        if (!IsJson(context.Request.ContentType))
        {
            return MobileApiErrors.Refusal(new AccessError(MobileApiErrors.RequestUnsupportedMediaType));
        }

        var (body, tooLarge) = await ReadBodyAsync(context);
        if (tooLarge is not null)
        {
            return MobileApiErrors.Refusal(tooLarge);
        }

        RegisterDeviceBody? request;
        try
        {
            request = JsonSerializer.Deserialize<RegisterDeviceBody>(body.Span, json.Value.SerializerOptions);
        }
        catch (JsonException)
        {
            request = null;
        }

        if (request is null)
        {
            return MobileApiErrors.Refusal(new AccessError(MobileApiErrors.RequestMalformed));
        }

        var missing = new (string Name, string? Value)[] { ("token", request.Token), ("pin", request.Pin), ("deviceName", request.DeviceName), ("publicKey", request.PublicKey) }
            .FirstOrDefault(field => string.IsNullOrWhiteSpace(field.Value));
        if (missing.Name is not null)
        {
            return MobileApiErrors.Refusal(new AccessError(AccessErrorCodes.FieldRequired, missing.Name));
        }

        if (!TryDecodeBase64(request.PublicKey!, out var publicKey))
        {
            return MobileApiErrors.Refusal(new AccessError(AccessErrorCodes.PairingKeyRefused, "publicKey"));
        }

        var result = await devices.RegisterDeviceAsync(instance.Symbol, request.Token, request.Pin, new DeviceRegistration
        {
            Name = request.DeviceName!,
            Platform = request.Platform,
            PublicKey = publicKey,
        }, CultureInfo.CurrentUICulture, context.RequestAborted);
        if (!result.Succeeded)
        {
            // The library calls the device's name "name"; the API's field is "deviceName".
            var error = result.Error!;
            return MobileApiErrors.Refusal(error.Field == "name" ? new AccessError(error.Code, "deviceName", error.Arguments) : error);
        }

        return Results.Ok(new RegisteredDevice(result.Value.DeviceId, MobilePupil.Of(result.Value.Pupils)));
    }

    private static async Task<IResult> PupilsAsync(string symbol, HttpContext context, SchoolDirectory directory, DeviceRequestVerifier verifier)
    {
        var verified = await VerifyAsync(symbol, context, directory, verifier);
        return verified.Succeeded
            ? Results.Ok(new MobilePupils(MobilePupil.Of(verified.Value.Pupils)))
            : MobileApiErrors.Refusal(verified.Error!);
    }

    private static async Task<IResult> PupilAsync(string symbol, string studentId, HttpContext context, SchoolDirectory directory, DeviceRequestVerifier verifier)
    {
        var verified = await VerifyAsync(symbol, context, directory, verifier);
        if (!verified.Succeeded)
        {
            return MobileApiErrors.Refusal(verified.Error!);
        }

        // Only a pupil the account sees now (R8): any other id, existing or not, is unknown to this device.
        var pupil = Guid.TryParse(studentId, out var id) ? verified.Value.Pupils.FirstOrDefault(p => p.StudentId == id) : null;
        return pupil is null
            ? MobileApiErrors.Refusal(new AccessError(AccessErrorCodes.StudentNotFound, "studentId"))
            : Results.Ok(MobilePupil.Of(pupil));
    }

    private static async Task<AccessResult<DeviceRequestContext>> VerifyAsync(string symbol, HttpContext context, SchoolDirectory directory, DeviceRequestVerifier verifier)
    {
        if (await FindInstanceAsync(directory, symbol, context.RequestAborted) is not { } instance)
        {
            return AccessResult<DeviceRequestContext>.Failure(AccessErrorCodes.InstanceNotFound, "symbol");
        }

        var (body, tooLarge) = await ReadBodyAsync(context);
        if (tooLarge is not null)
        {
            return AccessResult<DeviceRequestContext>.Failure(tooLarge);
        }

        // The target URI as the client addressed it: the scheme and Host header it used (behind a proxy, configure
        // forwarded headers so that these are the client's, not the proxy's).
        var request = context.Request;
        return await verifier.VerifyAsync(instance.Symbol, new SignedRequest
        {
            Method = request.Method,
            TargetUri = new Uri(request.GetEncodedUrl()),
            Headers = [.. request.Headers.SelectMany(h => h.Value.Select(v => new KeyValuePair<string, string>(h.Key, v ?? string.Empty)))],
            Body = body,
        }, context.RequestAborted);
    }

    private static async Task<SchoolInstance?> FindInstanceAsync(SchoolDirectory directory, string symbol, CancellationToken cancellationToken) =>
        InstanceSymbol.TryNormalize(symbol, out var normalized) is null ? await directory.FindInstanceAsync(normalized, cancellationToken) : null;

    private static IResult UnknownInstance() => MobileApiErrors.Refusal(new AccessError(AccessErrorCodes.InstanceNotFound, "symbol"));

    private static async Task<(ReadOnlyMemory<byte> Body, AccessError? TooLarge)> ReadBodyAsync(HttpContext context)
    {
        if (context.Request.ContentLength > MaxBodyBytes)
        {
            return (ReadOnlyMemory<byte>.Empty, new AccessError(MobileApiErrors.RequestTooLarge));
        }

        using var buffer = new MemoryStream();
        var chunk = new byte[4096];
        int read;
        while ((read = await context.Request.Body.ReadAsync(chunk, context.RequestAborted)) > 0)
        {
            if (buffer.Length + read > MaxBodyBytes)
            {
                return (ReadOnlyMemory<byte>.Empty, new AccessError(MobileApiErrors.RequestTooLarge));
            }

            buffer.Write(chunk, 0, read);
        }

        return (buffer.ToArray(), null);
    }

    /// <summary>Whether the body is declared <c>application/json</c>, in any case and with any parameters (<c>; charset=utf-8</c>).</summary>
    private static bool IsJson(string? contentType) =>
        MediaTypeHeaderValue.TryParse(contentType, out var type)
        && string.Equals(type.MediaType.Value, "application/json", StringComparison.OrdinalIgnoreCase);

    private static bool TryDecodeBase64(string text, out byte[] bytes)
    {
        bytes = new byte[text.Length];
        if (Convert.TryFromBase64String(text.Trim(), bytes, out var written))
        {
            bytes = bytes[..written];
            return true;
        }

        bytes = [];
        return false;
    }

    private static async ValueTask<object?> AnswerServerErrorsAsync(EndpointFilterInvocationContext invocation, EndpointFilterDelegate next)
    {
        try
        {
            return await next(invocation);
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            var logger = invocation.HttpContext.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(MobileApi));
            Failed(logger, exception);
            return MobileApiErrors.Refusal(new AccessError(MobileApiErrors.ServerError));
        }
    }

    [LoggerMessage(EventId = 9201, Level = LogLevel.Error, Message = "The mobile API failed")]
    private static partial void Failed(ILogger logger, Exception exception);
}
