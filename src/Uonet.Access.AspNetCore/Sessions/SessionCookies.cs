using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;
using Uonet.Access.Records;
using Uonet.Access.Sessions;

namespace Uonet.Access.AspNetCore.Sessions;

/// <summary>
/// Signs a person in and out of an instance: the session ticket goes into an HttpOnly cookie scoped to <c>/{symbol}</c>
/// (so each system address has its own sign-in, R6), <c>SameSite</c> as configured and <c>Secure</c> over HTTPS.
/// </summary>
public sealed class SessionCookies
{
    private readonly SessionTickets _tickets;
    private readonly UonetAccessAspNetCoreOptions _options;

    /// <summary>Creates the service (normally resolved from DI).</summary>
    public SessionCookies(SessionTickets tickets, IOptions<UonetAccessAspNetCoreOptions> options)
    {
        ArgumentNullException.ThrowIfNull(options);
        _tickets = tickets ?? throw new ArgumentNullException(nameof(tickets));
        _options = options.Value;
    }

    /// <summary>Issues the cookie with the session ticket of a successful sign-in at the instance <paramref name="symbol"/>.</summary>
    /// <param name="context">The request.</param>
    /// <param name="symbol">The instance signed in to.</param>
    /// <param name="sessionTicket">The ticket from <c>SignInResult.SessionTicket</c>.</param>
    /// <exception cref="ArgumentException">The symbol is no instance symbol, or the ticket is empty.</exception>
    public void SignIn(HttpContext context, string symbol, string sessionTicket)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentException.ThrowIfNullOrWhiteSpace(sessionTicket);
        context.Response.Cookies.Append(_options.SessionCookieName, sessionTicket, Options(context, Normalize(symbol)));
    }

    /// <summary>Ends the session of the request's cookie in the library (so the ticket is dead everywhere) and drops the cookie.</summary>
    /// <param name="context">The request.</param>
    /// <param name="symbol">The instance.</param>
    /// <param name="cancellationToken">Cancels the store call.</param>
    public async Task SignOutAsync(HttpContext context, string symbol, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(context);
        var normalized = Normalize(symbol);
        if (context.Request.Cookies.TryGetValue(_options.SessionCookieName, out var ticket))
        {
            await _tickets.SignOutAsync(ticket, cancellationToken).ConfigureAwait(false);
        }

        Drop(context, normalized);
        context.Features.Set<UonetSession>(null);
    }

    /// <summary>Drops the cookie without touching the session (it is stale or already ended).</summary>
    /// <param name="context">The request.</param>
    /// <param name="symbol">The instance.</param>
    public void Drop(HttpContext context, string symbol)
    {
        ArgumentNullException.ThrowIfNull(context);
        context.Response.Cookies.Delete(_options.SessionCookieName, Options(context, Normalize(symbol)));
    }

    internal static string Normalize(string symbol) =>
        InstanceSymbol.TryNormalize(symbol, out var normalized) is null
            ? normalized
            : throw new ArgumentException("Not an instance symbol (2–64 lowercase letters, digits and hyphens).", nameof(symbol));

    private CookieOptions Options(HttpContext context, string symbol) => new()
    {
        Path = "/" + symbol,
        HttpOnly = true,
        IsEssential = true,
        SameSite = _options.SessionCookieSameSite,
        Secure = context.Request.IsHttps,
    };
}
