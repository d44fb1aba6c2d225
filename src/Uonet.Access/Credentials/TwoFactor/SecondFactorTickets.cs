using System.Diagnostics.CodeAnalysis;

namespace Uonet.Access.Credentials;

/// <summary>
/// The spelling of a second-factor ticket: <c>{account id, 32 hex digits}.{secret, 43 base64url characters}</c>. The id
/// finds the account in one look-up; only the secret's hash is stored, so a copy of the store signs nobody in.
/// </summary>
internal static class SecondFactorTickets
{
    public static string Format(Guid accountId, string secret) => accountId.ToString("N") + "." + secret;

    public static bool TryParse(string? ticket, out Guid accountId, [NotNullWhen(true)] out string? secret)
    {
        accountId = Guid.Empty;
        secret = null;
        if (ticket is null || ticket.Length != 32 + 1 + 43 || ticket[32] != '.')
        {
            return false;
        }

        var id = ticket.AsSpan(0, 32);
        foreach (var c in id)
        {
            if (!char.IsAsciiHexDigitLower(c))
            {
                return false;
            }
        }

        var candidate = ticket[33..];
        if (!Guid.TryParseExact(id, "N", out accountId) || !SecretTokens.HasTokenShape(candidate))
        {
            return false;
        }

        secret = candidate;
        return true;
    }
}
