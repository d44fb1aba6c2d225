using Uonet.Access.SecurityEvents;

namespace Uonet.Access.Credentials;

/// <summary>
/// A sign-in proof that stands in for the password and the second factor together (a passkey with user verification):
/// <see cref="AccountSignIn"/> runs it inside the same steps as a password sign-in, so maintenance, throttling,
/// lockout, closure and eligibility (R1/R2) hold for it alike.
/// </summary>
internal interface IPasswordlessProof
{
    /// <summary>A short name for the trail (e.g. <c>Passkey</c>).</summary>
    string Method { get; }

    /// <summary>
    /// The account of this instance the proof claims, or a refusal when it names none (an unknown or used ceremony, an
    /// unknown credential): counted against the client.
    /// </summary>
    Task<(Account? Account, AccessError? Refusal)> FindAccountAsync(string symbol, CancellationToken cancellationToken);

    /// <summary>
    /// Verifies the proof for <paramref name="account"/>: <see langword="null"/> when it holds, else the refusal (counted
    /// against the address and the client) and, when the failure is itself worth recording, an event for the trail.
    /// </summary>
    Task<(AccessError? Refusal, SecurityEvent? Event)> VerifyAsync(Account account, CancellationToken cancellationToken);

    /// <summary>Records the proof's use once the sign-in is allowed (e.g. the new signature counter).</summary>
    Task<AccessError?> CommitAsync(CancellationToken cancellationToken);
}
