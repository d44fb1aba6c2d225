using System.Globalization;
using System.Security.Claims;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Uonet.Access.AspNetCore.Http;
using Uonet.Access.AspNetCore.Sessions;
using Uonet.Access.Devices;
using Uonet.Access.Records;

namespace Uonet.Access.AspNetCore.Devices;

/// <summary>
/// The device scheme: an RFC 9421-signed request of a paired phone (R7), verified by the library for the instance of
/// the request's path (route value <c>symbol</c>, else the first path segment). Success gives a principal with the
/// device id, the account and its instance, and <see cref="DeviceRequestContext"/> with the pupils it sees now (R8); a
/// refusal is answered by the challenge with the library's code and the status of <see cref="AccessHttpStatus"/>.
/// </summary>
internal sealed class DeviceSignatureHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> schemeOptions,
    ILoggerFactory logger,
    UrlEncoder encoder,
    SchoolDirectory directory,
    DeviceRequestVerifier verifier,
    IOptions<UonetAccessAspNetCoreOptions> options)
    : AuthenticationHandler<AuthenticationSchemeOptions>(schemeOptions, logger, encoder)
{
    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var verified = await VerifyAsync().ConfigureAwait(false);
        if (!verified.Succeeded)
        {
            Context.Features.Set(new DeviceRefusal(verified.Error!));
            return AuthenticateResult.Fail(verified.Error!.Code);
        }

        var device = verified.Value;
        Context.Features.Set(device);
        var identity = new ClaimsIdentity(
            [
                new Claim(UonetClaimTypes.DeviceId, device.Device.Id.ToString("D", CultureInfo.InvariantCulture)),
                new Claim(ClaimTypes.NameIdentifier, device.Account.Id.ToString("D", CultureInfo.InvariantCulture)),
                new Claim(ClaimTypes.Email, device.Account.Email),
                new Claim(UonetClaimTypes.Instance, device.Account.InstanceSymbol),
            ],
            Scheme.Name,
            ClaimTypes.Email,
            ClaimTypes.Role);
        return AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), Scheme.Name));
    }

    protected override Task HandleChallengeAsync(AuthenticationProperties properties) =>
        AccessHttpResults.Refusal(Context.Features.Get<DeviceRefusal>()?.Error ?? new AccessError(AccessErrorCodes.SignatureMissing)).ExecuteAsync(Context);

    protected override Task HandleForbiddenAsync(AuthenticationProperties properties)
    {
        Response.StatusCode = StatusCodes.Status403Forbidden;
        return Task.CompletedTask;
    }

    private async Task<AccessResult<DeviceRequestContext>> VerifyAsync()
    {
        var symbol = Request.RouteValues["symbol"] as string ?? InstancePath.Symbol(Request.Path);
        if (InstanceSymbol.TryNormalize(symbol, out var normalized) is not null)
        {
            return UnknownInstance();
        }

        var verified = await VerifySignedAsync(normalized).ConfigureAwait(false);

        // The verifier accepts only a device of this instance, so a verified request proves the instance exists: the
        // directory is asked only for a refusal, to answer an unknown address as such whatever else was wrong, and the
        // success path costs the verifier's round trips alone.
        return verified.Succeeded || await directory.FindInstanceAsync(normalized, Context.RequestAborted).ConfigureAwait(false) is not null
            ? verified
            : UnknownInstance();
    }

    private async Task<AccessResult<DeviceRequestContext>> VerifySignedAsync(string symbol)
    {
        var request = await HttpSignedRequest.ReadAsync(Request, options.Value.MaxMobileBodyBytes, Context.RequestAborted).ConfigureAwait(false);
        if (!request.Succeeded)
        {
            return AccessResult<DeviceRequestContext>.Failure(request.Errors);
        }

        return await verifier.VerifyAsync(symbol, request.Value, Context.RequestAborted).ConfigureAwait(false);
    }

    private static AccessResult<DeviceRequestContext> UnknownInstance() => AccessResult<DeviceRequestContext>.Failure(AccessErrorCodes.InstanceNotFound, "symbol");
}

/// <summary>Why the device scheme refused the request, for its challenge and the mobile API.</summary>
/// <param name="Error">The refusal.</param>
internal sealed record DeviceRefusal(AccessError Error);
