using System.Globalization;
using System.Text.RegularExpressions;
using System.Xml.Linq;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;
using Uonet.Access.Credentials;
using Uonet.Access.Imaging;
using ZXing;
using ZXing.Common;

namespace Uonet.Access.Tests.Imaging;

public sealed class QrCodeImageTests
{
    private static readonly XNamespace SvgNamespace = "http://www.w3.org/2000/svg";

    private static readonly byte[] Secret = Convert.FromHexString("d6e294771e743e385af385d605f6286ea6396c8b");

    // A sign-in link of about the length the mail and pairing flows produce.
    private const string HttpsUrl =
        "https://dziennik.example.pl/gminawulkanowo/konto/przywroc-dostep?token=Zk3x9QmT2vLr8WcY4pNs6HbJ1dEaUgFo7KiVq0XyMzRt";

    private static string OtpAuthUri =>
        TotpAlgorithm.OtpAuthUri(Secret, "Dziennik Wulkanowo", "zażółć.gęślą@example.pl");

    [Fact]
    public void HttpsUrl_UsedByTheseTests_IsAbout120Characters()
    {
        Assert.InRange(HttpsUrl.Length, 110, 130);
    }

    [Fact]
    public void Png_OtpAuthUri_DecodesToSamePayload()
    {
        var png = QrCodeImage.Png(OtpAuthUri);

        Assert.Equal(OtpAuthUri, Decode(png));
    }

    [Fact]
    public void Png_HttpsUrl_DecodesToSamePayload()
    {
        Assert.Equal(HttpsUrl, Decode(QrCodeImage.Png(HttpsUrl)));
    }

    [Fact]
    public void Png_LongestAllowedPayload_DecodesToSamePayload()
    {
        var payload = "https://dziennik.example.pl/?p=" + new string('x', 512 - 31);

        Assert.Equal(payload, Decode(QrCodeImage.Png(payload)));
    }

    [Theory]
    [InlineData("anna.nowak@example.pl", 488)]
    [InlineData("zażółć.gęślą@example.pl", 520)]
    public void Png_EnrolmentUriAtDefaultScale_HasDocumentedSize(string account, int pixels)
    {
        // The sizes promised in QrCodeImage's remarks: version 9 or 10 plus the quiet zone, 8 px per module.
        var payload = TotpAlgorithm.OtpAuthUri(Secret, "Dziennik Wulkanowo", account);

        var info = Image.Identify(QrCodeImage.Png(payload));

        Assert.Equal(pixels, info.Width);
        Assert.Equal(pixels, info.Height);
    }

    [Fact]
    public void Png_HttpsUrlAtDefaultScale_Is424PixelsSquare()
    {
        var info = Image.Identify(QrCodeImage.Png(HttpsUrl));

        Assert.Equal(424, info.Width);
        Assert.Equal(424, info.Height);
    }

    [Fact]
    public void Png_FourPixelsPerModule_IsHalfTheDefaultSize()
    {
        var normal = Image.Identify(QrCodeImage.Png(HttpsUrl));
        var small = Image.Identify(QrCodeImage.Png(HttpsUrl, pixelsPerModule: 4));

        Assert.Equal(normal.Width / 2, small.Width);
    }

    [Fact]
    public void Png_Image_HasWhiteQuietZoneOfFourModules()
    {
        using var image = Image.Load<L8>(QrCodeImage.Png(HttpsUrl, pixelsPerModule: 2));

        // 4 modules of 2 px: rows and columns 0-7 are white, and the finder pattern's black corner starts at 8.
        for (var i = 0; i < 8; i++)
        {
            Assert.Equal(255, image[i, 8].PackedValue);
            Assert.Equal(255, image[8, i].PackedValue);
        }

        Assert.Equal(0, image[8, 8].PackedValue);
    }

