using Microsoft.AspNetCore.Routing;
using Uonet.Access.AspNetCore.DependencyInjection;
using Uonet.Access.AspNetCore.Passkeys;

namespace Microsoft.AspNetCore.Builder;

/// <summary>Maps the passkey ceremonies of Uonet.Access.</summary>
public static class PasskeyEndpointRouteBuilderExtensions
{
    /// <summary>
    /// Maps the JSON steps of passkeys under <c>/{symbol}/api/passkeys</c>: <c>POST sign-in/options</c> (<c>{"email"?}</c>),
    /// <c>POST sign-in</c> (<c>{"credential"}</c>, sets the session cookie), and for the signed-in person
    /// <c>POST register/options</c> (<c>{"password"?, "totpCode"?, "recoveryCode"?}</c>) and <c>POST register</c>
    /// (<c>{"credential", "name"?}</c>). Options come as <c>{"publicKey", "expiresAt"}</c> for
    /// <c>PublicKeyCredential.parse…OptionsFromJSON</c>; <c>credential</c> is the browser's <c>toJSON()</c>. Every step
    /// checks the anti-forgery token (header <c>RequestVerificationToken</c>). Requires
    /// <c>services.AddUonetAccess(…).AddAspNetCore().AddPasskeys()</c> and <c>services.AddAntiforgery()</c>.
    /// </summary>
    /// <param name="endpoints">The application or a route group.</param>
    /// <returns>The group of the endpoints, for the host's own conventions (e.g. a rate limiter policy).</returns>
    public static RouteGroupBuilder MapUonetPasskeys(this IEndpointRouteBuilder endpoints)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        AspNetCoreRegistration.EnsureAdded(endpoints.ServiceProvider, nameof(MapUonetPasskeys));
        return PasskeyEndpoints.Map(endpoints);
    }
}
