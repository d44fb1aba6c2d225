using Microsoft.AspNetCore.Http;
using Uonet.Access.Maintenance;

namespace Uonet.Access.AspNetCore.Maintenance;

/// <summary>
/// Writes the body of the 503 answer during a technical break (R10); register your own to show your portal's page.
/// The status and <c>Retry-After</c> are already set when it is called.
/// </summary>
public interface IMaintenanceResponder
{
    /// <summary>Writes the answer to a request refused by the break.</summary>
    /// <param name="context">The request; its response has status 503 and <c>Retry-After</c>.</param>
    /// <param name="status">The break in force.</param>
    Task WriteAsync(HttpContext context, MaintenanceStatus status);
}
