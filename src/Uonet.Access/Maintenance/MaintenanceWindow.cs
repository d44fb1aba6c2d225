namespace Uonet.Access.Maintenance;

/// <summary>
/// A technical break (<i>przerwa techniczna</i>, R10) of one instance or of all: from its start until it is ended,
/// requests are answered with 503 and a <c>Retry-After</c> based on the expected end.
/// </summary>
public sealed record MaintenanceWindow
{
    /// <summary>The window's id.</summary>
    public required Guid Id { get; init; }

    /// <summary>The instance, or <see langword="null"/> for every instance.</summary>
    public string? InstanceSymbol { get; init; }

    /// <summary>When the break starts (now, or scheduled).</summary>
    public required DateTimeOffset StartsAt { get; init; }

    /// <summary>When the break is expected to end (shown to users; the break lasts until ended).</summary>
    public DateTimeOffset? ExpectedEndAt { get; init; }

    /// <summary>When the break was ended, if it was.</summary>
    public DateTimeOffset? EndedAt { get; init; }

    /// <summary>The message in Polish.</summary>
    public required string MessagePolish { get; init; }

    /// <summary>The message in English.</summary>
    public required string MessageEnglish { get; init; }

    /// <summary>Who planned it (staff e-mail or operator name).</summary>
    public required string CreatedBy { get; init; }

    /// <summary>Whether the window is in force at <paramref name="now"/>.</summary>
    public bool IsActive(DateTimeOffset now) => StartsAt <= now && (EndedAt is null || EndedAt > now);
}
