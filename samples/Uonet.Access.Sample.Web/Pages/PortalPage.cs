using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Filters;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Uonet.Access.AspNetCore.Authorization;
using Uonet.Access.AspNetCore.Http;
using Uonet.Access.AspNetCore.Sessions;
using Uonet.Access.Records;
using Uonet.Access.Sample.Web.Hosting;

namespace Uonet.Access.Sample.Web.Pages;

/// <summary>
/// A page under <c>/{symbol}/</c>: resolves the instance (404 for an unknown or malformed symbol), the signed-in
/// session the package's session scheme validated on this request, and the staff standing it carries.
/// </summary>
public abstract class PortalPage : PageModel
{
    /// <summary>The instance of the address (R6).</summary>
    public SchoolInstance Instance { get; private set; } = null!;

    /// <summary>The signed-in session, if any.</summary>
    internal UonetSession? Session { get; private set; }

    /// <summary>
    /// The signed-in person's staff standing in this instance, as the library validated it with the session on this
    /// request: only a member who holds a role, so one whose last role was taken away is no staff here.
    /// </summary>
    public StaffMember? Staff => Session?.Staff;

    /// <summary>Errors of the last action, shown above the form.</summary>
    public IReadOnlyList<AccessError> Errors { get; protected set; } = [];

    /// <summary>Whether the page is only for signed-in people (the default).</summary>
    protected virtual bool RequiresSignIn => true;

    /// <summary>The instance's root path, e.g. <c>/gminawulkanowo</c>.</summary>
    public string Root => "/" + Instance.Symbol;

    internal T Service<T>() where T : notnull => HttpContext.RequestServices.GetRequiredService<T>();

    internal string? ClientKey => HttpContext.Connection.RemoteIpAddress?.ToString();

    /// <summary>The browser's User-Agent, for the short client description of security events (never kept as it is).</summary>
    internal string UserAgent => Request.Headers.UserAgent.ToString();

    /// <summary>Where a visitor without a session goes: the sign-in page, saying why the last session ended.</summary>
    internal string SignInPath(string? reason = null) =>
        reason is null ? Root + "/" : $"{Root}/?{PortalHosting.SignInReasonParameter}={Uri.EscapeDataString(reason)}";

    public override async Task OnPageHandlerExecutionAsync(PageHandlerExecutingContext context, PageHandlerExecutionDelegate next)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(next);
        var directory = Service<SchoolDirectory>();
        var typed = RouteData.Values["symbol"] as string;
        var instance = InstanceSymbol.TryNormalize(typed, out var symbol) is null
            ? await directory.FindInstanceAsync(symbol, HttpContext.RequestAborted)
            : null;
        if (instance is null)
        {
            context.Result = NotFound();
            return;
        }

        // Cookies are scoped to the normalized path, so a differently typed symbol gets the canonical address.
        if (typed != instance.Symbol && HttpMethods.IsGet(Request.Method))
        {
            var rest = Request.Path.Value![(typed!.Length + 1)..];
            context.Result = Redirect("/" + instance.Symbol + rest + Request.QueryString);
            return;
        }

        Instance = instance;
        Session = HttpContext.GetUonetSession();
        if (Session is null && RequiresSignIn)
        {
            context.Result = Redirect(SignInPath(HttpContext.GetUonetSessionEnded()?.Code));
            return;
        }

        await next();
    }

    /// <summary>Signs the person out of this browser because the library said the session ended.</summary>
    internal IActionResult SessionGone(string code)
    {
        Service<SessionCookies>().Drop(HttpContext, Instance.Symbol);
        return Redirect(SignInPath(code));
    }

    /// <summary>
    /// Shows the page again with the library's refusal, answering the status the package's map gives its code
    /// (<see cref="AccessHttpStatus"/>, with <c>Retry-After</c>) unless the page names one; a refusal of what was typed
    /// (400 in the map) shows the form again with 200.
    /// </summary>
    protected async Task<IActionResult> RefusedAsync(AccessResult result, int? status = null)
    {
        ArgumentNullException.ThrowIfNull(result);
        if (result.Error is { } error && error.Code.StartsWith("Session.", StringComparison.Ordinal))
        {
            return SessionGone(error.Code);
        }

        Errors = result.Errors;
        if (status is { } named)
        {
            Response.StatusCode = named;
        }
        else
        {
            await AccessHttpResults.SetStatusAsync(HttpContext, result.Error!);
            if (Response.StatusCode == StatusCodes.Status400BadRequest)
            {
                Response.StatusCode = StatusCodes.Status200OK;
            }
        }

        return Page();
    }
}

/// <summary>
/// A page of the staff area: only for a staff member of the instance holding a role, by the package's staff policy
/// (anyone else signed in gets 403); the library checks every action's role.
/// </summary>
[Authorize(Policy = UonetPolicies.Staff)]
public abstract class StaffPage : PortalPage
{
    /// <summary>The library's actor for every staff call: the signed-in e-mail in this instance.</summary>
    internal StaffActor Actor => new(Instance.Symbol, Session!.Email) { UserAgent = UserAgent, ClientAddress = ClientKey };
}
