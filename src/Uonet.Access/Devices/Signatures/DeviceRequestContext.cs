using Uonet.Access.Credentials;
using Uonet.Access.Eligibility;

namespace Uonet.Access.Devices;

/// <summary>Who made a verified device request, and whom they may see at this moment (R8).</summary>
public sealed record DeviceRequestContext
{
    /// <summary>The registered device that signed the request.</summary>
    public required MobileDevice Device { get; init; }

    /// <summary>The account the device belongs to.</summary>
    public required Account Account { get; init; }

    /// <summary>
    /// The pupils the account sees now, derived from the records on this request: a child added to the records after
    /// pairing appears without pairing again (R8), one removed disappears.
    /// </summary>
    public required IReadOnlyList<VisiblePupil> Pupils { get; init; }
}
