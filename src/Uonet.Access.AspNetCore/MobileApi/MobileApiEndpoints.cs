using System.Globalization;
using System.Text.Json;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Microsoft.Net.Http.Headers;
using Uonet.Access.AspNetCore.Devices;
using Uonet.Access.AspNetCore.Http;
using Uonet.Access.Devices;
using Uonet.Access.Records;

namespace Uonet.Access.AspNetCore.MobileApi;

/// <summary>
/// The JSON API of paired phones (R7, R8): registration with the pairing token, PIN and the device's public key, then
/// requests signed per RFC 9421 that the device scheme verifies. Refusals carry the library's code (see
/// <see cref="MobileApiDocument"/>). No anti-forgery: no cookie is read here.
/// </summary>
internal static partial class MobileApiEndpoints
{
    public const string Prefix = "/{symbol}/api/mobile";

    private static readonly int[] RegisterStatuses = [200, 400, 403, 404, 410, 413, 415, 503];
    private static readonly int[] SignedStatuses = [200, 400, 401, 404, 413, 503];
    private static readonly int[] DocumentStatuses = [200, 404, 503];

    public static RouteGroupBuilder Map(IEndpointRouteBuilder endpoints)
    {
        var api = endpoints.MapGroup(Prefix).AddEndpointFilter(AnswerServerErrorsAsync).AddEndpointFilter(AnswerInAskedLanguage).WithGroupName("uonet-mobile");
        Produces(api.MapPost("/register", RegisterAsync).WithName("registerDevice"), RegisterStatuses);
        Produces(api.MapGet("/pupils", (Delegate)PupilsAsync).WithName("listPupils"), SignedStatuses);
        Produces(api.MapGet("/pupils/{studentId}", PupilAsync).WithName("getPupil"), SignedStatuses);
        Produces(api.MapGet("/openapi.json", DocumentAsync).WithName("getOpenApiDocument"), DocumentStatuses);
        return api;
    }

    private static void Produces(RouteHandlerBuilder endpoint, int[] statuses)
    {
        foreach (var status in statuses)
        {
            endpoint.Produces(status, contentType: "application/json");
        }
    }

    private static async Task<IResult> RegisterAsync(string symbol, HttpContext context, SchoolDirectory directory, MobileDevices devices, IOptions<UonetAccessAspNetCoreOptions> options)
    {
        if (await FindInstanceAsync(directory, symbol, context.RequestAborted) is not { } instance)
        {
            return UnknownInstance();
        }

        var maxBody = options.Value.MaxMobileBodyBytes;
        if (context.Request.ContentLength > maxBody)
        {
            return AccessHttpResults.Refusal(new AccessError(HttpErrorCodes.RequestTooLarge));
        }

        if (!IsJson(context.Request.ContentType))
        {
            return AccessHttpResults.Refusal(new AccessError(HttpErrorCodes.RequestUnsupportedMediaType));
        }

        if (await HttpSignedRequest.ReadBodyAsync(context.Request, maxBody, context.RequestAborted) is not { } body)
        {
            return AccessHttpResults.Refusal(new AccessError(HttpErrorCodes.RequestTooLarge));
        }

        RegisterDeviceBody? request;
        try
        {
            request = JsonSerializer.Deserialize<RegisterDeviceBody>(body.Span, AccessJson.Options);
        }
        catch (JsonException)
        {
            request = null;
        }

        if (request is null)
        {
            return AccessHttpResults.Refusal(new AccessError(HttpErrorCodes.RequestMalformed));
        }

        var missing = new (string Name, string? Value)[] { ("token", request.Token), ("pin", request.Pin), ("deviceName", request.DeviceName), ("publicKey", request.PublicKey) }
            .FirstOrDefault(field => string.IsNullOrWhiteSpace(field.Value));
        if (missing.Name is not null)
        {
            return AccessHttpResults.Refusal(new AccessError(AccessErrorCodes.FieldRequired, missing.Name));
        }

        if (!TryDecodeBase64(request.PublicKey!, out var publicKey))
        {
            return AccessHttpResults.Refusal(new AccessError(AccessErrorCodes.PairingKeyRefused, "publicKey"));
        }

        var result = await devices.RegisterDeviceAsync(instance.Symbol, request.Token, request.Pin, new DeviceRegistration
        {
            Name = request.DeviceName!,
            Platform = request.Platform,
            PublicKey = publicKey,
            UserAgent = context.Request.Headers.UserAgent.ToString(),
            ClientAddress = context.Connection.RemoteIpAddress?.ToString(),
        }, CultureInfo.CurrentUICulture, context.RequestAborted);
        if (!result.Succeeded)
        {
            // The library calls the device's name "name"; the API's field is "deviceName".
            var error = result.Error!;
            return AccessHttpResults.Refusal(error.Field == "name" ? new AccessError(error.Code, "deviceName", error.Arguments) : error);
        }

        return Results.Json(new RegisteredDevice(result.Value.DeviceId, MobilePupil.Of(result.Value.Pupils)), AccessJson.Options);
    }

