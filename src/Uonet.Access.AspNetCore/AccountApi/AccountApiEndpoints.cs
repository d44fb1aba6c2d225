using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Uonet.Access.AspNetCore.Authorization;
using Uonet.Access.AspNetCore.Devices;
using Uonet.Access.AspNetCore.Http;
using Uonet.Access.AspNetCore.Sessions;
using Uonet.Access.Credentials;
using Uonet.Access.Devices;

namespace Uonet.Access.AspNetCore.AccountApi;

/// <summary>
/// First login / "Przywróć dostęp", sign-in with its second step, sign-out, the pupils of the signed-in person and
/// pairing, as JSON for a host's script or app. Only JSON bodies are read and the session cookie is <c>SameSite=Lax</c>,
/// so no cross-site form can post here; the body is read by the package, so a broken one is refused with a code and a
/// message in the request's language rather than an empty 400.
/// </summary>
internal static class AccountApiEndpoints
{
    // The largest valid body is /first-login/complete's: a token and a password the policy accepts, at most 4,096 code
    // points (PasswordPolicyOptions.MaxLength's ceiling), each up to 12 bytes when JSON escapes it as a surrogate pair
    // (\uD835\uDC00). 48 KiB of password and room for the rest; anything beyond that is no request of ours.
    private const int MaxBodyBytes = 64 * 1024;

    public static RouteGroupBuilder Map(IEndpointRouteBuilder endpoints)
    {
        var api = endpoints.MapGroup(string.Empty).WithGroupName("uonet-account");
        api.MapPost("/{symbol}/first-login", StartAsync).WithName("uonetFirstLogin");
        api.MapPost("/first-login/complete", CompleteAsync).WithName("uonetFirstLoginComplete");
        api.MapPost("/{symbol}/sign-in", SignInAsync).WithName("uonetSignIn");
        api.MapPost("/{symbol}/sign-in/second-step", SecondStepAsync).WithName("uonetSignInSecondStep");
        api.MapPost("/{symbol}/sign-out", SignOutAsync).WithName("uonetSignOut");
        api.MapGet("/{symbol}/pupils", Pupils).WithName("uonetPupils").RequireAuthorization(UonetPolicies.SignedIn);
        api.MapPost("/{symbol}/pairing", PairingAsync).WithName("uonetPairing").RequireAuthorization(UonetPolicies.SignedIn);
        return api;
    }

    // The same answer for every address (R3, R4): whether a link went out is said only by mail.
    private static async Task<IResult> StartAsync(string symbol, HttpContext context, RestoreAccess restore)
    {
        var (body, refused) = await ReadAsync<StartBody>(context);
        if (refused is not null)
        {
            return refused;
        }

        var started = await restore.StartAsync(new StartAccessRequest
        {
            InstanceSymbol = symbol, Email = body!.Email ?? string.Empty, HumanCheckResponse = body.HumanCheck, ClientKey = ClientKey(context),
        }, context.RequestAborted);
        return started.Succeeded ? Results.Accepted() : AccessHttpResults.Refusal(started.Error!);
    }

    // A refusal by the password policy leaves the link usable; only a success spends it.
    private static async Task<IResult> CompleteAsync(HttpContext context, RestoreAccess restore)
    {
        var (body, refused) = await ReadAsync<CompleteBody>(context);
        if (refused is not null)
        {
            return refused;
        }

        var done = await restore.CompleteAsync(new CompleteAccessRequest { Token = body!.Token ?? string.Empty, Password = body.Password ?? string.Empty }, context.RequestAborted);
        return done.Succeeded ? Results.NoContent() : AccessHttpResults.Refusal(done.Error!);
    }

    private static async Task<IResult> SignInAsync(string symbol, HttpContext context, AccountSignIn signIn, SessionCookies sessions, SecondStepCookie step)
    {
        var (body, refused) = await ReadAsync<SignInBody>(context);
        if (refused is not null)
        {
            return refused;
        }

        var result = await signIn.SignInAsync(new SignInRequest
        {
            InstanceSymbol = symbol, Email = body!.Email ?? string.Empty, Password = body.Password ?? string.Empty, ClientKey = ClientKey(context),
        }, context.RequestAborted);
        return Answer(result, symbol, context, sessions, step);
    }

