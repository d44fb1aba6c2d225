using System.Globalization;
using ServerPayload = Uonet.Access.Devices.PairingPayload;

namespace Uonet.Access.Client.Tests;

/// <summary>The QR payload as the app reads it (R7): strict, with the part at fault named, and in step with the server's writer.</summary>
public sealed class PairingPayloadTests
{
    private const string Good = "uonet-access://pair?v=1&api=https%3A%2F%2Fuonetplus.example.pl%2Fgminawulkanowo%2Fapi%2Fmobile%2F&symbol=gminawulkanowo&token=ABCD2345";

    public static TheoryData<string, string> Malformed => new()
    {
        { "", "payload" },
        { "https://uonetplus.example.pl/gminawulkanowo/", "payload" },
        { "uonet-access://unpair?v=1&api=https%3A%2F%2Fa.pl%2F&symbol=abc&token=ABCD2345", "payload" },
        { "uonet-access://pair", "payload" },
        { "uonet-access://pair?v=1&v=1&api=https%3A%2F%2Fa.pl%2F&symbol=abc&token=ABCD2345", "payload" },
        { "uonet-access://pair?v=1&api=https%3A%2F%2Fa.pl%2F&symbol=abc&token=ABCD2345#x", "payload" },
        { "uonet-access://pair?v=1&api=https%3A%2F%2Fa.pl%2F%G0&symbol=abc&token=ABCD2345", "payload" },
        { "uonet-access://pair?v=1&api=https%3A%2F%2Fa.pl%2F&symbol=abc&token=ABCD2345&pin", "payload" },
        { "uonet-access://pair?v=1&api=https%3A%2F%2Fa.pl%2F&symbol=abc&token=ABCD 2345", "payload" },
        { "uonet-access://pair?api=https%3A%2F%2Fa.pl%2F&symbol=abc&token=ABCD2345", "v" },
        { "uonet-access://pair?v=jeden&api=https%3A%2F%2Fa.pl%2F&symbol=abc&token=ABCD2345", "v" },
        { "uonet-access://pair?v=01&api=https%3A%2F%2Fa.pl%2F&symbol=abc&token=ABCD2345", "v" },
        { "uonet-access://pair?v=1&symbol=abc&token=ABCD2345", "api" },
        { "uonet-access://pair?v=1&api=%2Fgminawulkanowo%2Fapi%2Fmobile%2F&symbol=abc&token=ABCD2345", "api" },
        { "uonet-access://pair?v=1&api=ftp%3A%2F%2Fa.pl%2F&symbol=abc&token=ABCD2345", "api" },
        { "uonet-access://pair?v=1&api=https%3A%2F%2Fjan%3Ahaslo%40a.pl%2F&symbol=abc&token=ABCD2345", "api" },
        { "uonet-access://pair?v=1&api=https%3A%2F%2Fa.pl%2F%3Fx%3D1&symbol=abc&token=ABCD2345", "api" },
        { "uonet-access://pair?v=1&api=https%3A%2F%2Fa.pl%2F&token=ABCD2345", "symbol" },
        { "uonet-access://pair?v=1&api=https%3A%2F%2Fa.pl%2F&symbol=-abc&token=ABCD2345", "symbol" },
        { "uonet-access://pair?v=1&api=https%3A%2F%2Fa.pl%2F&symbol=gmina_wulkanowo&token=ABCD2345", "symbol" },
        { "uonet-access://pair?v=1&api=https%3A%2F%2Fa.pl%2F&symbol=abc", "token" },
        { "uonet-access://pair?v=1&api=https%3A%2F%2Fa.pl%2F&symbol=abc&token=ABCD234", "token" },
        { "uonet-access://pair?v=1&api=https%3A%2F%2Fa.pl%2F&symbol=abc&token=ABCD2340", "token" },
        { "uonet-access://pair?v=1&api=https%3A%2F%2Fa.pl%2F&symbol=abc&token=ABCDI345", "token" },
    };

    [Fact]
    public void Parse_WhatTheServerWrites_ReadsEveryPart_R7()
    {
        var written = new ServerPayload(new Uri("http://127.0.0.1:5080/gminawulkanowo/api/mobile/"), "gminawulkanowo", "abcd-2345").ToString();

        var read = PairingPayload.Parse(written);

        Assert.True(read.Succeeded, read.Error?.ToString());
        Assert.Equal(new Uri("http://127.0.0.1:5080/gminawulkanowo/api/mobile/"), read.Value.ApiBaseUrl);
        Assert.Equal("gminawulkanowo", read.Value.InstanceSymbol);
        Assert.Equal("ABCD2345", read.Value.Token);
        Assert.Equal(1, read.Value.Version);
        Assert.Equal(written, read.Value.ToString());
    }

