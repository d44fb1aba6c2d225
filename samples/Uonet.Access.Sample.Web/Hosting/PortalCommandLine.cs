namespace Uonet.Access.Sample.Web.Hosting;

/// <summary>The portal's own command-line switches, shared with the console tool so both can work on one database.</summary>
internal static class PortalCommandLine
{
    /// <summary>Switch → configuration key.</summary>
    public static readonly Dictionary<string, string> Switches = new(StringComparer.Ordinal)
    {
        ["--db"] = "Portal:Database",
        ["--postgres"] = "Portal:Postgres",
        ["--demo"] = "Portal:Demo",
        ["--public-url"] = "Portal:PublicUrl",
    };

    /// <summary>
    /// Gives the value-less <c>--demo</c> its value: the configuration's command-line reader pairs every switch with
    /// the next argument, so a bare <c>--demo</c> would swallow the switch after it.
    /// </summary>
    public static string[] Normalize(string[] args) =>
        [.. args.Select(a => a == "--demo" ? "--demo=true" : a)];
}
