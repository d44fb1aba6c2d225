namespace Uonet.Access.AspNetCore.Sessions;

/// <summary>
/// The claim types of the package's principals beside the standard ones (<see cref="System.Security.Claims.ClaimTypes.NameIdentifier"/>
/// is the account id, <see cref="System.Security.Claims.ClaimTypes.Email"/> the e-mail, <see cref="System.Security.Claims.ClaimTypes.Role"/>
/// each <see cref="Records.StaffRole"/> name the person holds).
/// </summary>
public static class UonetClaimTypes
{
    /// <summary>The instance symbol the principal is signed in at (R6).</summary>
    public const string Instance = "uonet:instance";

    /// <summary>A unit code where the staff member holds a role; one claim per unit.</summary>
    public const string Unit = "uonet:unit";

    /// <summary>A class the staff member teaches as class teacher, as <c>UNIT/CLASS</c>; one claim per class.</summary>
    public const string Class = "uonet:class";

    /// <summary>The id of the paired device that signed the request (device scheme).</summary>
    public const string DeviceId = "uonet:device";
}
