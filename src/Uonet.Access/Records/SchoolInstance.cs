namespace Uonet.Access.Records;

/// <summary>
/// A system address (R6): the <c>symbol</c> path segment (e.g. <c>gminawulkanowo</c>) under which schools share
/// logins. Accounts, sessions, devices and tokens never cross from one instance to another.
/// </summary>
/// <param name="Symbol">The normalized symbol (see <see cref="InstanceSymbol"/>).</param>
/// <param name="Name">The name shown to people, e.g. "Gmina Wulkanowo".</param>
/// <param name="BaseUrl">The address of the site, given to parents by the school.</param>
public sealed record SchoolInstance(string Symbol, string Name, Uri BaseUrl);

/// <summary>A school (<i>jednostka</i>) in an instance.</summary>
/// <param name="InstanceSymbol">The instance it belongs to.</param>
/// <param name="Code">Its code, unique in the instance (e.g. <c>SP1</c>).</param>
/// <param name="Name">Its name, e.g. "Szkoła Podstawowa nr 1".</param>
/// <param name="RequireGuardianPesel">Whether a guardian needs a valid PESEL in the child's record to sign in (R2).</param>
public sealed record SchoolUnit(string InstanceSymbol, string Code, string Name, bool RequireGuardianPesel);
