namespace Uonet.Access.LoadTest.HttpLoad;

/// <summary>
/// A server under load: where it listens, its process (for the peak working set), the phones that sign its device
/// requests (one client each, as each phone keeps its own connections) and the session cookies of its pages.
/// </summary>
internal sealed record LoadTarget(string Name, Uri Root, Func<long> PeakWorkingSetBytes, IReadOnlyList<HttpClient> Phones, IReadOnlyList<string> Sessions);

/// <summary>What is requested: a signed device request or a page with a session cookie, at a path under the instance.</summary>
internal sealed record LoadKind(string Name, string Path, bool Signed);
