namespace Uonet.Access.AspNetCore.Authorization;

/// <summary>
/// The authorization policies the package registers, all over the session scheme and the session the library
/// validated on this request (not only the claims): use them as <c>[Authorize(Policy = UonetPolicies.Staff)]</c> or
/// <c>.RequireAuthorization(UonetPolicies.Staff)</c>.
/// </summary>
public static class UonetPolicies
{
    /// <summary>Signed in at the instance of the request's path (<c>/{symbol}</c>), whoever the person is.</summary>
    public const string SignedIn = "Uonet.SignedIn";

    /// <summary>Signed in here as a staff member holding at least one role (a member with no roles is staff nowhere).</summary>
    public const string Staff = "Uonet.Staff";

    /// <summary>
    /// Signed in here as the secretary of the unit the request is about: the unit code passed as the resource of
    /// <c>IAuthorizationService.AuthorizeAsync</c>, or else the route value <see cref="UonetAccessAspNetCoreOptions.UnitRouteValue"/>.
    /// </summary>
    public const string SecretaryOfUnit = "Uonet.SecretaryOfUnit";

    /// <summary>Signed in here as the instance's administrator.</summary>
    public const string Administrator = "Uonet.Administrator";
}
