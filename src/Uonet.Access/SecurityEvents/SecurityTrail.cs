using Uonet.Access.Credentials;
using Uonet.Access.Diagnostics;
using Uonet.Access.Sessions;

namespace Uonet.Access.SecurityEvents;

/// <summary>Builds the events the workflows hand to the stores' atomic writes, and counts the ones written.</summary>
internal static class SecurityTrail
{
    private const int DescriptionLimit = 200;

    public static SecurityEvent For(Account account, SecurityEventKind kind, DateTimeOffset now, string? clientKey = null, string? clientDescription = null, string? detail = null) =>
        For(account.Id, account.InstanceSymbol, kind, now, clientKey, clientDescription, detail);

    public static SecurityEvent For(Guid accountId, string symbol, SecurityEventKind kind, DateTimeOffset now, string? clientKey = null, string? clientDescription = null, string? detail = null) => new()
    {
        Id = Guid.NewGuid(),
        AccountId = accountId,
        InstanceSymbol = symbol,
        Kind = kind,
        OccurredAt = now,
        ClientAddress = ClientAddress.Truncate(clientKey),
        ClientDescription = Shorten(clientDescription),
        Detail = Shorten(detail),
    };

    /// <summary>An event with a client already cut to its network: the request's, or that of the session that acted.</summary>
    public static SecurityEvent For(Account account, SecurityEventKind kind, DateTimeOffset now, SessionClient client, string? detail = null) =>
        For(account.Id, account.InstanceSymbol, kind, now, client, detail);

    /// <inheritdoc cref="For(Account, SecurityEventKind, DateTimeOffset, SessionClient, string?)"/>
    public static SecurityEvent For(Guid accountId, string symbol, SecurityEventKind kind, DateTimeOffset now, SessionClient client, string? detail = null) =>
        For(accountId, symbol, kind, now, clientKey: null, client.Description, detail) with { ClientAddress = client.Network };

    /// <summary>Counts an event the store accepted, under the <c>Uonet.Access</c> meter.</summary>
    public static void Written(SecurityEvent? securityEvent)
    {
        if (securityEvent is not null)
        {
            AccessTelemetry.SecurityEvents.Add(1, new KeyValuePair<string, object?>("kind", securityEvent.Kind.ToString()));
        }
    }

    // A host's description is outside input: keep it short and printable so the trail stays readable and bounded.
    private static string? Shorten(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        var printable = new string([.. text.Trim().Where(c => !char.IsControl(c) && !char.IsSurrogate(c))]);
        return printable.Length <= DescriptionLimit ? printable : printable[..DescriptionLimit];
    }
}
