using System.Globalization;
using System.Security.Cryptography;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;

namespace Uonet.Access.AspNetCore.Sessions;

/// <summary>
/// Between the password and the second factor, keeps the library's opaque second-factor ticket (and nothing else:
/// never the password or the e-mail) in a cookie that is encrypted and authenticated by Data Protection, HttpOnly,
/// <c>SameSite=Strict</c>, scoped to <c>/{symbol}</c> and bound to that instance, and expires after
/// <see cref="UonetAccessAspNetCoreOptions.SecondStepLifetime"/> (checked against <see cref="TimeProvider"/>, not only
/// by the browser).
/// </summary>
public sealed class SecondStepCookie
{
    private const int MaxTicketLength = 512;
    private readonly IDataProtector _protector;
    private readonly TimeProvider _time;
    private readonly UonetAccessAspNetCoreOptions _options;

    /// <summary>Creates the service (normally resolved from DI).</summary>
    public SecondStepCookie(IDataProtectionProvider protection, TimeProvider time, IOptions<UonetAccessAspNetCoreOptions> options)
    {
        ArgumentNullException.ThrowIfNull(protection);
        ArgumentNullException.ThrowIfNull(options);
        _protector = protection.CreateProtector("Uonet.Access.AspNetCore.SecondStep");
        _time = time ?? throw new ArgumentNullException(nameof(time));
        _options = options.Value;
    }

    /// <summary>Keeps the second-factor ticket for the instance <paramref name="symbol"/>.</summary>
    /// <param name="context">The request.</param>
    /// <param name="symbol">The instance being signed in to.</param>
    /// <param name="secondFactorTicket">The opaque ticket the library answered "requires second factor" with.</param>
    /// <exception cref="ArgumentException">The symbol is no instance symbol, or the ticket is empty, longer than 512 characters or holds other than visible ASCII.</exception>
    public void Keep(HttpContext context, string symbol, string secondFactorTicket)
    {
        ArgumentNullException.ThrowIfNull(context);
        var normalized = SessionCookies.Normalize(symbol);
        if (string.IsNullOrEmpty(secondFactorTicket) || secondFactorTicket.Length > MaxTicketLength || !secondFactorTicket.All(c => c is > ' ' and < '\u007f'))
        {
            throw new ArgumentException("A second-factor ticket is 1–512 visible ASCII characters.", nameof(secondFactorTicket));
        }

        var expires = _time.GetUtcNow() + _options.SecondStepLifetime;
        var value = _protector.Protect(string.Join('\n', normalized, expires.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture), secondFactorTicket));
        context.Response.Cookies.Append(_options.SecondStepCookieName, value, Options(context, normalized));
    }

    /// <summary>The kept ticket for <paramref name="symbol"/>, or <see langword="null"/> when there is none, it expired, was tampered with or is another instance's.</summary>
    /// <param name="context">The request.</param>
    /// <param name="symbol">The instance.</param>
    public string? Find(HttpContext context, string symbol)
    {
        ArgumentNullException.ThrowIfNull(context);
        var normalized = SessionCookies.Normalize(symbol);
        if (!context.Request.Cookies.TryGetValue(_options.SecondStepCookieName, out var value))
        {
            return null;
        }

        string plain;
        try
        {
            plain = _protector.Unprotect(value);
        }
        catch (CryptographicException)
        {
            // Tampered with, or from before a key change: the person starts again from the password.
            return null;
        }

        var parts = plain.Split('\n');
        return parts.Length == 3
            && parts[0] == normalized
            && long.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var expires)
            && _time.GetUtcNow().ToUnixTimeSeconds() < expires
            ? parts[2]
            : null;
    }

    /// <summary>Drops the cookie (after the second step, or when the person starts again).</summary>
    /// <param name="context">The request.</param>
    /// <param name="symbol">The instance.</param>
    public void Drop(HttpContext context, string symbol)
    {
        ArgumentNullException.ThrowIfNull(context);
        context.Response.Cookies.Delete(_options.SecondStepCookieName, Options(context, SessionCookies.Normalize(symbol)));
    }

    private CookieOptions Options(HttpContext context, string symbol) => new()
    {
        Path = "/" + symbol,
        HttpOnly = true,
        IsEssential = true,
        SameSite = SameSiteMode.Strict,
        Secure = context.Request.IsHttps,
        MaxAge = _options.SecondStepLifetime,
    };
}
