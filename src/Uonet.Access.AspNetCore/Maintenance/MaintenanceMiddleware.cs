using System.Globalization;
using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;
using Uonet.Access.AspNetCore.Http;
using Uonet.Access.Maintenance;

namespace Uonet.Access.AspNetCore.Maintenance;

/// <summary>
/// A technical break (R10) answers 503 with <c>Retry-After</c> and the administrator's message, written by
/// <see cref="IMaintenanceResponder"/>. A person signed in at the instance who meets
/// <see cref="UonetAccessAspNetCoreOptions.MaintenanceBypassPolicy"/> (the administrators, by default) passes, so
/// they can end it.
/// </summary>
internal sealed class MaintenanceMiddleware(RequestDelegate next)
{
    public async Task InvokeAsync(
        HttpContext context,
        MaintenanceSchedule schedule,
        IMaintenanceResponder responder,
        IAuthorizationService authorization,
        IAuthorizationPolicyProvider policies,
        IOptions<UonetAccessAspNetCoreOptions> options)
    {
        var status = await schedule.GetStatusAsync(InstancePath.Symbol(context.Request.Path), context.RequestAborted).ConfigureAwait(false);
        if (!status.Active || await MayPassAsync(context, authorization, policies, options.Value.MaintenanceBypassPolicy).ConfigureAwait(false))
        {
            await next(context).ConfigureAwait(false);
            return;
        }

        context.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
        context.Response.Headers.RetryAfter = ((long)Math.Ceiling(status.RetryAfter.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
        context.Response.Headers.CacheControl = "no-store";
        await responder.WriteAsync(context, status).ConfigureAwait(false);
    }

    private static async Task<bool> MayPassAsync(HttpContext context, IAuthorizationService authorization, IAuthorizationPolicyProvider policies, string policyName)
    {
        if (InstancePath.Symbol(context.Request.Path) is null || InstancePath.IsMobileApi(context.Request.Path))
        {
            return false;
        }

        var policy = await policies.GetPolicyAsync(policyName).ConfigureAwait(false)
            ?? throw new InvalidOperationException(
                $"The maintenance bypass policy '{policyName}' is not registered. Register it with services.AddAuthorization(o => o.AddPolicy(\"{policyName}\", …)), " +
                "or set UonetAccessAspNetCoreOptions.MaintenanceBypassPolicy to one of UonetPolicies.");
        var user = new ClaimsPrincipal();
        foreach (var scheme in policy.AuthenticationSchemes.DefaultIfEmpty(UonetAccessSchemes.Session))
        {
            if (await context.AuthenticateAsync(scheme).ConfigureAwait(false) is { Succeeded: true } result)
            {
                user.AddIdentities(result.Principal!.Identities);
            }
        }

        return (await authorization.AuthorizeAsync(user, context, policy).ConfigureAwait(false)).Succeeded;
    }
}