    private static async Task<IResult> PupilsAsync(HttpContext context)
    {
        var verified = await VerifyAsync(context);
        return verified.Succeeded
            ? Results.Json(new MobilePupils(MobilePupil.Of(verified.Value.Pupils)), AccessJson.Options)
            : AccessHttpResults.Refusal(verified.Error!);
    }

    private static async Task<IResult> PupilAsync(string studentId, HttpContext context)
    {
        var verified = await VerifyAsync(context);
        if (!verified.Succeeded)
        {
            return AccessHttpResults.Refusal(verified.Error!);
        }

        // Only a pupil the account sees now (R8): any other id, existing or not, is unknown to this device.
        var pupil = Guid.TryParse(studentId, out var id) ? verified.Value.Pupils.FirstOrDefault(p => p.StudentId == id) : null;
        return pupil is null
            ? AccessHttpResults.Refusal(new AccessError(AccessErrorCodes.StudentNotFound, "studentId"))
            : Results.Json(MobilePupil.Of(pupil), AccessJson.Options);
    }

    private static async Task<IResult> DocumentAsync(string symbol, HttpContext context, SchoolDirectory directory) =>
        await FindInstanceAsync(directory, symbol, context.RequestAborted) is null
            ? UnknownInstance()
            : Results.Text(MobileApiDocument.Json, "application/json; charset=utf-8");

    private static async Task<AccessResult<DeviceRequestContext>> VerifyAsync(HttpContext context)
    {
        var authenticated = await context.AuthenticateAsync(UonetAccessSchemes.Device);
        return authenticated.Succeeded && context.GetUonetDevice() is { } device
            ? AccessResult<DeviceRequestContext>.Success(device)
            : AccessResult<DeviceRequestContext>.Failure(context.Features.Get<DeviceRefusal>()?.Error ?? new AccessError(AccessErrorCodes.SignatureMissing));
    }

    private static bool IsJson(string? contentType) =>
        MediaTypeHeaderValue.TryParse(contentType, out var media)
        && media.MediaType.Equals("application/json", StringComparison.OrdinalIgnoreCase)
        && (media.Charset.Length == 0 || media.Charset.Equals("utf-8", StringComparison.OrdinalIgnoreCase));

    private static async Task<SchoolInstance?> FindInstanceAsync(SchoolDirectory directory, string symbol, CancellationToken cancellationToken) =>
        InstanceSymbol.TryNormalize(symbol, out var normalized) is null ? await directory.FindInstanceAsync(normalized, cancellationToken) : null;

    private static IResult UnknownInstance() => AccessHttpResults.Refusal(new AccessError(AccessErrorCodes.InstanceNotFound, "symbol"));

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

    // The app's Accept-Language decides the language of the answers and of the mails this request sends (a new device).
    private static ValueTask<object?> AnswerInAskedLanguage(EndpointFilterInvocationContext invocation, EndpointFilterDelegate next)
    {
        var culture = HttpTexts.Culture(invocation.HttpContext);
        CultureInfo.CurrentUICulture = culture;
        return next(invocation);
    }

    private static async ValueTask<object?> AnswerServerErrorsAsync(EndpointFilterInvocationContext invocation, EndpointFilterDelegate next)
    {
        try
        {
            return await next(invocation);
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            var logger = invocation.HttpContext.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger("Uonet.Access.AspNetCore.MobileApi");
            Failed(logger, exception);
            return AccessHttpResults.Refusal(new AccessError(HttpErrorCodes.ServerError));
        }
    }

    [LoggerMessage(EventId = 9301, Level = LogLevel.Error, Message = "The mobile API failed")]
    private static partial void Failed(ILogger logger, Exception exception);
}
