namespace Uonet.Access.Retention;

/// <summary>
/// How long the library keeps what it no longer needs (RODO art. 5(1)(e): storage limitation). <see cref="Retention"/>
/// deletes what is due in batches of <see cref="BatchSize"/>, so no run holds a long lock. Pupils' records themselves
/// are never deleted by the library: that is the school's decision under the e-register regulation.
/// </summary>
public sealed class RetentionOptions
{
    /// <summary>Rows deleted per store call. Default 500; between 10 and 10,000.</summary>
    public int BatchSize { get; set; } = 500;

    /// <summary>
    /// How long a used, superseded or expired first-login / restore link is kept after it stopped working, so that a
    /// late click still answers "link used" or "link expired" rather than "unknown". Default 7 days.
    /// </summary>
    public TimeSpan SpentLinkTokens { get; set; } = TimeSpan.FromDays(7);

    /// <summary>How long a used, closed or expired pairing ticket is kept after it stopped working. Default 7 days.</summary>
    public TimeSpan SpentPairingTickets { get; set; } = TimeSpan.FromDays(7);

    /// <summary>How long an ended (signed out or expired) session is kept, for the holder's list of sessions. Default 30 days.</summary>
    public TimeSpan EndedSessions { get; set; } = TimeSpan.FromDays(30);

    /// <summary>How long a delivered mail stays in the outbox. Default 30 days.</summary>
    public TimeSpan DeliveredMail { get; set; } = TimeSpan.FromDays(30);

    /// <summary>How long an unregistered device is kept after its revocation (its reason answers the app, R9). Default 90 days.</summary>
    public TimeSpan RevokedDevices { get; set; } = TimeSpan.FromDays(90);

    /// <summary>How long a security event is kept. Default 365 days: a year of sign-ins answers most "was that me?" questions.</summary>
    public TimeSpan SecurityEvents { get; set; } = TimeSpan.FromDays(365);

    /// <summary>
    /// For how many full school years after the school year of a change its audit entry (who changed a pupil's record,
    /// and how) is kept. Default 5, the archive category of e-register documentation (B5): an entry made in the school
    /// year that ends on 31 August of year Y is deleted from 1 September of year Y + 5 (UTC). Between 1 and 50.
    /// </summary>
    public int RecordAuditSchoolYears { get; set; } = 5;

    /// <summary>Problems with the values, one message each; empty when valid.</summary>
    internal IEnumerable<string> Validate()
    {
        if (BatchSize is < 10 or > 10_000)
        {
            yield return $"Retention.BatchSize must be between 10 and 10,000 (it is {BatchSize}).";
        }

        foreach (var (name, value) in new[]
        {
            (nameof(SpentLinkTokens), SpentLinkTokens), (nameof(SpentPairingTickets), SpentPairingTickets),
            (nameof(EndedSessions), EndedSessions), (nameof(DeliveredMail), DeliveredMail),
            (nameof(RevokedDevices), RevokedDevices), (nameof(SecurityEvents), SecurityEvents),
        })
        {
            if (value < TimeSpan.Zero || value > TimeSpan.FromDays(3650))
            {
                yield return $"Retention.{name} must be between zero and 10 years (it is {value}).";
            }
        }

        if (RecordAuditSchoolYears is < 1 or > 50)
        {
            yield return $"Retention.RecordAuditSchoolYears must be between 1 and 50 (it is {RecordAuditSchoolYears}).";
        }
    }

    /// <summary>
    /// The first moment whose audit entries are kept at <paramref name="now"/>: 1 September (UTC) of the school year
    /// that began <see cref="RecordAuditSchoolYears"/> years before the current one.
    /// </summary>
    internal DateTimeOffset AuditCutOff(DateTimeOffset now)
    {
        var utc = now.ToUniversalTime();
        var currentSchoolYearStart = utc.Month >= 9 ? utc.Year : utc.Year - 1;
        return new DateTimeOffset(currentSchoolYearStart - RecordAuditSchoolYears, 9, 1, 0, 0, 0, TimeSpan.Zero);
    }
}
