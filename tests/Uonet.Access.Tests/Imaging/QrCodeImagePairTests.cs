using Uonet.Access.Imaging;

namespace Uonet.Access.Tests.Imaging;

/// <summary>Encoding once for both images gives exactly what the two separate calls give.</summary>
public sealed class QrCodeImagePairTests
{
    [Theory]
    [InlineData("uonet-access://pair?v=1&api=https%3A%2F%2Fexample.pl%2Fgminawulkanowo%2Fapi%2Fmobile%2F&symbol=gminawulkanowo&token=ABCDEFGH")]
    [InlineData("otpauth://totp/Gmina%20Wulkanowo:anna.nowak%40example.pl?secret=JBSWY3DPEHPK3PXP&issuer=Gmina%20Wulkanowo")]
    public void PngAndSvg_SamePayload_EqualsSeparateRenderings(string payload)
    {
        var (png, svg) = QrCodeImage.PngAndSvg(payload);

        Assert.Equal(QrCodeImage.Png(payload), png);
        Assert.Equal(QrCodeImage.Svg(payload), svg);
    }

    [Fact]
    public void PngAndSvg_PayloadOverTheLimit_IsRefused()
    {
        Assert.Throws<ArgumentException>(() => QrCodeImage.PngAndSvg(new string('a', 513)));
    }
}
