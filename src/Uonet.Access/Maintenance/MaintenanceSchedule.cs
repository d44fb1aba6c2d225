using System.Globalization;
using Microsoft.Extensions.Options;
using Uonet.Access.Records;
using Uonet.Access.Storage;

namespace Uonet.Access.Maintenance;

/// <summary>
/// Technical breaks (R10): the instance administrator starts one now or schedules it, for one instance or (as an
/// operator) for all; hosts ask <see cref="GetStatusAsync"/> on each request and answer 503 with <c>Retry-After</c>
/// while one is in force. Sign-in and device pairing refuse during a break with <see cref="AccessErrorCodes.MaintenanceActive"/>.
/// After it, stale sessions come back <c>Stale</c> and users simply sign in again: no "clear your cookies".
/// </summary>
public sealed class MaintenanceSchedule
{
    private readonly IMaintenanceStore _store;
    private readonly ISchoolDirectoryStore _directory;
    private readonly TimeProvider _time;
    private readonly MaintenanceOptions _options;
    private readonly Lock _cacheGate = new();
    private const int MaxCachedSymbols = 1024;

    private readonly Dictionary<string, (DateTimeOffset At, IReadOnlyList<MaintenanceWindow> Windows)> _cache = new(StringComparer.Ordinal);
    private long _cacheGeneration;

    /// <summary>Creates the service (normally resolved from DI).</summary>
    public MaintenanceSchedule(IMaintenanceStore store, ISchoolDirectoryStore directory, TimeProvider time, IOptions<UonetAccessOptions> options)
    {
        ArgumentNullException.ThrowIfNull(options);
        _store = store ?? throw new ArgumentNullException(nameof(store));
        _directory = directory ?? throw new ArgumentNullException(nameof(directory));
        _time = time ?? throw new ArgumentNullException(nameof(time));
        _options = options.Value.Maintenance;
    }

