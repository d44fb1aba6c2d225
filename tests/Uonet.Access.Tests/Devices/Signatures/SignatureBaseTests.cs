using System.Text;
using Uonet.Access.Devices;

namespace Uonet.Access.Tests.Devices.Signatures;

/// <summary>The signature base of RFC 9421 §2.5, checked against bases written out by hand from the RFC's rules.</summary>
public sealed class SignatureBaseTests
{
    [Fact]
    public void Build_RequestCoveringEveryRequestComponent_MatchesTheBaseWrittenByHand()
    {
        const string signatureInput = "sig1=(\"@method\" \"@target-uri\" \"@authority\" \"@scheme\" \"@request-target\" \"@path\" \"@query\" \"accept\" \"x-folded\" \"content-type\")" +
            ";created=1756711800;keyid=\"2f0c3a36-8f43-4a55-9d3e-6c1f2b7d9a10\";nonce=\"a\\\"b\\\\c\";alg=ecdsa-p256-sha256";
        KeyValuePair<string, string>[] headers =
        [
            new("Host", "uonetplus.example.pl:8443"),
            new("Accept", "application/json"),
            new("Content-Type", " application/json; charset=utf-8\t"),
            new("ACCEPT", "  text/plain  "),
            new("X-Folded", "a  \r\n   b"),
        ];
        var expected =
            "\"@method\": POST\n" +
            "\"@target-uri\": https://uonetplus.example.pl:8443/gminawulkanowo/api/mobile/wiadomosci?uczen=15&okres=2\n" +
            "\"@authority\": uonetplus.example.pl:8443\n" +
            "\"@scheme\": https\n" +
            "\"@request-target\": /gminawulkanowo/api/mobile/wiadomosci?uczen=15&okres=2\n" +
            "\"@path\": /gminawulkanowo/api/mobile/wiadomosci\n" +
            "\"@query\": ?uczen=15&okres=2\n" +
            "\"accept\": application/json, text/plain\n" +
            "\"x-folded\": a b\n" +
            "\"content-type\": application/json; charset=utf-8\n" +
            "\"@signature-params\": (\"@method\" \"@target-uri\" \"@authority\" \"@scheme\" \"@request-target\" \"@path\" \"@query\" \"accept\" \"x-folded\" \"content-type\")" +
            ";created=1756711800;keyid=\"2f0c3a36-8f43-4a55-9d3e-6c1f2b7d9a10\";nonce=\"a\\\"b\\\\c\";alg=ecdsa-p256-sha256";

        var (input, _) = SignatureInput.Parse(signatureInput, "sig1=:AAAA:");
        var signatureBase = SignatureBase.Build(input!.Components, input.SignatureParams, "POST", new Uri("https://UonetPlus.Example.PL:8443/gminawulkanowo/api/mobile/wiadomosci?uczen=15&okres=2"), headers);

        Assert.Equal("ecdsa-p256-sha256", input.Algorithm);
        Assert.Equal(expected, Encoding.ASCII.GetString(signatureBase!));
    }

    [Fact]
    public void Build_SignatureInputWithExtraSpaces_SignsTheCanonicalSerialization()
    {
        var (input, _) = SignatureInput.Parse("  sig1=(  \"@method\"   \"@target-uri\" );created=1;keyid=\"k\"  ", "sig1=:AAAA:");

        Assert.Equal("(\"@method\" \"@target-uri\");created=1;keyid=\"k\"", input!.SignatureParams);
    }

    [Theory]
    [InlineData("https://example.com/a/b", "@query", "?")]
    [InlineData("https://example.com/a/b?", "@query", "?")]
    [InlineData("https://example.com/a/b?x=1&y=%C5%BC", "@query", "?x=1&y=%C5%BC")]
    [InlineData("https://example.com", "@path", "/")]
    [InlineData("https://example.com/dzia%C5%82/../oceny", "@path", "/oceny")]
    [InlineData("https://example.com/%C5%9Bcie%C5%BCka", "@path", "/%C5%9Bcie%C5%BCka")]
    [InlineData("https://EXAMPLE.com:443/", "@authority", "example.com")]
    [InlineData("http://example.com:80/", "@authority", "example.com")]
    [InlineData("http://example.com:8080/", "@authority", "example.com:8080")]
    [InlineData("https://żółw.pl/", "@authority", "xn--w-uga1v8h.pl")]
    [InlineData("https://[2001:db8::1]:8443/", "@authority", "[2001:db8::1]:8443")]
    [InlineData("https://user:secret@example.com/p?q=1#fragment", "@target-uri", "https://example.com/p?q=1")]
    [InlineData("HTTPS://example.com/p", "@scheme", "https")]
    [InlineData("https://example.com/p?q", "@request-target", "/p?q")]
    public void DerivedValue_FromTheTargetUri_FollowsRfc9421Section2_2(string uri, string component, string expected)
    {
        Assert.Equal(expected, SignatureBase.DerivedValue(component, "GET", new Uri(uri)));
    }

    [Fact]
    public void DerivedValue_Method_IsKeptAsReceived()
    {
        Assert.Equal("patch", SignatureBase.DerivedValue("@method", "patch", new Uri("https://example.com/")));
    }

    [Theory]
    [InlineData("line\nbreak")]
    [InlineData("carriage\rreturn")]
    [InlineData("nul\0")]
    [InlineData("zażółć")]
    public void Build_CoveredValueABaseCannotHold_Null(string value)
    {
        var signatureBase = SignatureBase.Build(["x-note"], "(\"x-note\")", "GET", new Uri("https://example.com/"), [new("X-Note", value)]);

        Assert.Null(signatureBase);
    }

    [Fact]
    public void Build_CoveredFieldAbsent_Null()
    {
        var signatureBase = SignatureBase.Build(["x-note"], "(\"x-note\")", "GET", new Uri("https://example.com/"), [new("X-Other", "1")]);

        Assert.Null(signatureBase);
    }

    [Fact]
    public void Build_CoveredFieldPresentButEmpty_EmptyValue()
    {
        var signatureBase = SignatureBase.Build(["x-empty"], "(\"x-empty\")", "GET", new Uri("https://example.com/"), [new("X-Empty", "")]);

        Assert.Equal("\"x-empty\": \n\"@signature-params\": (\"x-empty\")", Encoding.ASCII.GetString(signatureBase!));
    }
}
