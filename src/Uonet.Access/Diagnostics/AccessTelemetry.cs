using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace Uonet.Access.Diagnostics;

/// <summary>The names under which the library publishes traces and metrics.</summary>
public static class AccessTelemetry
{
    /// <summary>The name of the <see cref="Meter"/> and the <see cref="ActivitySource"/>: <c>Uonet.Access</c>.</summary>
    public const string Name = "Uonet.Access";

    internal static readonly ActivitySource ActivitySource = new(Name);

    internal static readonly Meter Meter = new(Name);

    internal static readonly Counter<long> RecordChanges = Meter.CreateCounter<long>(
        "uonet_access.record.changes", unit: "{change}", description: "Changes to pupils' records, by action.");

    internal static readonly Counter<long> Resolutions = Meter.CreateCounter<long>(
        "uonet_access.resolution.count", unit: "{resolution}", description: "Resolutions of the pupils an e-mail may see.");

    internal static readonly Counter<long> MailsQueued = Meter.CreateCounter<long>(
        "uonet_access.mail.queued", unit: "{mail}", description: "Mails written to the outbox, by kind.");

    internal static readonly Counter<long> MailsSent = Meter.CreateCounter<long>(
        "uonet_access.mail.sent", unit: "{mail}", description: "Mails delivered by the outbox dispatcher, by kind.");

    internal static readonly Counter<long> MailsFailed = Meter.CreateCounter<long>(
        "uonet_access.mail.failed", unit: "{attempt}", description: "Failed delivery attempts, by status.");

    internal static readonly Counter<long> LinkTokensIssued = Meter.CreateCounter<long>(
        "uonet_access.link_token.issued", unit: "{token}", description: "First-login / restore links issued.");

    internal static readonly Counter<long> LinkTokensConsumed = Meter.CreateCounter<long>(
        "uonet_access.link_token.consumed", unit: "{token}", description: "First-login / restore links used to set a password.");

    internal static readonly Counter<long> SignIns = Meter.CreateCounter<long>(
        "uonet_access.sign_in.count", unit: "{attempt}", description: "Sign-in attempts, by result.");

    internal static readonly Counter<long> Lockouts = Meter.CreateCounter<long>(
        "uonet_access.sign_in.lockouts", unit: "{lockout}", description: "Addresses locked after repeated failures.");

    internal static readonly Counter<long> SecurityEvents = Meter.CreateCounter<long>(
        "uonet_access.security_event.count", unit: "{event}", description: "Security events written to accounts' trails, by kind.");

    internal static readonly Histogram<double> HashDuration = Meter.CreateHistogram<double>(
        "uonet_access.password_hash.duration", unit: "ms", description: "Time of one password hash or verification, including waiting for a slot.");
}
