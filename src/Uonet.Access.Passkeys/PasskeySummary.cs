namespace Uonet.Access.Passkeys;

/// <summary>A passkey as its owner sees it in <c>Konto → Klucze dostępu</c>: nothing of the key itself.</summary>
public sealed record PasskeySummary
{
    /// <summary>The passkey's id.</summary>
    public required Guid Id { get; init; }

    /// <summary>The name the person gave it.</summary>
    public required string Name { get; init; }

    /// <summary>When it was added.</summary>
    public required DateTimeOffset CreatedAt { get; init; }

    /// <summary>When it last signed in, if it has.</summary>
    public DateTimeOffset? LastUsedAt { get; init; }

    /// <summary>Whether its provider syncs it between devices (backup eligible).</summary>
    public bool IsSynced { get; init; }

    /// <summary>The authenticator's model (AAGUID), or <see cref="Guid.Empty"/>.</summary>
    public Guid Aaguid { get; init; }

    internal static PasskeySummary Of(Passkey passkey) => new()
    {
        Id = passkey.Id,
        Name = passkey.Name,
        CreatedAt = passkey.CreatedAt,
        LastUsedAt = passkey.LastUsedAt,
        IsSynced = passkey.IsBackupEligible,
        Aaguid = passkey.Aaguid,
    };
}

/// <summary>The options of a ceremony for the browser.</summary>
/// <param name="OptionsJson">
/// The WebAuthn options as JSON with binary members in base64url, for <c>PublicKeyCredential.parseCreationOptionsFromJSON</c>
/// (registration) or <c>parseRequestOptionsFromJSON</c> (sign-in).
/// </param>
/// <param name="ExpiresAt">When the ceremony stops working.</param>
public sealed record PasskeyCeremonyOptions(string OptionsJson, DateTimeOffset ExpiresAt);
