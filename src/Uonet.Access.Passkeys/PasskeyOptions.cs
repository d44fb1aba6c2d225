namespace Uonet.Access.Passkeys;

/// <summary>
/// Options of passkeys. By default the relying party of an instance derives from its base URL: the RP ID is its host
/// (so <c>/gminawulkanowo/</c> and <c>/powiatwulkanowy/</c> on one host share it, while their accounts stay apart by
/// instance) and the only accepted origin is its scheme, host and port. A host behind a proxy that rewrites the
/// address sets <see cref="RelyingPartyId"/> and <see cref="Origins"/>.
/// </summary>
public sealed class PasskeyOptions
{
    /// <summary>The RP ID for every instance instead of the host of its base URL (a registrable domain suffix of the origins).</summary>
    public string? RelyingPartyId { get; set; }

    /// <summary>The origins (<c>https://host[:port]</c>) accepted for every instance instead of the origin of its base URL.</summary>
    public IList<string> Origins { get; } = [];

    /// <summary>How long an open ceremony (options given, answer not yet verified) lasts. Default 5 minutes.</summary>
    public TimeSpan ChallengeLifetime { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>How many passkeys an account may hold. Default 20.</summary>
    public int MaxPerAccount { get; set; } = 20;
}
