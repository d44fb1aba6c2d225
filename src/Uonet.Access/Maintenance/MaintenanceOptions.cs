namespace Uonet.Access.Maintenance;

/// <summary>Options of maintenance windows (R10).</summary>
public sealed class MaintenanceOptions
{
    /// <summary>The <c>Retry-After</c> when a window has no expected end. Default 5 minutes.</summary>
    public TimeSpan DefaultRetryAfter { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>How long a host may reuse a status answer before asking the store again. Default 5 seconds.</summary>
    public TimeSpan StatusCacheDuration { get; set; } = TimeSpan.FromSeconds(5);
}
