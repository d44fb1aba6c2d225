using System.Globalization;
using System.Net;
using System.Net.Sockets;
using Uonet.Access.Records;

namespace Uonet.Access.Sessions;

/// <summary>
/// What a session keeps of the client that signed in, so that the account holder can recognise it in the list of
/// their sessions: a short description parsed from the User-Agent (the header itself is never kept) and the client's
/// network cut to /24 or /48 (never the full address).
/// </summary>
/// <param name="Description">E.g. "Firefox, Windows", or <see langword="null"/>.</param>
/// <param name="Network">E.g. <c>203.0.113.0/24</c> or <c>2001:db8:1::/48</c>, or <see langword="null"/>.</param>
internal sealed record SessionClient(string? Description, string? Network)
{
    // Longer headers are not parsed: no browser sends one, and the parser's work stays bounded.
    private const int MaxUserAgentLength = 1024;

    private static readonly (string Token, string Name)[] Browsers =
    [
        ("Edg/", "Edge"), ("EdgA/", "Edge"), ("EdgiOS/", "Edge"), ("OPR/", "Opera"), ("Opera", "Opera"),
        ("SamsungBrowser/", "Samsung Internet"), ("YaBrowser/", "Yandex Browser"), ("Vivaldi/", "Vivaldi"),
        ("Firefox/", "Firefox"), ("FxiOS/", "Firefox"), ("CriOS/", "Chrome"), ("Chrome/", "Chrome"),
        ("Chromium/", "Chromium"), ("Version/", "Safari"), ("Safari/", "Safari"), ("Trident/", "Internet Explorer"),
        ("MSIE ", "Internet Explorer"), ("okhttp/", "Android app"), ("Dalvik/", "Android app"), ("CFNetwork/", "iOS app"),
        ("curl/", "curl"),
    ];

    private static readonly (string Token, string Name)[] Systems =
    [
        ("Windows", "Windows"), ("iPhone", "iOS"), ("iPad", "iPadOS"), ("CrOS", "ChromeOS"), ("Android", "Android"),
        ("Mac OS X", "macOS"), ("Macintosh", "macOS"), ("Ubuntu", "Ubuntu"), ("Linux", "Linux"), ("Darwin", "iOS"),
    ];

    /// <summary>The client from what the host passed at sign-in; either part may be missing.</summary>
    public static SessionClient Of(string? userAgent, string? address) => new(Describe(userAgent), NetworkOf(address));

    /// <summary>The client of a staff member acting on the records, as the host passed it.</summary>
    public static SessionClient Of(StaffActor actor) => Of(actor.UserAgent, actor.ClientAddress);

    /// <summary>The client a session kept from its sign-in, for events of what the session does.</summary>
    public static SessionClient Of(AccessSession session) => new(session.ClientDescription, session.ClientNetwork);

    /// <summary>"Browser, system" from a User-Agent header; <see langword="null"/> for none or an unrecognised one.</summary>
    public static string? Describe(string? userAgent)
    {
        if (string.IsNullOrWhiteSpace(userAgent) || userAgent.Length > MaxUserAgentLength)
        {
            return null;
        }

        var browser = Browsers.FirstOrDefault(b => userAgent.Contains(b.Token, StringComparison.Ordinal)).Name;

        // Safari's "Version/" and "Safari/" appear in many WebKit browsers: Safari only when no other one matched and
        // the system is Apple's.
        var system = Systems.FirstOrDefault(s => userAgent.Contains(s.Token, StringComparison.Ordinal)).Name;
        if (browser == "Safari" && system is not ("iOS" or "iPadOS" or "macOS"))
        {
            browser = null;
        }

        return (browser, system) switch
        {
            (null, null) => null,
            (null, _) => system,
            (_, null) => browser,
            _ => browser + ", " + system,
        };
    }

    /// <summary>The network of an IP address: /24 for IPv4 (and IPv4-mapped IPv6), /48 for IPv6; <see langword="null"/> for anything else.</summary>
    public static string? NetworkOf(string? address)
    {
        if (string.IsNullOrWhiteSpace(address) || address.Length > 64 || !IPAddress.TryParse(address.Trim(), out var ip))
        {
            return null;
        }

        if (ip.IsIPv4MappedToIPv6)
        {
            ip = ip.MapToIPv4();
        }

        var bytes = ip.GetAddressBytes();
        if (ip.AddressFamily == AddressFamily.InterNetwork)
        {
            bytes[3] = 0;
            return string.Create(CultureInfo.InvariantCulture, $"{new IPAddress(bytes)}/24");
        }

        Array.Clear(bytes, 6, bytes.Length - 6);
        return string.Create(CultureInfo.InvariantCulture, $"{new IPAddress(bytes)}/48");
    }
}
