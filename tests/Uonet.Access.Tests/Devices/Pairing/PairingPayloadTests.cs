using Uonet.Access.Devices;

namespace Uonet.Access.Tests.Devices.Pairing;

public sealed class PairingPayloadTests
{
    private const string Api = "https%3A%2F%2Fuonetplus.example.pl%2Fgminawulkanowo%2Fapi%2Fmobile%2F";
    private const string Valid = "uonet-access://pair?v=1&api=" + Api + "&symbol=gminawulkanowo&token=ABCDEFGH";

    private static readonly Uri ApiUrl = new("https://uonetplus.example.pl/gminawulkanowo/api/mobile/");

    [Fact]
    public void ToString_Version1_DocumentedUri()
    {
        var payload = new PairingPayload(ApiUrl, "GminaWulkanowo", "abcd-efgh");

        Assert.Equal(Valid, payload.ToString());
    }

    [Fact]
    public void Parse_WhatToStringWrote_SamePayload()
    {
        var payload = new PairingPayload(ApiUrl, TestSchool.Symbol, "ABCDEFGH");

        var parsed = PairingPayload.Parse(payload.ToString());

        Assert.True(parsed.Succeeded, parsed.ToString());
        Assert.Equal(payload, parsed.Value);
        Assert.Equal(1, parsed.Value.Version);
        Assert.Equal(ApiUrl, parsed.Value.ApiBaseUrl);
        Assert.Equal(TestSchool.Symbol, parsed.Value.InstanceSymbol);
        Assert.Equal("ABCDEFGH", parsed.Value.Token);
    }

    [Theory]
    [InlineData("UONET-ACCESS://PAIR?v=1&api=" + Api + "&symbol=gminawulkanowo&token=ABCDEFGH")]
    [InlineData("uonet-access://pair?token=ABCDEFGH&symbol=gminawulkanowo&api=" + Api + "&v=1")]
    [InlineData("uonet-access://pair?v=1&api=" + Api + "&symbol=gminawulkanowo&token=abcd-efgh")]
    [InlineData("uonet-access://pair?v=1&api=" + Api + "&symbol=gminawulkanowo&token=ABCDEFGH&label=Gmina%20Wulkanowo")]
    [InlineData("uonet-access://pair?v=1&api=https://uonetplus.example.pl/gminawulkanowo/api/mobile/&symbol=gminawulkanowo&token=ABCDEFGH")]
    [InlineData("uonet-access://pair?v=1&api=" + Api + "&symbol=GMINAWULKANOWO&token=ABCDEFGH")]
    public void Parse_AcceptedVariants_SamePayload(string text)
    {
        var parsed = PairingPayload.Parse(text);

        Assert.True(parsed.Succeeded, parsed.ToString());
        Assert.Equal(Valid, parsed.Value.ToString());
    }

