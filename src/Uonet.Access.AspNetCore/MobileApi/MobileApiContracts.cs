using Uonet.Access.Eligibility;

namespace Uonet.Access.AspNetCore.MobileApi;

/// <summary>The body of <c>POST /{symbol}/api/mobile/register</c>.</summary>
/// <param name="Token">The pairing token from the QR code or typed (any case, dash optional).</param>
/// <param name="Pin">The 6-digit PIN shown beside the QR code.</param>
/// <param name="DeviceName">The name the person gives the phone.</param>
/// <param name="Platform">The platform the app reports, e.g. <c>android</c>.</param>
/// <param name="PublicKey">Base64 of the device key's DER SubjectPublicKeyInfo.</param>
internal sealed record RegisterDeviceBody(string? Token, string? Pin, string? DeviceName, string? Platform, string? PublicKey);

/// <summary>The answer to a registration.</summary>
internal sealed record RegisteredDevice(Guid DeviceId, IReadOnlyList<MobilePupil> Pupils);

/// <summary>The answer of <c>GET /{symbol}/api/mobile/pupils</c>.</summary>
internal sealed record MobilePupils(IReadOnlyList<MobilePupil> Pupils);

/// <summary>A pupil the device's account sees now (R8).</summary>
internal sealed record MobilePupil(
    Guid StudentId,
    string FirstName,
    string LastName,
    string Unit,
    string UnitName,
    string Class,
    string Instance,
    PupilRelation Relation)
{
    public static MobilePupil Of(VisiblePupil pupil) => new(
        pupil.StudentId, pupil.FirstName, pupil.LastName, pupil.UnitCode, pupil.UnitName, pupil.ClassName, pupil.InstanceSymbol, pupil.Relation);

    public static IReadOnlyList<MobilePupil> Of(IReadOnlyList<VisiblePupil> pupils) => [.. pupils.Select(Of)];
}
