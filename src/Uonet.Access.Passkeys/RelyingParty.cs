using Fido2NetLib;
using Uonet.Access.Records;

namespace Uonet.Access.Passkeys;

/// <summary>The WebAuthn relying party of one instance: its RP ID, name and accepted origins.</summary>
internal static class RelyingParty
{
    // The challenge is the ceremony's only secret: 256 bits, like the library's other tokens.
    private const int ChallengeBytes = 32;

    public static Fido2 For(SchoolInstance instance, PasskeyOptions options)
    {
        var baseUrl = instance.BaseUrl;
        var origins = options.Origins.Count > 0
            ? new HashSet<string>(options.Origins.Select(o => o.TrimEnd('/')), StringComparer.Ordinal)
            : new HashSet<string>([baseUrl.GetLeftPart(UriPartial.Authority)], StringComparer.Ordinal);
        return new Fido2(new Fido2Configuration
        {
            RPID = string.IsNullOrWhiteSpace(options.RelyingPartyId) ? baseUrl.IdnHost : options.RelyingPartyId,
            RPName = instance.Name,
            Origins = origins,
            ChallengeSize = ChallengeBytes,
            Timeout = (uint)options.ChallengeLifetime.TotalMilliseconds,
        });
    }
}