    [Theory]
    [InlineData("empty", "")]
    [InlineData("no query", "uonet-access://pair")]
    [InlineData("empty query", "uonet-access://pair?")]
    [InlineData("https scheme", "https://pair?v=1&api=" + Api + "&symbol=gminawulkanowo&token=ABCDEFGH")]
    [InlineData("other app scheme", "uonet://pair?v=1&api=" + Api + "&symbol=gminawulkanowo&token=ABCDEFGH")]
    [InlineData("otpauth", "otpauth://totp/Dziennik:anna?secret=JBSWY3DPEHPK3PXP&issuer=Dziennik")]
    [InlineData("other host", "uonet-access://pairing?v=1&api=" + Api + "&symbol=gminawulkanowo&token=ABCDEFGH")]
    [InlineData("host then path", "uonet-access://evil/pair?v=1&api=" + Api + "&symbol=gminawulkanowo&token=ABCDEFGH")]
    [InlineData("user info", "uonet-access://pair@evil?v=1&api=" + Api + "&symbol=gminawulkanowo&token=ABCDEFGH")]
    [InlineData("path after host", "uonet-access://pair/?v=1&api=" + Api + "&symbol=gminawulkanowo&token=ABCDEFGH")]
    [InlineData("version 2", "uonet-access://pair?v=2&api=" + Api + "&symbol=gminawulkanowo&token=ABCDEFGH")]
    [InlineData("version 01", "uonet-access://pair?v=01&api=" + Api + "&symbol=gminawulkanowo&token=ABCDEFGH")]
    [InlineData("version missing", "uonet-access://pair?api=" + Api + "&symbol=gminawulkanowo&token=ABCDEFGH")]
    [InlineData("api missing", "uonet-access://pair?v=1&symbol=gminawulkanowo&token=ABCDEFGH")]
    [InlineData("symbol missing", "uonet-access://pair?v=1&api=" + Api + "&token=ABCDEFGH")]
    [InlineData("token missing", "uonet-access://pair?v=1&api=" + Api + "&symbol=gminawulkanowo")]
    [InlineData("token twice", "uonet-access://pair?v=1&api=" + Api + "&symbol=gminawulkanowo&token=ABCDEFGH&token=HGFEDCBA")]
    [InlineData("version twice", "uonet-access://pair?v=1&v=1&api=" + Api + "&symbol=gminawulkanowo&token=ABCDEFGH")]
    [InlineData("parameter without value", "uonet-access://pair?v=1&api=" + Api + "&symbol=gminawulkanowo&token")]
    [InlineData("empty parameter", "uonet-access://pair?v=1&&api=" + Api + "&symbol=gminawulkanowo&token=ABCDEFGH")]
    [InlineData("empty name", "uonet-access://pair?v=1&=x&api=" + Api + "&symbol=gminawulkanowo&token=ABCDEFGH")]
    [InlineData("relative api", "uonet-access://pair?v=1&api=api%2Fmobile%2F&symbol=gminawulkanowo&token=ABCDEFGH")]
    [InlineData("rooted api", "uonet-access://pair?v=1&api=%2Fapi%2Fmobile%2F&symbol=gminawulkanowo&token=ABCDEFGH")]
    [InlineData("ftp api", "uonet-access://pair?v=1&api=ftp%3A%2F%2Fexample.pl%2F&symbol=gminawulkanowo&token=ABCDEFGH")]
    [InlineData("file api", "uonet-access://pair?v=1&api=file%3A%2F%2F%2Fetc%2Fpasswd&symbol=gminawulkanowo&token=ABCDEFGH")]
    [InlineData("javascript api", "uonet-access://pair?v=1&api=javascript%3Aalert(1)&symbol=gminawulkanowo&token=ABCDEFGH")]
    [InlineData("api with user info", "uonet-access://pair?v=1&api=https%3A%2F%2Fuser%3Apw%40example.pl%2F&symbol=gminawulkanowo&token=ABCDEFGH")]
    [InlineData("api with query", "uonet-access://pair?v=1&api=https%3A%2F%2Fexample.pl%2F%3Fx%3D1&symbol=gminawulkanowo&token=ABCDEFGH")]
    [InlineData("api with fragment", "uonet-access://pair?v=1&api=https%3A%2F%2Fexample.pl%2F%23x&symbol=gminawulkanowo&token=ABCDEFGH")]
    [InlineData("symbol with underscore", "uonet-access://pair?v=1&api=" + Api + "&symbol=gmina_wulkanowo&token=ABCDEFGH")]
    [InlineData("symbol with leading hyphen", "uonet-access://pair?v=1&api=" + Api + "&symbol=-gmina&token=ABCDEFGH")]
    [InlineData("token with zero", "uonet-access://pair?v=1&api=" + Api + "&symbol=gminawulkanowo&token=ABCD0FGH")]
    [InlineData("token of 7", "uonet-access://pair?v=1&api=" + Api + "&symbol=gminawulkanowo&token=ABCDEFG")]
    [InlineData("broken escape", "uonet-access://pair?v=1&api=https%3A%2F%2Fexample.pl%2&symbol=gminawulkanowo&token=ABCDEFGH")]
    [InlineData("non-hex escape", "uonet-access://pair?v=1&api=" + Api + "&symbol=gmina%zzwulkanowo&token=ABCDEFGH")]
    [InlineData("invalid UTF-8", "uonet-access://pair?v=1&api=https%3A%2F%2Fexample.pl%2F%C3%28&symbol=gminawulkanowo&token=ABCDEFGH")]
    [InlineData("escaped control character", "uonet-access://pair?v=1&api=https%3A%2F%2Fexample.pl%2F%0A&symbol=gminawulkanowo&token=ABCDEFGH")]
    [InlineData("space", "uonet-access://pair?v=1&api=" + Api + "&symbol=gminawulkanowo&token=ABCD EFGH")]
    [InlineData("trailing newline", Valid + "\n")]
    [InlineData("non-ASCII", "uonet-access://pair?v=1&api=https://żółw.example.pl/&symbol=gminawulkanowo&token=ABCDEFGH")]
    [InlineData("fragment", Valid + "#x")]
    public void Parse_MalformedOrForeign_PayloadInvalid(string because, string text)
    {
        var parsed = PairingPayload.Parse(text);

        Assert.False(parsed.Succeeded, because);
        Assert.Equal(AccessErrorCodes.PairingPayloadInvalid, parsed.Error!.Code);
    }

