using Microsoft.AspNetCore.Http;
using Uonet.Access.Records;

namespace Uonet.Access.AspNetCore.Http;

/// <summary>What the first segments of a request path say: the instance symbol (R6) and whether it is the mobile API.</summary>
public static class InstancePath
{
    /// <summary>The normalized instance symbol of <c>/{symbol}/…</c>, or <see langword="null"/> when the first segment is no symbol.</summary>
    /// <param name="path">The request path.</param>
    public static string? Symbol(PathString path) =>
        InstanceSymbol.TryNormalize(FirstSegment(path), out var symbol) is null ? symbol : null;

    /// <summary>Whether the path is under <c>/{symbol}/api/mobile/</c>.</summary>
    /// <param name="path">The request path.</param>
    public static bool IsMobileApi(PathString path)
    {
        var segments = (path.Value ?? string.Empty).Split('/', StringSplitOptions.RemoveEmptyEntries);
        return segments.Length >= 3
            && string.Equals(segments[1], "api", StringComparison.OrdinalIgnoreCase)
            && string.Equals(segments[2], "mobile", StringComparison.OrdinalIgnoreCase);
    }

    private static string FirstSegment(PathString path)
    {
        var value = path.Value ?? string.Empty;
        var start = value.StartsWith('/') ? 1 : 0;
        var end = value.IndexOf('/', start);
        return end < 0 ? value[start..] : value[start..end];
    }
}
