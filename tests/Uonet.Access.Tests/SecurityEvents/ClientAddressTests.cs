using Uonet.Access.SecurityEvents;

namespace Uonet.Access.Tests.SecurityEvents;

/// <summary>A client address is kept only as its network (data minimisation): /24 for IPv4, /48 for IPv6.</summary>
public sealed class ClientAddressTests
{
    [Theory]
    [InlineData("198.51.100.77", "198.51.100.0/24")]
    [InlineData(" 203.0.113.1 ", "203.0.113.0/24")]
    [InlineData("::ffff:198.51.100.77", "198.51.100.0/24")]
    [InlineData("2001:db8:abcd:12:34::1", "2001:db8:abcd::/48")]
    [InlineData("2001:0db8:0001:ffff:ffff:ffff:ffff:ffff", "2001:db8:1::/48")]
    public void Truncate_IpAddress_KeepsOnlyTheNetwork(string address, string expected)
    {
        Assert.Equal(expected, ClientAddress.Truncate(address));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("client-key-42")]
    [InlineData("198.51.100.777")]
    [InlineData("anna.nowak@example.pl")]
    public void Truncate_NotAnIpAddress_Null(string? address)
    {
        Assert.Null(ClientAddress.Truncate(address));
    }
}
