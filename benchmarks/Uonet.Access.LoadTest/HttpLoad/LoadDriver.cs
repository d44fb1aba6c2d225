using System.Collections.Concurrent;
using System.Diagnostics;

namespace Uonet.Access.LoadTest.HttpLoad;

/// <summary>
/// Sends requests in two ways: closed loop (a fixed number of loops, each sending its next request when the last one
/// is answered: finds how much a server can answer) and open loop (requests due at a fixed rate whatever the answers:
/// measures latency honestly, counted from when each request was due).
/// </summary>
internal static class LoadDriver
{
    /// <summary>Runs <paramref name="concurrency"/> loops for <paramref name="duration"/>; <paramref name="send"/> sends request number k and gives its status (0: no answer).</summary>
    public static async Task<StepResult> ClosedAsync(string target, Func<long, Task<int>> send, int concurrency, TimeSpan duration)
    {
        var samples = new ConcurrentQueue<(int, double)>();
        var clock = Stopwatch.StartNew();
        var loops = Enumerable.Range(0, concurrency).Select(loop => Task.Run(async () =>
        {
            for (long k = loop; clock.Elapsed < duration; k += concurrency)
            {
                var started = Stopwatch.GetTimestamp();
                var status = await send(k);
                samples.Enqueue((status, Stopwatch.GetElapsedTime(started).TotalMilliseconds));
            }
        }));
        await Task.WhenAll(loops);
        return new StepResult(target, concurrency, 0, clock.Elapsed, [.. samples], Machine.LoadAverage());
    }

    /// <summary>Sends <paramref name="rate"/> requests a second for <paramref name="duration"/>, each when it is due, without waiting for answers.</summary>
    public static async Task<StepResult> OpenAsync(string target, Func<long, Task<int>> send, double rate, TimeSpan duration)
    {
        var samples = new ConcurrentQueue<(int, double)>();
        var inFlight = new List<Task>();
        var start = Stopwatch.GetTimestamp();
        var total = (long)(rate * duration.TotalSeconds);
        long next = 0;
        while (next < total)
        {
            var due = Math.Min(total, (long)(Stopwatch.GetElapsedTime(start).TotalSeconds * rate) + 1);
            for (; next < due; next++)
            {
                var k = next;
                var dueAt = start + (long)(k / rate * Stopwatch.Frequency);
                inFlight.Add(Task.Run(async () =>
                {
                    var status = await send(k);
                    samples.Enqueue((status, Stopwatch.GetElapsedTime(dueAt).TotalMilliseconds));
                }));
            }

            // The timer's tick (about a millisecond) is the scheduler's resolution: a request sent late by it is
            // charged that lateness, since its latency counts from when it was due.
            await Task.Delay(1);
        }

        await Task.WhenAll(inFlight);
        return new StepResult(target, 0, rate, Stopwatch.GetElapsedTime(start), [.. samples], Machine.LoadAverage());
    }
}
