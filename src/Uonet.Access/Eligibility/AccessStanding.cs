using Uonet.Access.Records;

namespace Uonet.Access.Eligibility;

/// <summary>What lets an address sign in to an instance: the pupils it sees (R1, R2, R5) and, for school staff, their membership.</summary>
/// <param name="Pupils">The pupils the address sees now.</param>
/// <param name="Staff">The staff member the address belongs to, if any; never one whose last role was taken away.</param>
internal readonly record struct AccessStanding(IReadOnlyList<VisiblePupil> Pupils, StaffMember? Staff)
{
    /// <summary>The standing from what the stores hold: a member without roles is no staff member at all.</summary>
    public static AccessStanding Of(IReadOnlyList<VisiblePupil> pupils, StaffMember? member) =>
        new(pupils, member is { HoldsAnyRole: true } ? member : null);

    /// <summary>Staff sign in like parents and pupils (R3), to reach the records they keep, even when no record lists them.</summary>
    public bool MaySignIn => Pupils.Count > 0 || Staff is not null;
}