    [Fact]
    public void Parse_Null_PayloadInvalid()
    {
        Assert.Equal(AccessErrorCodes.PairingPayloadInvalid, PairingPayload.Parse(null).Error!.Code);
    }

    [Fact]
    public void Parse_LongerThan512Characters_PayloadInvalid()
    {
        var text = Valid + "&pad=" + new string('x', PairingPayload.MaxLength - Valid.Length - 4);

        var atLimit = PairingPayload.Parse(text[..PairingPayload.MaxLength]);
        var overLimit = PairingPayload.Parse(text);

        Assert.True(atLimit.Succeeded, atLimit.ToString());
        Assert.Equal(PairingPayload.MaxLength + 1, text.Length);
        Assert.Equal(AccessErrorCodes.PairingPayloadInvalid, overLimit.Error!.Code);
    }

    [Fact]
    public void Parse_UnescapedApiThatWouldNotFitOnceEscaped_PayloadInvalid()
    {
        // 500 characters as sent, but written back with every "/" escaped the payload passes 512.
        var path = string.Concat(Enumerable.Repeat("a/", 200));
        var text = $"uonet-access://pair?v=1&api=https://e.pl/{path}&symbol=gminawulkanowo&token=ABCDEFGH";

        var parsed = PairingPayload.Parse(text);

        Assert.InRange(text.Length, 450, PairingPayload.MaxLength);
        Assert.Equal(AccessErrorCodes.PairingPayloadInvalid, parsed.Error!.Code);
    }

    [Fact]
    public void Parse_AnyPrefixOfValidPayload_NeverThrows()
    {
        for (var length = 0; length < Valid.Length; length++)
        {
            Assert.False(PairingPayload.Parse(Valid[..length]).Succeeded, Valid[..length]);
        }
    }

    [Theory]
    [InlineData("api/mobile/", "gminawulkanowo", "ABCDEFGH")]
    [InlineData("ftp://example.pl/", "gminawulkanowo", "ABCDEFGH")]
    [InlineData("https://example.pl/?q=1", "gminawulkanowo", "ABCDEFGH")]
    [InlineData("https://example.pl/", "gmina wulkanowo", "ABCDEFGH")]
    [InlineData("https://example.pl/", "gminawulkanowo", "ABCD0FGH")]
    public void Constructor_InvalidArgument_Throws(string api, string symbol, string token)
    {
        Assert.Throws<ArgumentException>(() => new PairingPayload(new Uri(api, UriKind.RelativeOrAbsolute), symbol, token));
    }

    [Fact]
    public void Constructor_ApiTooLongForTheQrCode_Throws()
    {
        var api = new Uri("https://example.pl/" + new string('a', 480) + "/");

        var error = Assert.Throws<ArgumentException>(() => new PairingPayload(api, TestSchool.Symbol, "ABCDEFGH"));

        Assert.Equal("apiBaseUrl", error.ParamName);
    }
}
