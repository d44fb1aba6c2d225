using Microsoft.AspNetCore.Http;

namespace Uonet.Access.AspNetCore;

/// <summary>
/// Options of the ASP.NET Core integration, set in <c>AddUonetAccess(...).AddAspNetCore(o => …)</c> and validated when
/// the host starts (every problem reported together).
/// </summary>
public sealed class UonetAccessAspNetCoreOptions
{
    /// <summary>The session cookie's name; the cookie is scoped to <c>/{symbol}</c>, so each instance has its own (R6). Default <c>uonet-sesja</c>.</summary>
    public string SessionCookieName { get; set; } = "uonet-sesja";

    /// <summary>
    /// The session cookie's <c>SameSite</c>. Default <see cref="SameSiteMode.Lax"/>: a parent who follows a link from
    /// the school's mail arrives signed in, while a cross-site form post carries no cookie. <see cref="SameSiteMode.None"/> is refused.
    /// </summary>
    public SameSiteMode SessionCookieSameSite { get; set; } = SameSiteMode.Lax;

    /// <summary>The second-step cookie's name (it holds only the second-factor ticket). Default <c>uonet-drugi-krok</c>.</summary>
    public string SecondStepCookieName { get; set; } = "uonet-drugi-krok";

    /// <summary>How long the second-step cookie lives: between 1 and 15 minutes. Default 5 minutes.</summary>
    public TimeSpan SecondStepLifetime { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>
    /// Where the session scheme sends a visitor who is not signed in, under the instance's path (e.g. <c>/logowanie</c>
    /// gives <c>/{symbol}/logowanie?ReturnUrl=…</c>). Empty (the default): a challenge answers 401.
    /// </summary>
    public PathString SignInPath { get; set; }

    /// <summary>
    /// The query parameter of <see cref="SignInPath"/> that carries the page asked for, for the sign-in page to return
    /// to. Default <c>ReturnUrl</c>; <see langword="null"/> or empty adds none (a sign-in page that always opens the start page).
    /// </summary>
    public string? SignInReturnUrlParameter { get; set; } = "ReturnUrl";

    /// <summary>
    /// The query parameter of <see cref="SignInPath"/> that carries why the request's session ended (its <c>Session.*</c>
    /// code, e.g. <c>Session.Expired</c>), for the sign-in page to explain; a visitor who simply was not signed in, or
    /// whose ticket was stale (R10), gets none. Default <see langword="null"/>: no reason is passed.
    /// </summary>
    public string? SignInReasonParameter { get; set; }

    /// <summary>Where a signed-in visitor without the right goes, under the instance's path. Empty (the default): 403.</summary>
    public PathString AccessDeniedPath { get; set; }

    /// <summary>The route value that names the unit for the "secretary of unit" policy when no unit is passed as the resource. Default <c>unit</c>.</summary>
    public string UnitRouteValue { get; set; } = "unit";

    /// <summary>
    /// The largest request body the mobile API and the device-signature scheme read: 1 KiB to 1 MiB. Default 16 KiB
    /// (a registration with an 8192-bit RSA key is under 2 KiB); larger bodies answer 413 <c>Request.TooLarge</c>.
    /// </summary>
    public int MaxMobileBodyBytes { get; set; } = 16 * 1024;

    /// <summary>Whether the session scheme becomes the default authentication scheme when the host set none. Default <see langword="true"/>.</summary>
    public bool UseSessionAsDefaultScheme { get; set; } = true;

    /// <summary>
    /// How often the outbox is delivered by the package's hosted service; <see langword="null"/> (the default) runs no
    /// such service (deliver with <c>OutboxDispatcher</c> yourself). At least one second.
    /// </summary>
    public TimeSpan? OutboxDeliveryInterval { get; set; }

    /// <summary>
    /// How often the package's hosted job deletes what <c>UonetAccessOptions.Retention</c> says is due (expired tokens,
    /// ended sessions, old mail and events…); <see langword="null"/> (the default) runs no such job (run
    /// <c>RetentionRun</c> yourself, e.g. from the console tool). At least one minute.
    /// </summary>
    public TimeSpan? RetentionInterval { get; set; }

    /// <summary>The policy that lets a signed-in person through a technical break. Default <see cref="Authorization.UonetPolicies.Administrator"/>.</summary>
    public string MaintenanceBypassPolicy { get; set; } = Authorization.UonetPolicies.Administrator;
}
