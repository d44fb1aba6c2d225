using Microsoft.AspNetCore.Routing;
using Uonet.Access.AspNetCore.AccountApi;
using Uonet.Access.AspNetCore.DependencyInjection;

namespace Microsoft.AspNetCore.Builder;

/// <summary>Maps the JSON account endpoints of Uonet.Access that every host's script or app calls.</summary>
public static class AccountApiEndpointRouteBuilderExtensions
{
    /// <summary>
    /// Maps the account endpoints as JSON: <c>POST /{symbol}/first-login</c> (<c>{"email","humanCheck"?}</c>, 202 for
    /// every address, R3), <c>POST /first-login/complete</c> (<c>{"token","password"}</c>, 204), <c>POST /{symbol}/sign-in</c>
    /// (<c>{"email","password"}</c>, 200 <c>{"secondFactor"}</c> with the session cookie, or only the second-step cookie),
    /// <c>POST /{symbol}/sign-in/second-step</c> (<c>{"code"?,"recoveryCode"?}</c>), <c>POST /{symbol}/sign-out</c> (204),
    /// and for the signed-in person <c>GET /{symbol}/pupils</c> and <c>POST /{symbol}/pairing</c> (<c>{"token","pin",
    /// "payload","expiresAt"}</c>: the PIN beside the QR payload, never in it, R7). Bodies are <c>application/json</c> only
    /// (415 <c>Request.UnsupportedMediaType</c>), at most 64 KiB, room for the longest password the policy can allow (413 <c>Request.TooLarge</c>), and JSON that does not
    /// parse answers 400 <c>Request.Malformed</c>; refusals are <see cref="Uonet.Access.AspNetCore.Http.AccessHttpResults.Refusal"/>.
    /// The client key of the rate limits is <c>Connection.RemoteIpAddress</c>: behind a proxy, run
    /// <c>UseForwardedHeaders</c> first, trusting only your proxies. Requires <c>services.AddUonetAccess(…).AddAspNetCore()</c>,
    /// <c>UseAuthentication</c> and <c>UseAuthorization</c>.
    /// </summary>
    /// <param name="endpoints">The application or a route group.</param>
    /// <returns>The group of the endpoints, for the host's own conventions (a rate limiter policy, CORS).</returns>
    public static RouteGroupBuilder MapUonetAccountApi(this IEndpointRouteBuilder endpoints)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        AspNetCoreRegistration.EnsureAdded(endpoints.ServiceProvider, nameof(MapUonetAccountApi));
        return AccountApiEndpoints.Map(endpoints);
    }
}
