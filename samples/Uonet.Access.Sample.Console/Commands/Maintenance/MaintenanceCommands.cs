using System.CommandLine;
using Uonet.Access.Maintenance;
using Uonet.Access.Records;
using Uonet.Access.Sample.Console.Hosting;
using Uonet.Access.Sample.Console.Output;

namespace Uonet.Access.Sample.Console.Commands.Maintenance;

/// <summary>
/// <c>maintenance start|end|status</c> (R10): a technical break of one instance, started and ended by its
/// administrator; hosts answer 503 with Retry-After while it lasts.
/// </summary>
internal static class MaintenanceCommands
{
    public static Command Create() => new("maintenance", "Technical breaks (przerwa techniczna) of an instance.") { Start(), End(), Status() };

    private static Command Start()
    {
        var symbol = CommonArguments.Symbol();
        var staff = CommonArguments.Staff();
        var message = new Option<string>("--message") { Description = "What users see, in Polish." };
        var messageEnglish = new Option<string>("--message-en") { Description = "What users see, in English (default: the Polish text)." };
        var starts = CommonArguments.Time("--starts", "When the break begins (default: now).");
        var until = CommonArguments.Time("--until", "When the break is expected to end (sets Retry-After).");
        return new Command("start", "Starts (or schedules) a technical break; the instance's administrator does.") { symbol, staff, message, messageEnglish, starts, until }.Does(async (context, cancellationToken) =>
        {
            var scheduled = await context.Get<MaintenanceSchedule>().ScheduleAsync(CommonArguments.Actor(context.Value(symbol), context.Value(staff)!), new MaintenanceRequest
            {
                MessagePolish = context.Value(message) ?? string.Empty,
                MessageEnglish = context.Value(messageEnglish),
                StartsAt = context.Value(starts),
                ExpectedEndAt = context.Value(until),
            }, cancellationToken);
            if (!scheduled.Succeeded)
            {
                return context.Output.Refused(scheduled);
            }

            var window = scheduled.Value;
            return context.Output.Done(View(window), text => text.WriteLine(context.Output.Say(
                $"Przerwa techniczna {window.Id} od {TextTable.Time(window.StartsAt)} do {TextTable.Time(window.ExpectedEndAt)}: {window.MessagePolish}",
                $"Technical break {window.Id} from {TextTable.Time(window.StartsAt)} until {TextTable.Time(window.ExpectedEndAt)}: {window.MessageEnglish}",
                $"Технічна перерва {window.Id} з {TextTable.Time(window.StartsAt)} до {TextTable.Time(window.ExpectedEndAt)}: {window.MessageEnglish}")));
        });
    }

    private static Command End()
    {
        var symbol = CommonArguments.Symbol();
        var staff = CommonArguments.Staff();
        var windowId = new Option<Guid?>("--window") { Description = "End this window (e.g. a scheduled one); default: every break in force at the instance.", HelpName = "id" };
        return new Command("end", "Ends the instance's technical break; the instance's administrator does.") { symbol, staff, windowId }.Does(async (context, cancellationToken) =>
        {
            if (InstanceSymbol.TryNormalize(context.Value(symbol), out var instance) is { } invalid)
            {
                return context.Output.Refused(AccessResult.Failure(invalid));
            }

            var schedule = context.Get<MaintenanceSchedule>();
            var now = context.Get<TimeProvider>().GetUtcNow();
            IReadOnlyList<Guid> ids = context.Value(windowId) is { } id
                ? [id]
                : [.. (await schedule.ListAsync(instance, cancellationToken)).Where(w => w.InstanceSymbol == instance && w.IsActive(now)).Select(w => w.Id)];
            if (ids.Count == 0)
            {
                return context.Output.Refused(AccessResult.Failure(AccessErrorCodes.MaintenanceNotFound));
            }

            var actor = CommonArguments.Actor(context.Value(symbol), context.Value(staff)!);
            foreach (var window in ids)
            {
                var ended = await schedule.EndAsync(actor, window, cancellationToken);
                if (!ended.Succeeded)
                {
                    return context.Output.Refused(ended);
                }
            }

            return context.Output.Done(new { ended = ids }, text => text.WriteLine(context.Output.Say("Zakończono przerwę: ", "Ended: ", "Перерву завершено: ") + string.Join(", ", ids)));
        });
    }

    private static Command Status()
    {
        var symbol = CommonArguments.Symbol();
        return new Command("status", "Whether a technical break is in force at the instance, and the breaks scheduled.") { symbol }.Does(async (context, cancellationToken) =>
        {
            var schedule = context.Get<MaintenanceSchedule>();
            var status = await schedule.GetStatusAsync(context.Value(symbol), cancellationToken);
            var windows = (await schedule.ListAsync(context.Value(symbol), cancellationToken)).Select(View).ToList();
            var body = new
            {
                active = status.Active,
                window = status.Window is null ? null : View(status.Window),
                retryAfterSeconds = status.Active ? (long?)status.RetryAfter.TotalSeconds : null,
                windows,
            };
            return context.Output.Done(body, text =>
            {
                text.WriteLine(status.Active
                    ? context.Output.Say($"Trwa przerwa techniczna: {status.Window!.MessagePolish} (Retry-After: {status.RetryAfter.TotalSeconds} s)", $"A technical break is in force: {status.Window!.MessageEnglish} (Retry-After: {status.RetryAfter.TotalSeconds} s)", $"Триває технічна перерва: {status.Window!.MessageEnglish} (Retry-After: {status.RetryAfter.TotalSeconds} с)")
                    : context.Output.Say("Brak przerwy technicznej.", "No technical break.", "Технічної перерви немає."));
                foreach (var window in windows)
                {
                    text.WriteLine($"  {window.Id}: {TextTable.Time(window.StartsAt)} → {TextTable.Time(window.Until)} /{window.Symbol ?? "*"}/ {window.Message}");
                }
            });
        });
    }

    private static WindowView View(MaintenanceWindow window) =>
        new(window.Id, window.InstanceSymbol, window.StartsAt, window.ExpectedEndAt, window.EndedAt, window.MessagePolish, window.MessageEnglish);

    private sealed record WindowView(Guid Id, string? Symbol, DateTimeOffset StartsAt, DateTimeOffset? Until, DateTimeOffset? EndedAt, string Message, string MessageEn);
}
