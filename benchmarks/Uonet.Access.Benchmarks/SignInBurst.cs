using System.Diagnostics;
using Uonet.Access.Credentials;

namespace Uonet.Access.Benchmarks;

/// <summary>A burst: every account of a world signs in at the same moment, as at 8:00 on a school day.</summary>
internal static class SignInBurst
{
    /// <summary>
    /// Starts one sign-in per account at once, each on the thread pool as a web server would run the requests, and
    /// returns for each the time from the start of the burst to its answer. Throws unless every sign-in succeeds.
    /// </summary>
    public static async Task<TimeSpan[]> RunAsync(SignInWorld world)
    {
        var signIn = world.SignIn;
        var requests = world.Emails.Select(world.Request).ToArray();
        var started = Stopwatch.GetTimestamp();
        return await Task.WhenAll(requests.Select(request => Task.Run(async () =>
        {
            var result = await signIn.SignInAsync(request);
            return result.Outcome == SignInOutcome.Success
                ? Stopwatch.GetElapsedTime(started)
                : throw new InvalidOperationException($"The sign-in of {request.Email} in a burst ended {result.Outcome}: {result.Error?.Code}.");
        })));
    }
}
