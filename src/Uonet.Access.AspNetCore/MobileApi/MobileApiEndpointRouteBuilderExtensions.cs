using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Uonet.Access.AspNetCore.DependencyInjection;
using Uonet.Access.AspNetCore.MobileApi;

namespace Microsoft.AspNetCore.Builder;

/// <summary>Maps the mobile API of Uonet.Access.</summary>
public static class MobileApiEndpointRouteBuilderExtensions
{
    /// <summary>
    /// Maps the JSON API of paired phones: <c>POST /{symbol}/api/mobile/register</c>, the signed
    /// <c>GET /{symbol}/api/mobile/pupils</c> and <c>…/pupils/{studentId}</c>, and the OpenAPI document at
    /// <c>GET /{symbol}/api/mobile/openapi.json</c> (<see cref="MobileApiDocument"/>). Requires
    /// <c>services.AddUonetAccess(…).AddAspNetCore()</c>.
    /// </summary>
    /// <param name="endpoints">The application or a route group.</param>
    /// <returns>The group of the endpoints, for the host's own conventions (e.g. a rate limiter policy).</returns>
    public static RouteGroupBuilder MapUonetMobileApi(this IEndpointRouteBuilder endpoints)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        AspNetCoreRegistration.EnsureAdded(endpoints.ServiceProvider, nameof(MapUonetMobileApi));
        return MobileApiEndpoints.Map(endpoints);
    }
}
