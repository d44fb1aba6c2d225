using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;
using ZXing;
using ZXing.Common;
using ZXing.QrCode;

namespace Uonet.Access.Sample.Web.Tests.Infrastructure;

/// <summary>Reads a QR code the way a phone's camera would: from the pixels of the PNG the page shows.</summary>
public static class QrCodes
{
    public static string Decode(byte[] png)
    {
        using var image = Image.Load<Rgba32>(png);
        var pixels = new byte[image.Width * image.Height * 4];
        image.CopyPixelDataTo(pixels);
        var source = new RGBLuminanceSource(pixels, image.Width, image.Height, RGBLuminanceSource.BitmapFormat.RGBA32);
        var result = new QRCodeReader().decode(new BinaryBitmap(new HybridBinarizer(source)));
        Assert.NotNull(result);
        return result.Text;
    }

    /// <summary>The PNG of an <c>&lt;img src="data:image/png;base64,…"&gt;</c>.</summary>
    public static byte[] FromDataUri(string source)
    {
        const string prefix = "data:image/png;base64,";
        Assert.StartsWith(prefix, source, StringComparison.Ordinal);
        return Convert.FromBase64String(source[prefix.Length..]);
    }
}
