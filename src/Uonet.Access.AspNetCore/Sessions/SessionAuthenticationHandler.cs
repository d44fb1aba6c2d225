using System.Globalization;
using System.Security.Claims;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Uonet.Access.AspNetCore.Http;
using Uonet.Access.Records;
using Uonet.Access.Sessions;

namespace Uonet.Access.AspNetCore.Sessions;

/// <summary>
/// The session scheme: the ticket in the cookie of the request's instance (<c>/{symbol}</c>) is validated by the
/// library on every request. Valid → a principal and <see cref="UonetSession"/>; Stale → the cookie is dropped quietly
/// and the request is anonymous (R10); Revoked → the cookie is dropped and <see cref="SessionEnded"/> says why. A
/// ticket of another instance's account is never this instance's session, whatever path it came with (R6).
/// </summary>
internal sealed class SessionAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> schemeOptions,
    ILoggerFactory logger,
    UrlEncoder encoder,
    SessionTickets tickets,
    SessionCookies cookies,
    IOptions<UonetAccessAspNetCoreOptions> options)
    : AuthenticationHandler<AuthenticationSchemeOptions>(schemeOptions, logger, encoder)
{
    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var symbol = InstancePath.Symbol(Request.Path);
        if (symbol is null || InstancePath.IsMobileApi(Request.Path) || !Request.Cookies.TryGetValue(options.Value.SessionCookieName, out var ticket))
        {
            return AuthenticateResult.NoResult();
        }

        var validation = await tickets.ValidateAsync(ticket, Context.RequestAborted).ConfigureAwait(false);
        switch (validation.Status)
        {
            case SessionStatus.Valid when validation.Account!.InstanceSymbol == symbol:
                var session = new UonetSession(symbol, ticket, validation);
                Context.Features.Set(session);
                return AuthenticateResult.Success(new AuthenticationTicket(Principal(session), Scheme.Name));
            case SessionStatus.Revoked:
                cookies.Drop(Context, symbol);
                Context.Features.Set(new SessionEnded(validation.Code!));
                return AuthenticateResult.Fail(validation.Code!);
            default:
                cookies.Drop(Context, symbol);
                return AuthenticateResult.NoResult();
        }
    }

    protected override Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        var query = QueryString.Empty;
        if (!string.IsNullOrEmpty(options.Value.SignInReturnUrlParameter))
        {
            query = query.Add(options.Value.SignInReturnUrlParameter, Request.PathBase + Request.Path + Request.QueryString);
        }

        if (!string.IsNullOrEmpty(options.Value.SignInReasonParameter) && Context.GetUonetSessionEnded() is { } ended)
        {
            query = query.Add(options.Value.SignInReasonParameter, ended.Code);
        }

        return AnswerAsync(options.Value.SignInPath, StatusCodes.Status401Unauthorized, query);
    }

    protected override Task HandleForbiddenAsync(AuthenticationProperties properties) =>
        AnswerAsync(options.Value.AccessDeniedPath, StatusCodes.Status403Forbidden, QueryString.Empty);

    private Task AnswerAsync(PathString page, int status, QueryString query)
    {
        if (page.HasValue && InstancePath.Symbol(Request.Path) is { } symbol && !InstancePath.IsMobileApi(Request.Path))
        {
            Response.Redirect(Request.PathBase + "/" + symbol + page.Value + query);
            return Task.CompletedTask;
        }

        Response.StatusCode = status;
        return Task.CompletedTask;
    }

    internal static ClaimsPrincipal Principal(UonetSession session)
    {
        var account = session.Account;
        var claims = new List<Claim>
        {
            new(ClaimTypes.NameIdentifier, account.Id.ToString("D", CultureInfo.InvariantCulture)),
            new(ClaimTypes.Email, account.Email),
            new(UonetClaimTypes.Instance, session.Symbol),
        };
        if (session.Staff is { } staff)
        {
            claims.AddRange(staff.Assignments.Select(a => a.Role.ToString()).Distinct(StringComparer.Ordinal).Select(role => new Claim(ClaimTypes.Role, role)));
            claims.AddRange(staff.Assignments.Where(a => a.UnitCode is not null).Select(a => a.UnitCode!).Distinct(StringComparer.Ordinal).Select(unit => new Claim(UonetClaimTypes.Unit, unit)));
            claims.AddRange(staff.Assignments.Where(a => a.Role == StaffRole.ClassTeacher && a.UnitCode is not null && a.ClassName is not null)
                .Select(a => new Claim(UonetClaimTypes.Class, a.UnitCode + "/" + a.ClassName)));
        }

        return new ClaimsPrincipal(new ClaimsIdentity(claims, UonetAccessSchemes.Session, ClaimTypes.Email, ClaimTypes.Role));
    }
}
