using Uonet.Access.AspNetCore.DependencyInjection;
using Uonet.Access.AspNetCore.Maintenance;

namespace Microsoft.AspNetCore.Builder;

/// <summary>Adds the technical-break gate of Uonet.Access to the pipeline.</summary>
public static class MaintenanceApplicationBuilderExtensions
{
    /// <summary>
    /// During a technical break (R10) answers every request of the broken instance (or every request, for a global
    /// break) with 503, <c>Retry-After</c> and the message, through <see cref="IMaintenanceResponder"/>; the people of
    /// <see cref="Uonet.Access.AspNetCore.UonetAccessAspNetCoreOptions.MaintenanceBypassPolicy"/> pass. Call it after
    /// <c>UseStaticFiles</c> (so that the break page's stylesheet and images are still served) and before the
    /// endpoints. Requires <c>services.AddUonetAccess(…).AddAspNetCore()</c>.
    /// </summary>
    /// <param name="app">The application.</param>
    public static IApplicationBuilder UseUonetMaintenance(this IApplicationBuilder app)
    {
        ArgumentNullException.ThrowIfNull(app);
        AspNetCoreRegistration.EnsureAdded(app.ApplicationServices, nameof(UseUonetMaintenance));
        return app.UseMiddleware<MaintenanceMiddleware>();
    }
}
