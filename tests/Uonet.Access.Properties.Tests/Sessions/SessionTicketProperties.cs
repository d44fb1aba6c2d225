using System.Globalization;
using System.Text.RegularExpressions;
using Uonet.Access.Properties.Tests.Schools;
using Uonet.Access.Sessions;

namespace Uonet.Access.Properties.Tests.Sessions;

/// <summary>
/// Session tickets come back from a cookie the browser — or anyone — may change. Whatever comes back, validation
/// answers without an exception, and only the issued ticket is the session (R10: anything unreadable is Stale).
/// </summary>
public sealed partial class SessionTicketProperties(MotherWithPhone world) : IClassFixture<MotherWithPhone>
{
    [Property(MaxTest = Generated.Inputs)]
    public Property ValidateAsync_AnyTicket_OnlyTheIssuedSessionIsValid_UnreadableIsStale_R10() => Prop.ForAll(
        NearValid.Inputs(Gen.Constant(world.SessionTicket)),
        async ticket =>
        {
            var expected = Expected(ticket, world.SessionTicket);

            var validation = await world.School.Get<SessionTickets>().ValidateAsync(ticket);

            Expect.That(validation.Status == expected.Status && validation.Code == expected.Code, () => $"{Shown.Text(ticket)}: {validation.Status} {validation.Code}, expected {expected.Status} {expected.Code}");
            Assert.True((validation.Account is not null) == (expected.Status == SessionStatus.Valid));
        });

    // The documented shape "<generation>.<session id, 32 hex>.<secret, 43 base64url>" read independently: a ticket naming
    // the issued session and generation with the issued secret is that session; with another secret it was signed out
    // (the session exists, the secret does not match); anything else names no session at all.
    private static (SessionStatus Status, string? Code) Expected(string? ticket, string issued)
    {
        var stale = (SessionStatus.Stale, AccessErrorCodes.SessionStale);
        if (ticket is null || ticket.Length > 128 || !Shape().IsMatch(ticket)
            || !int.TryParse(ticket.AsSpan(0, ticket.IndexOf('.', StringComparison.Ordinal)), NumberStyles.None, CultureInfo.InvariantCulture, out var generation))
        {
            return stale;
        }

        var parts = ticket.Split('.');
        var issuedParts = issued.Split('.');
        var sameSession = generation == int.Parse(issuedParts[0], CultureInfo.InvariantCulture)
            && Guid.ParseExact(parts[1], "N") == Guid.ParseExact(issuedParts[1], "N");
        return !sameSession ? stale
            : parts[2] == issuedParts[2] ? (SessionStatus.Valid, null)
            : (SessionStatus.Revoked, AccessErrorCodes.SessionSignedOut);
    }

    [GeneratedRegex(@"^[0-9]+\.[0-9A-Fa-f]{32}\.[A-Za-z0-9_-]{43}\z", RegexOptions.CultureInvariant)]
    private static partial Regex Shape();
}
