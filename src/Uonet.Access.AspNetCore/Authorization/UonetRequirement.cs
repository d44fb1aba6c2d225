using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;
using Uonet.Access.AspNetCore.Http;
using Uonet.Access.Records;

namespace Uonet.Access.AspNetCore.Authorization;

/// <summary>What one of <see cref="UonetPolicies"/> asks of the request's session.</summary>
internal enum UonetRequirementKind
{
    SignedIn,
    Staff,
    SecretaryOfUnit,
    Administrator,
}

/// <summary>The requirement behind a policy of <see cref="UonetPolicies"/>.</summary>
/// <param name="Kind">What it asks.</param>
internal sealed record UonetRequirement(UonetRequirementKind Kind) : IAuthorizationRequirement;

/// <summary>
/// Decides <see cref="UonetRequirement"/> from the session the library validated on this request, for this request's
/// instance: a principal carried over from elsewhere (another scheme, another instance's path) proves nothing here.
/// </summary>
internal sealed class UonetRequirementHandler(IHttpContextAccessor accessor, IOptions<UonetAccessAspNetCoreOptions> options)
    : AuthorizationHandler<UonetRequirement>
{
    protected override Task HandleRequirementAsync(AuthorizationHandlerContext context, UonetRequirement requirement)
    {
        var http = context.Resource as HttpContext ?? accessor.HttpContext;
        if (http?.GetUonetSession() is not { } session || InstancePath.Symbol(http.Request.Path) != session.Symbol)
        {
            return Task.CompletedTask;
        }

        var staff = session.Staff;
        var met = requirement.Kind switch
        {
            UonetRequirementKind.SignedIn => true,
            UonetRequirementKind.Staff => staff is not null,
            UonetRequirementKind.Administrator => staff is not null && staff.Has(StaffRole.Administrator),
            UonetRequirementKind.SecretaryOfUnit => staff is not null
                && Unit(context.Resource, http) is { } unit
                && staff.Assignments.Any(a => a.Role == StaffRole.Secretary && string.Equals(a.UnitCode, unit, StringComparison.Ordinal)),
            _ => false,
        };
        if (met)
        {
            context.Succeed(requirement);
        }

        return Task.CompletedTask;
    }

    private string? Unit(object? resource, HttpContext http)
    {
        var raw = resource as string ?? http.Request.RouteValues[options.Value.UnitRouteValue] as string;
        return UnitCode.TryNormalize(raw, out var unit) is null ? unit : null;
    }
}
