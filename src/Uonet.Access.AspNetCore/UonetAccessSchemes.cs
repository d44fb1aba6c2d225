namespace Uonet.Access.AspNetCore;

/// <summary>The names of the authentication schemes the package registers.</summary>
public static class UonetAccessSchemes
{
    /// <summary>The session ticket in the instance's cookie (people in browsers).</summary>
    public const string Session = "Uonet.Session";

    /// <summary>RFC 9421 signatures of paired devices (the mobile API).</summary>
    public const string Device = "Uonet.Device";
}
