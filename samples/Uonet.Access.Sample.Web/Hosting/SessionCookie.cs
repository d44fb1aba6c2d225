using Uonet.Access.Credentials;
using Uonet.Access.Eligibility;
using Uonet.Access.Records;
using Uonet.Access.Sessions;

namespace Uonet.Access.Sample.Web.Hosting;

/// <summary>
/// The session cookie holds the library's session ticket and is scoped to the instance's path (<c>/{symbol}</c>), so
/// each system address has its own sign-in (R6). Every request under the path validates the ticket
/// (<see cref="SessionTickets.ValidateAsync"/>): Valid → <see cref="PortalSession"/>; Stale → the cookie is dropped
/// quietly and the visitor is simply signed out (R10, no "technical break" page); Revoked → the cookie is dropped and
/// <see cref="SessionEnded"/> tells the pages why.
/// </summary>
internal sealed class SessionCookie(RequestDelegate next)
{
    public const string Name = "uonet-sesja";

    public async Task InvokeAsync(HttpContext context, SessionTickets tickets)
    {
        var path = context.Request.Path;
        if (PortalPaths.Symbol(path) is { } symbol && !PortalPaths.IsMobileApi(path)
            && context.Request.Cookies.TryGetValue(Name, out var ticket))
        {
            var validation = await tickets.ValidateAsync(ticket, context.RequestAborted);
            switch (validation.Status)
            {
                // A ticket of another instance's account is not this instance's session, whatever path it came with.
                case SessionStatus.Valid when validation.Account!.InstanceSymbol == symbol:
                    context.Features.Set(new PortalSession(symbol, ticket, validation));
                    break;
                case SessionStatus.Revoked:
                    Delete(context, symbol);
                    context.Features.Set(new SessionEnded(validation.Code!));
                    break;
                default:
                    Delete(context, symbol);
                    break;
            }
        }

        await next(context);
    }

    public static void Issue(HttpContext context, string symbol, string ticket) =>
        context.Response.Cookies.Append(Name, ticket, Options(context, symbol));

    public static void Delete(HttpContext context, string symbol) =>
        context.Response.Cookies.Delete(Name, Options(context, symbol));

    private static CookieOptions Options(HttpContext context, string symbol) => new()
    {
        Path = "/" + symbol,
        HttpOnly = true,
        IsEssential = true,
        SameSite = SameSiteMode.Lax,
        Secure = context.Request.IsHttps,
    };
}

/// <summary>The signed-in session of this request (a valid ticket of this instance).</summary>
/// <param name="Symbol">The instance.</param>
/// <param name="Ticket">The ticket, for the library's calls on behalf of the account.</param>
/// <param name="Validation">What the library said about it on this request.</param>
internal sealed record PortalSession(string Symbol, string Ticket, SessionValidation Validation)
{
    public Account Account => Validation.Account!;

    public string Email => Account.Email;

    public IReadOnlyList<VisiblePupil> Pupils => Validation.Pupils;

    /// <summary>The staff member the account is, holding at least one role, or <see langword="null"/>: the library's word on this request.</summary>
    public StaffMember? Staff => Validation.Staff;
}

/// <summary>The session of the cookie ended (signed out elsewhere, expired, password changed…): why, as a <c>Session.*</c> code.</summary>
/// <param name="Code">The library's code.</param>
internal sealed record SessionEnded(string Code);