    [Fact]
    public void Png_PayloadOver512BytesInUtf8_ThrowsArgumentException()
    {
        // 257 characters, but 514 bytes: the limit counts bytes.
        var payload = new string('ł', 257);

        var exception = Assert.Throws<ArgumentException>(() => QrCodeImage.Png(payload));

        Assert.Equal("payload", exception.ParamName);
        Assert.Contains("512", exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Png_EmptyPayload_ThrowsArgumentException()
    {
        var exception = Assert.Throws<ArgumentException>(() => QrCodeImage.Png(""));

        Assert.Equal("payload", exception.ParamName);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(33)]
    public void Png_PixelsPerModuleOutOfRange_Throws(int pixelsPerModule)
    {
        var exception = Assert.Throws<ArgumentOutOfRangeException>(() => QrCodeImage.Png(HttpsUrl, pixelsPerModule));

        Assert.Equal("pixelsPerModule", exception.ParamName);
    }

    [Fact]
    public void Svg_OtpAuthUri_IsWellFormedSvgWithoutScriptOrDeclaration()
    {
        var svg = QrCodeImage.Svg(OtpAuthUri);

        var document = XDocument.Parse(svg);
        Assert.Null(document.Declaration);
        Assert.Equal(SvgNamespace + "svg", document.Root!.Name);
        Assert.DoesNotContain("<script", svg, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain(document.Descendants(), e => e.Name.LocalName is "script" or "foreignObject" or "a" or "use");
        Assert.DoesNotContain(document.Descendants().Attributes(), a =>
            a.Name.LocalName.StartsWith("on", StringComparison.OrdinalIgnoreCase) || a.Name.LocalName == "href");
    }

    [Fact]
    public void Svg_PayloadWithMarkup_IsNotReflectedIntoTheSvg()
    {
        const string payload = "https://example.pl/\"><script>alert('x')</script><svg onload=alert(1)>";

        var svg = QrCodeImage.Svg(payload);

        Assert.DoesNotContain("<script", svg, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("alert", svg, StringComparison.Ordinal);
        Assert.DoesNotContain("onload", svg, StringComparison.Ordinal);
        XDocument.Parse(svg);
    }

    [Fact]
    public void Svg_Image_ScalesByViewBoxOnly()
    {
        var root = XDocument.Parse(QrCodeImage.Svg(HttpsUrl)).Root!;

        Assert.Null(root.Attribute("width"));
        Assert.Null(root.Attribute("height"));
        Assert.Matches(@"^0 0 (\d+) \1$", root.Attribute("viewBox")?.Value);
    }

    [Fact]
    public void Svg_HttpsUrl_RasterizedDecodesToSamePayload()
    {
        var svg = QrCodeImage.Svg(HttpsUrl);

        Assert.Equal(HttpsUrl, Decode(Rasterize(svg, pixelsPerModule: 4)));
    }

    private static string? Decode(byte[] png)
    {
        using var image = Image.Load<L8>(png);
        var luminance = new byte[image.Width * image.Height];
        image.CopyPixelDataTo(luminance);
        return Decode(luminance, image.Width, image.Height);
    }

    private static string? Decode(byte[] luminance, int width, int height)
    {
        var reader = new BarcodeReaderGeneric
        {
            AutoRotate = false,
            Options = new DecodingOptions { PossibleFormats = [BarcodeFormat.QR_CODE] },
        };
        var source = new RGBLuminanceSource(luminance, width, height, RGBLuminanceSource.BitmapFormat.Gray8);
        return reader.Decode(source)?.Text;
    }

    // Draws the SVG as QRCoder writes it (one white rect, one black path of one-module-high runs
    // "Mx yhNv1h-Nz") into a luminance buffer, so that the SVG itself is shown to be a readable code.
    private static (byte[] Luminance, int Size) RasterizeToLuminance(string svg, int pixelsPerModule)
    {
        var root = XDocument.Parse(svg).Root!;
        var modules = int.Parse(root.Attribute("viewBox")!.Value.Split(' ')[2], CultureInfo.InvariantCulture);
        var path = Assert.Single(root.Elements(SvgNamespace + "path")).Attribute("d")!.Value;
        var runs = Regex.Matches(path, @"M(\d+) (\d+)h(\d+)v1h-\3z");
        Assert.Equal(path.Length, runs.Sum(run => run.Length));

        var size = modules * pixelsPerModule;
        var luminance = Enumerable.Repeat((byte)255, size * size).ToArray();
        foreach (Match run in runs)
        {
            var x = int.Parse(run.Groups[1].Value, CultureInfo.InvariantCulture) * pixelsPerModule;
            var y = int.Parse(run.Groups[2].Value, CultureInfo.InvariantCulture) * pixelsPerModule;
            var width = int.Parse(run.Groups[3].Value, CultureInfo.InvariantCulture) * pixelsPerModule;
            for (var row = y; row < y + pixelsPerModule; row++)
            {
                Array.Fill(luminance, (byte)0, row * size + x, width);
            }
        }

        return (luminance, size);
    }

    private static byte[] Rasterize(string svg, int pixelsPerModule)
    {
        var (luminance, size) = RasterizeToLuminance(svg, pixelsPerModule);
        using var image = Image.LoadPixelData<L8>(luminance, size, size);
        using var stream = new MemoryStream();
        image.SaveAsPng(stream);
        return stream.ToArray();
    }
}
