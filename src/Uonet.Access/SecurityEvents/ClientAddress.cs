using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace Uonet.Access.SecurityEvents;

/// <summary>Cuts a client's IP address to its network before it is kept in a security event (data minimisation).</summary>
public static class ClientAddress
{
    /// <summary>
    /// The /24 network of an IPv4 address or the /48 network of an IPv6 one, in CIDR notation (an IPv4-mapped IPv6
    /// address counts as IPv4); <see langword="null"/> for anything that is not an IP address (a client key of another
    /// kind is never kept).
    /// </summary>
    /// <param name="address">The client's address as the host saw it.</param>
    public static string? Truncate(string? address)
    {
        if (string.IsNullOrWhiteSpace(address) || !IPAddress.TryParse(address.Trim(), out var ip))
        {
            return null;
        }

        if (ip.IsIPv4MappedToIPv6)
        {
            ip = ip.MapToIPv4();
        }

        var bytes = ip.GetAddressBytes();
        var (keep, prefix) = ip.AddressFamily == AddressFamily.InterNetwork ? (3, 24) : (6, 48);
        Array.Clear(bytes, keep, bytes.Length - keep);
        return string.Create(CultureInfo.InvariantCulture, $"{new IPAddress(bytes)}/{prefix}");
    }
}