    [Fact]
    public void Parse_SchemeAndHostInAnyCase_ParametersInAnyOrder_UnknownOnesIgnored_TokenWithDash()
    {
        var read = PairingPayload.Parse("UONET-ACCESS://PAIR?token=abcd-2345&symbol=GminaWulkanowo&kolor=zielony&api=https%3A%2F%2Fuonetplus.example.pl%2Fgminawulkanowo%2Fapi%2Fmobile%2F&v=1");

        Assert.True(read.Succeeded, read.Error?.ToString());
        Assert.Equal("gminawulkanowo", read.Value.InstanceSymbol);
        Assert.Equal("ABCD2345", read.Value.Token);
    }

    [Theory]
    [MemberData(nameof(Malformed))]
    public void Parse_Malformed_RefusedWithPayloadInvalid_NamingThePartAtFault(string payload, string field)
    {
        var read = PairingPayload.Parse(payload);

        Assert.False(read.Succeeded);
        Assert.Equal(ClientErrorCodes.PairingPayloadInvalid, read.Error!.Code);
        Assert.Equal(field, read.Error.Field);
    }

    [Theory]
    [MemberData(nameof(Malformed))]
    public void Parse_Malformed_TheServerRefusesItToo(string payload, string field)
    {
        Assert.False(ServerPayload.Parse(payload).Succeeded, field);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("uonet-access://pair?v=1&api=https%3A%2F%2Fa.pl%2F&symbol=abc&token=ABCD2345\n")]
    [InlineData("uonet-access://pair?v=1&api=https%3A%2F%2Fa.pl%2F&symbol=abc&token=ABCD2345&x=ż")]
    public void Parse_NullOrNotPrintableAscii_RefusedNeverThrows(string? payload)
    {
        Assert.Equal("payload", PairingPayload.Parse(payload).Error!.Field);
    }

    [Fact]
    public void Parse_LongerThan512Characters_Refused()
    {
        var payload = Good + "&x=" + new string('a', PairingPayload.MaxLength - Good.Length - 2);

        Assert.Equal(ClientErrorCodes.PairingPayloadInvalid, PairingPayload.Parse(payload).Error!.Code);
        Assert.True(PairingPayload.Parse(payload[..^1]).Succeeded);
    }

    [Theory]
    [InlineData("2")]
    [InlineData("17")]
    public void Parse_NewerVersion_RefusedAsUnsupported_WithTheVersion_SoTheAppAsksForAnUpdate(string version)
    {
        var read = PairingPayload.Parse(Good.Replace("v=1", "v=" + version, StringComparison.Ordinal), CultureInfo.GetCultureInfo("en-GB"));

        Assert.Equal(ClientErrorCodes.PairingPayloadVersionUnsupported, read.Error!.Code);
        Assert.Equal("v", read.Error.Field);
        Assert.Equal(version, read.Error.Arguments["version"]);
        Assert.Contains("Update the app", read.Error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_Refusal_DescribedInPolishByDefault_AndInEnglish()
    {
        var polish = PairingPayload.Parse("https://example.pl/", CultureInfo.GetCultureInfo("pl-PL")).Error!;
        var english = PairingPayload.Parse("https://example.pl/", CultureInfo.GetCultureInfo("en-US")).Error!;

        Assert.Contains("kod QR", polish.Message, StringComparison.Ordinal);
        Assert.Contains("QR code", english.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("uk")]
    [InlineData("uk-UA")]
    public void Parse_Refusal_DescribedInUkrainianForAUkrainianPhone(string culture)
    {
        var error = PairingPayload.Parse("https://example.pl/", CultureInfo.GetCultureInfo(culture)).Error!;

        Assert.Equal("Це не QR-код реєстрації пристрою. Відскануйте код із вкладки «Мобільний доступ».", error.Message);
    }

    [Fact]
    public void Parse_Refusal_ForALanguageWithoutTexts_DescribedInPolish()
    {
        var error = PairingPayload.Parse("https://example.pl/", CultureInfo.GetCultureInfo("de-DE")).Error!;

        Assert.Contains("kod QR", error.Message, StringComparison.Ordinal);
    }
}
