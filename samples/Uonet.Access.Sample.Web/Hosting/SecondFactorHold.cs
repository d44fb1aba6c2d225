using System.Security.Cryptography;
using System.Text.Json;
using Microsoft.AspNetCore.DataProtection;

namespace Uonet.Access.Sample.Web.Hosting;

/// <summary>
/// Between the password and the TOTP step the portal keeps only the library's second-factor ticket (single use, five
/// minutes), in an encrypted, authenticated, HttpOnly cookie scoped to the instance's path — never the e-mail or the
/// password, and never in the page.
/// </summary>
internal sealed class SecondFactorHold(IDataProtectionProvider protection)
{
    public const string CookieName = "uonet-drugi-krok";
    private static readonly TimeSpan Lifetime = TimeSpan.FromMinutes(5);

    private readonly ITimeLimitedDataProtector _protector =
        protection.CreateProtector("Uonet.Access.Sample.Web.SecondFactor").ToTimeLimitedDataProtector();

    public void Keep(HttpContext context, string symbol, string ticket)
    {
        var value = _protector.Protect(JsonSerializer.Serialize(new Held(symbol, ticket)), Lifetime);
        context.Response.Cookies.Append(CookieName, value, Options(context, symbol));
    }

    public string? Find(HttpContext context, string symbol)
    {
        if (!context.Request.Cookies.TryGetValue(CookieName, out var value))
        {
            return null;
        }

        try
        {
            var held = JsonSerializer.Deserialize<Held>(_protector.Unprotect(value));
            return held is not null && held.Symbol == symbol ? held.Ticket : null;
        }
        catch (CryptographicException)
        {
            // Expired, tampered with, or from before a key change: the person starts again from the password.
            return null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    public static void Drop(HttpContext context, string symbol) =>
        context.Response.Cookies.Delete(CookieName, Options(context, symbol));

    private static CookieOptions Options(HttpContext context, string symbol) => new()
    {
        Path = "/" + symbol,
        HttpOnly = true,
        IsEssential = true,
        SameSite = SameSiteMode.Strict,
        Secure = context.Request.IsHttps,
        MaxAge = Lifetime,
    };

    private sealed record Held(string Symbol, string Ticket);
}