    private static async Task<IResult> SecondStepAsync(string symbol, HttpContext context, AccountSignIn signIn, SessionCookies sessions, SecondStepCookie step)
    {
        var (body, refused) = await ReadAsync<SecondStepBody>(context);
        if (refused is not null)
        {
            return refused;
        }

        if (step.Find(context, symbol) is not { } ticket)
        {
            return AccessHttpResults.Refusal(new AccessError(AccessErrorCodes.SignInSecondFactorTicketInvalid));
        }

        var result = await signIn.CompleteSecondFactorAsync(new SecondFactorRequest
        {
            InstanceSymbol = symbol, Ticket = ticket, TotpCode = body!.Code, RecoveryCode = body.RecoveryCode, ClientKey = ClientKey(context),
        }, context.RequestAborted);
        return Answer(result, symbol, context, sessions, step);
    }

    private static async Task<IResult> SignOutAsync(string symbol, HttpContext context, SessionCookies sessions)
    {
        await sessions.SignOutAsync(context, symbol, context.RequestAborted);
        return Results.NoContent();
    }

    // The "Uczeń" selector: whom the account sees now, derived from the records on this request (R5, R8).
    private static IResult Pupils(HttpContext context) =>
        Results.Json(context.GetUonetSession()!.Pupils.Select(AccountPupil.Of), AccessJson.Options);

    // "Dostęp mobilny" (R7): the PIN goes beside the QR code, never into its payload.
    private static async Task<IResult> PairingAsync(HttpContext context, MobileDevices devices)
    {
        var pairing = await devices.CreatePairingAsync(context.GetUonetSession()!.Ticket, context.RequestAborted);
        return pairing.Succeeded
            ? Results.Json(new PairingAnswer(pairing.Value.Token, pairing.Value.Pin, pairing.Value.Payload, pairing.Value.ExpiresAt), AccessJson.Options)
            : AccessHttpResults.Refusal(pairing.Error!);
    }

    // With a second factor only the single-use ticket is kept (in the second-step cookie); the session cookie comes
    // after the factor, and the ticket's cookie goes then (R3, R10).
    private static IResult Answer(AccountSignInResult result, string symbol, HttpContext context, SessionCookies sessions, SecondStepCookie step)
    {
        if (result.Outcome == SignInOutcome.RequiresSecondFactor && result.SecondFactorTicket is { } ticket)
        {
            step.Keep(context, symbol, ticket);
            return Results.Json(new SignInAnswer(SecondFactor: true), AccessJson.Options);
        }

        if (!result.Succeeded)
        {
            return AccessHttpResults.Refusal(result.Error!);
        }

        step.Drop(context, symbol);
        sessions.SignIn(context, symbol, result.SessionTicket!);
        return Results.Json(new SignInAnswer(SecondFactor: false), AccessJson.Options);
    }

    private static async Task<(TBody? Body, IResult? Refused)> ReadAsync<TBody>(HttpContext context)
        where TBody : class
    {
        if (!context.Request.HasJsonContentType())
        {
            return (null, AccessHttpResults.Refusal(new AccessError(HttpErrorCodes.RequestUnsupportedMediaType)));
        }

        if (await HttpSignedRequest.ReadBodyAsync(context.Request, MaxBodyBytes, context.RequestAborted) is not { } bytes)
        {
            return (null, AccessHttpResults.Refusal(new AccessError(HttpErrorCodes.RequestTooLarge)));
        }

        try
        {
            return JsonSerializer.Deserialize<TBody>(bytes.Span, AccessJson.Options) is { } body
                ? (body, null)
                : (null, AccessHttpResults.Refusal(new AccessError(HttpErrorCodes.RequestMalformed)));
        }
        catch (JsonException)
        {
            return (null, AccessHttpResults.Refusal(new AccessError(HttpErrorCodes.RequestMalformed)));
        }
    }

    // Behind a proxy the host runs UseForwardedHeaders first; the package never reads X-Forwarded-For itself.
    private static string? ClientKey(HttpContext context) => context.Connection.RemoteIpAddress?.ToString();
}
