namespace Uonet.Access.Client;

/// <summary>A pupil the device's account sees now (R8): the account's own record or a child whose record lists its e-mail.</summary>
/// <param name="StudentId">The pupil's id, for <see cref="MobileApiClient.GetPupilAsync"/>.</param>
/// <param name="FirstName">The first name.</param>
/// <param name="LastName">The last name.</param>
/// <param name="Unit">The school's code, e.g. <c>SP1</c>.</param>
/// <param name="UnitName">The school's name.</param>
/// <param name="Class">The class, e.g. <c>4A</c>.</param>
/// <param name="Instance">The instance symbol (R6).</param>
/// <param name="Relation">Whose record it is to the account: <c>self</c>, <c>mother</c>, <c>father</c>, <c>legalGuardian</c> or <c>otherGuardian</c>.</param>
public sealed record MobilePupil(
    Guid StudentId,
    string FirstName,
    string LastName,
    string Unit,
    string UnitName,
    string Class,
    string Instance,
    string Relation);

/// <summary>The answer to a registration: the device id every signed request names, and the pupils the account sees.</summary>
/// <param name="DeviceId">The device id: keep it with the key, it is the <c>keyid</c> of <see cref="DeviceSigningHandler"/>.</param>
/// <param name="Pupils">The pupils the account sees now.</param>
public sealed record RegisteredDevice(Guid DeviceId, IReadOnlyList<MobilePupil> Pupils);
