using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Uonet.Access.AspNetCore.Http;
using Uonet.Access.AspNetCore.Sessions;
using Uonet.Access.Credentials;
using Uonet.Access.Passkeys;
using Uonet.Access.Sessions;

namespace Uonet.Access.AspNetCore.Passkeys;

/// <summary>
/// The four WebAuthn ceremony steps as JSON for a page's script: sign-in options and verification (which sets the
/// session cookie), and — for the signed-in person — registration options (after the password or a code again) and
/// verification. Every step reads or sets the session cookie, so every step checks the anti-forgery token (header
/// <c>RequestVerificationToken</c>): a page of another site can neither add a passkey nor sign the browser into an
/// account of its choosing. Refusals carry the library's code and status (<see cref="AccessHttpResults.Refusal"/>).
/// </summary>
internal static class PasskeyEndpoints
{
    public const string Prefix = "/{symbol}/api/passkeys";

    private const int MaxBodyBytes = 64 * 1024;

    public static RouteGroupBuilder Map(IEndpointRouteBuilder endpoints)
    {
        var api = endpoints.MapGroup(Prefix).WithGroupName("uonet-passkeys").DisableAntiforgery();
        api.MapPost("/sign-in/options", SignInOptionsAsync).WithName("passkeySignInOptions");
        api.MapPost("/sign-in", SignInAsync).WithName("passkeySignIn");
        api.MapPost("/register/options", RegisterOptionsAsync).WithName("passkeyRegisterOptions");
        api.MapPost("/register", RegisterAsync).WithName("passkeyRegister");
        return api;
    }

    private static async Task<IResult> SignInOptionsAsync(HttpContext context, string symbol)
    {
        if (await RefusedRequestAsync(context) is { } refused)
        {
            return refused;
        }

        var body = await ReadAsync(context);
        var begun = await context.RequestServices.GetRequiredService<PasskeySignIn>().BeginAsync(symbol, Text(body, "email"), context.RequestAborted);
        return begun.Succeeded ? Options(begun.Value) : AccessHttpResults.Refusal(begun.Errors[0]);
    }

    private static async Task<IResult> SignInAsync(HttpContext context, string symbol)
    {
        if (await RefusedRequestAsync(context) is { } refused)
        {
            return refused;
        }

        var body = await ReadAsync(context);
        var services = context.RequestServices;
        var result = await services.GetRequiredService<PasskeySignIn>().CompleteAsync(new PasskeySignInRequest
        {
            InstanceSymbol = symbol,
            ResponseJson = body?["credential"]?.ToJsonString() ?? string.Empty,
            ClientKey = context.Connection.RemoteIpAddress?.ToString(),
            ClientAddress = context.Connection.RemoteIpAddress?.ToString(),
            UserAgent = context.Request.Headers.UserAgent.ToString(),
        }, context.RequestAborted);
        if (result.Outcome != SignInOutcome.Success)
        {
            return AccessHttpResults.Refusal(result.Error!);
        }

        services.GetRequiredService<SessionCookies>().SignIn(context, symbol, result.SessionTicket!);
        return Results.Json(new SignedIn(result.Pupils.Count), AccessJson.Options);
    }

    private static async Task<IResult> RegisterOptionsAsync(HttpContext context, string symbol)
    {
        if (await RefusedRequestAsync(context) is { } refused)
        {
            return refused;
        }

        if (await SessionAsync(context, symbol) is not { } session)
        {
            return AccessHttpResults.Refusal(new AccessError(AccessErrorCodes.SessionSignedOut));
        }

        var body = await ReadAsync(context);
        var proof = new SessionEndProof
        {
            Password = Text(body, "password"),
            TotpCode = Text(body, "totpCode"),
            RecoveryCode = Text(body, "recoveryCode"),
            ClientKey = context.Connection.RemoteIpAddress?.ToString(),
        };
        var begun = await context.RequestServices.GetRequiredService<AccountPasskeys>().BeginRegistrationAsync(session.Ticket, proof, context.RequestAborted);
        return begun.Succeeded ? Options(begun.Value) : AccessHttpResults.Refusal(begun.Errors[0]);
    }

    private static async Task<IResult> RegisterAsync(HttpContext context, string symbol)
    {
        if (await RefusedRequestAsync(context) is { } refused)
        {
            return refused;
        }

        if (await SessionAsync(context, symbol) is not { } session)
        {
            return AccessHttpResults.Refusal(new AccessError(AccessErrorCodes.SessionSignedOut));
        }

        var body = await ReadAsync(context);
        var added = await context.RequestServices.GetRequiredService<AccountPasskeys>().CompleteRegistrationAsync(
            session.Ticket,
            body?["credential"]?.ToJsonString(),
            Text(body, "name"),
            System.Globalization.CultureInfo.CurrentUICulture,
            context.RequestAborted);
        return added.Succeeded
            ? Results.Json(added.Value, AccessJson.Options, statusCode: StatusCodes.Status201Created)
            : AccessHttpResults.Refusal(added.Errors[0]);
    }

    /// <summary>A body that is not small JSON, or a missing or wrong anti-forgery token, is refused before anything else.</summary>
    private static async Task<IResult?> RefusedRequestAsync(HttpContext context)
    {
        if (context.Request.ContentLength is > MaxBodyBytes)
        {
            return AccessHttpResults.Refusal(new AccessError(HttpErrorCodes.RequestTooLarge));
        }

        if (!context.Request.HasJsonContentType())
        {
            return AccessHttpResults.Refusal(new AccessError(HttpErrorCodes.RequestUnsupportedMediaType));
        }

        var antiforgery = context.RequestServices.GetRequiredService<IAntiforgery>();
        return await antiforgery.IsRequestValidAsync(context) ? null : AccessHttpResults.Refusal(new AccessError(HttpErrorCodes.AntiforgeryInvalid));
    }

    private static async Task<UonetSession?> SessionAsync(HttpContext context, string symbol)
    {
        await context.AuthenticateAsync(UonetAccessSchemes.Session);
        return context.GetUonetSession() is { } session && string.Equals(session.Symbol, symbol, StringComparison.Ordinal) ? session : null;
    }

    private static async Task<JsonObject?> ReadAsync(HttpContext context)
    {
        try
        {
            return await JsonNode.ParseAsync(context.Request.Body, cancellationToken: context.RequestAborted) as JsonObject;
        }
        catch (JsonException)
        {
            // The library refuses a missing answer or e-mail with its own code; a broken body is no different.
            return null;
        }
    }

    private static string? Text(JsonObject? body, string name) =>
        body?[name] is JsonValue value && value.TryGetValue<string>(out var text) ? text : null;

    private static IResult Options(PasskeyCeremonyOptions options) =>
        Results.Json(new CeremonyOptions(JsonNode.Parse(options.OptionsJson)!, options.ExpiresAt), AccessJson.Options);

    private sealed record CeremonyOptions(JsonNode PublicKey, DateTimeOffset ExpiresAt);

    private sealed record SignedIn(int Pupils);
}
