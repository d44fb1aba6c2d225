using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Filters;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Uonet.Access.Records;
using Uonet.Access.Sample.Web.Hosting;

namespace Uonet.Access.Sample.Web.Pages;

/// <summary>
/// A page under <c>/{symbol}/</c>: resolves the instance (404 for an unknown or malformed symbol), the signed-in
/// session from <see cref="SessionCookie"/>, and the staff standing it carries, which opens the school area.
/// </summary>
public abstract class PortalPage : PageModel
{
    /// <summary>The instance of the address (R6).</summary>
    public SchoolInstance Instance { get; private set; } = null!;

    /// <summary>The signed-in session, if any.</summary>
    internal PortalSession? Session { get; private set; }

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

    /// <summary>Where a visitor without a session goes: the sign-in page, saying why the last session ended.</summary>
    internal string SignInPath(string? reason = null) => reason is null ? Root + "/" : $"{Root}/?powod={Uri.EscapeDataString(reason)}";

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
        Session = HttpContext.Features.Get<PortalSession>();
        if (Session is null && RequiresSignIn)
        {
            context.Result = Redirect(SignInPath(HttpContext.Features.Get<SessionEnded>()?.Code));
            return;
        }

        if (Admit() is { } refusal)
        {
            context.Result = refusal;
            return;
        }

        await next();
    }

    /// <summary>A page's own admission rule, checked once the session and staff membership are known.</summary>
    private protected virtual IActionResult? Admit() => null;

    /// <summary>Signs the person out of this browser because the library said the session ended.</summary>
    internal IActionResult SessionGone(string code)
    {
        SessionCookie.Delete(HttpContext, Instance.Symbol);
        return Redirect(SignInPath(code));
    }

    /// <summary>
    /// Shows the page again with the library's refusal, answering the status its code maps to
    /// (<see cref="RefusalStatus"/>) unless the page names one.
    /// </summary>
    protected IActionResult Refused(AccessResult result, int? status = null)
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
            RefusalStatus.Answer(HttpContext, result.Error!, StatusCodes.Status200OK);
        }

        return Page();
    }
}

/// <summary>A page of the staff area: only for staff of the instance; the library checks every action's role.</summary>
public abstract class StaffPage : PortalPage
{
    /// <summary>The library's actor for every staff call: the signed-in e-mail in this instance.</summary>
    internal StaffActor Actor => new(Instance.Symbol, Session!.Email);

    private protected override IActionResult? Admit() => Staff is null ? StatusCode(StatusCodes.Status403Forbidden) : null;
}