    /// <summary>
    /// Plans a break of the actor's instance (the actor must be its administrator). <see cref="MaintenanceRequest.StartsAt"/>
    /// <see langword="null"/> starts it now.
    /// </summary>
    public async Task<AccessResult<MaintenanceWindow>> ScheduleAsync(StaffActor actor, MaintenanceRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var (administrator, error) = await FindAdministratorAsync(actor, cancellationToken).ConfigureAwait(false);
        return error is not null
            ? AccessResult<MaintenanceWindow>.Failure(error)
            : await AddAsync(administrator!.InstanceSymbol, administrator.Email, request, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Plans a break of every instance: an operator action of the hosting platform (no staff actor).</summary>
    public Task<AccessResult<MaintenanceWindow>> ScheduleGlobalAsync(string operatorName, MaintenanceRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(operatorName);
        ArgumentNullException.ThrowIfNull(request);
        return AddAsync(null, operatorName, request, cancellationToken);
    }

    /// <summary>
    /// Ends a break of the actor's instance now (the actor must be its administrator). Global breaks are ended by the
    /// platform operator with <see cref="EndAsOperatorAsync"/>.
    /// </summary>
    public async Task<AccessResult> EndAsync(StaffActor actor, Guid windowId, CancellationToken cancellationToken = default)
    {
        var (administrator, error) = await FindAdministratorAsync(actor, cancellationToken).ConfigureAwait(false);
        if (error is not null)
        {
            return AccessResult.Failure(error);
        }

        var symbol = administrator!.InstanceSymbol;
        var windows = await _store.ListMaintenanceWindowsAsync(symbol, _time.GetUtcNow(), cancellationToken).ConfigureAwait(false);
        if (!windows.Any(w => w.Id == windowId && w.InstanceSymbol == symbol))
        {
            return AccessResult.Failure(AccessErrorCodes.MaintenanceNotFound);
        }

        return await EndAsOperatorAsync(windowId, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Ends any break now, global ones included: an operator action of the hosting platform (no staff actor; hosts restrict who may call it).</summary>
    public async Task<AccessResult> EndAsOperatorAsync(Guid windowId, CancellationToken cancellationToken = default)
    {
        var ended = await _store.EndMaintenanceWindowAsync(windowId, _time.GetUtcNow(), cancellationToken).ConfigureAwait(false);
        ClearCache();
        return ended ? AccessResult.Success() : AccessResult.Failure(AccessErrorCodes.MaintenanceNotFound);
    }

    /// <summary>The breaks of an instance (its own and the global ones) not yet ended: in force or scheduled.</summary>
    public async Task<IReadOnlyList<MaintenanceWindow>> ListAsync(string? symbol, CancellationToken cancellationToken = default)
    {
        var normalized = symbol is not null && InstanceSymbol.TryNormalize(symbol, out var s) is null ? s : null;
        return await _store.ListMaintenanceWindowsAsync(normalized, _time.GetUtcNow(), cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Whether a break is in force for requests to <paramref name="symbol"/> (or to the host as a whole, with
    /// <see langword="null"/>), with the message and the <c>Retry-After</c> to send. Answers are cached for
    /// <see cref="MaintenanceOptions.StatusCacheDuration"/>, so hosts can call it on every request.
    /// </summary>
    public async Task<MaintenanceStatus> GetStatusAsync(string? symbol, CancellationToken cancellationToken = default)
    {
        var normalized = symbol is not null && InstanceSymbol.TryNormalize(symbol, out var s) is null ? s : null;
        var now = _time.GetUtcNow();
        var key = normalized ?? string.Empty;
        IReadOnlyList<MaintenanceWindow>? windows = null;
        lock (_cacheGate)
        {
            if (_cache.TryGetValue(key, out var cached) && now - cached.At < _options.StatusCacheDuration && now >= cached.At)
            {
                windows = cached.Windows;
            }
        }

        if (windows is null)
        {
            long generation;
            lock (_cacheGate)
            {
                generation = _cacheGeneration;
            }

            windows = await _store.ListMaintenanceWindowsAsync(normalized, now, cancellationToken).ConfigureAwait(false);
            lock (_cacheGate)
            {
                // A schedule or an end that happened while the store was read makes this answer old: don't keep it.
                if (generation == _cacheGeneration)
                {
                    if (_cache.Count >= MaxCachedSymbols)
                    {
                        _cache.Clear();
                    }

                    _cache[key] = (now, windows);
                }
            }
        }

        var active = windows.Where(w => w.IsActive(now)).OrderBy(w => w.ExpectedEndAt ?? DateTimeOffset.MaxValue).LastOrDefault();
        if (active is null)
        {
            return MaintenanceStatus.None;
        }

        var retryAfter = active.ExpectedEndAt is { } end && end > now ? end - now : _options.DefaultRetryAfter;
        return new MaintenanceStatus(true, active, TimeSpan.FromSeconds(Math.Ceiling(retryAfter.TotalSeconds)));
    }

    internal async Task<AccessError?> RefusalAsync(string symbol, CancellationToken cancellationToken)
    {
        var status = await GetStatusAsync(symbol, cancellationToken).ConfigureAwait(false);
        return status.Active
            ? new AccessError(AccessErrorCodes.MaintenanceActive, null, new Dictionary<string, string>
            {
                ["message"] = status.Window!.MessagePolish,
                ["message.en"] = status.Window.MessageEnglish,
            })
            : null;
    }

    private async Task<(StaffMember? Administrator, AccessError? Error)> FindAdministratorAsync(StaffActor actor, CancellationToken cancellationToken)
    {
        var (staff, error) = await _directory.ResolveActorAsync(actor, cancellationToken).ConfigureAwait(false);
        if (error is not null)
        {
            return (null, error);
        }

        return staff!.Has(StaffRole.Administrator) ? (staff, null) : (null, new AccessError(AccessErrorCodes.StaffNotAllowed));
    }

    private async Task<AccessResult<MaintenanceWindow>> AddAsync(string? symbol, string createdBy, MaintenanceRequest request, CancellationToken cancellationToken)
    {
        var now = _time.GetUtcNow();
        var startsAt = request.StartsAt ?? now;
        if (request.ExpectedEndAt is { } end && end <= startsAt)
        {
            return AccessResult<MaintenanceWindow>.Failure(AccessErrorCodes.MaintenanceInvalidWindow, "expectedEndAt");
        }

        var errors = new List<AccessError>();
        var polishError = TextRules.TryCleanRequired(request.MessagePolish, "messagePolish", 500, out var polish);
        var englishError = TextRules.TryClean(request.MessageEnglish, "messageEnglish", 500, out var english);
        errors.AddRange(new[] { polishError, englishError }.OfType<AccessError>());
        if (errors.Count > 0)
        {
            return AccessResult<MaintenanceWindow>.Failure(errors);
        }

        var window = new MaintenanceWindow
        {
            Id = Guid.CreateVersion7(now),
            InstanceSymbol = symbol,
            StartsAt = startsAt,
            ExpectedEndAt = request.ExpectedEndAt,
            MessagePolish = polish,
            MessageEnglish = english ?? polish,
            CreatedBy = createdBy,
        };
        await _store.AddMaintenanceWindowAsync(window, cancellationToken).ConfigureAwait(false);
        ClearCache();
        return AccessResult<MaintenanceWindow>.Success(window);
    }

    private void ClearCache()
    {
        lock (_cacheGate)
        {
            _cacheGeneration++;
            _cache.Clear();
        }
    }
}

/// <summary>A break to plan.</summary>
public sealed record MaintenanceRequest
{
    /// <summary>The message in Polish (required), e.g. "Aktualizacja systemu".</summary>
    public required string MessagePolish { get; init; }

    /// <summary>The message in English; the Polish one is used when absent.</summary>
    public string? MessageEnglish { get; init; }

    /// <summary>When the break starts; <see langword="null"/>: now.</summary>
    public DateTimeOffset? StartsAt { get; init; }

    /// <summary>When the break is expected to end (drives <c>Retry-After</c>).</summary>
    public DateTimeOffset? ExpectedEndAt { get; init; }
}

/// <summary>Whether requests should get a 503 now.</summary>
/// <param name="Active">Whether a break is in force.</param>
/// <param name="Window">The break in force.</param>
/// <param name="RetryAfter">What to send as <c>Retry-After</c> (whole seconds).</param>
public sealed record MaintenanceStatus(bool Active, MaintenanceWindow? Window, TimeSpan RetryAfter)
{
    /// <summary>No break in force.</summary>
    public static MaintenanceStatus None { get; } = new(false, null, TimeSpan.Zero);

    /// <summary>
    /// The message as typed for the culture's language: English where the texts are English (<c>en</c> and any culture
    /// without texts of its own), Polish otherwise: a break is announced in Polish and English only, and a Ukrainian
    /// reader in a Polish school is nearer to the Polish one.
    /// </summary>
    public string? Message(CultureInfo? culture = null) =>
        Window is null ? null
            : Localization.AccessTextProvider.Default.LanguageTag(culture ?? CultureInfo.CurrentUICulture) == "en" ? Window.MessageEnglish : Window.MessagePolish;
}
