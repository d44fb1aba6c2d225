using System.Text;
using QRCoder;

namespace Uonet.Access.Imaging;

/// <summary>
/// QR code images of a payload (the <c>otpauth://</c> URI of TOTP enrolment, the device-pairing payload of R7),
/// drawn for scanning from a screen: error correction level M (about 15 % of the symbol may be damaged or glared)
/// and the 4-module quiet zone the QR standard asks for.
/// </summary>
/// <remarks>
/// <para>
/// Size at the default 8 pixels per module, quiet zone included: a TOTP enrolment URI (issuer, e-mail address,
/// 32-character secret; 160–200 characters once percent-encoded) makes a version 9–10 symbol of 61–65 modules,
/// a PNG of 488–520 pixels square; a 120-character https link makes version 7, 53 modules, 424 pixels. The
/// longest payload allowed (512 bytes) makes version 18, 97 modules, 776 pixels.
/// </para>
/// <para>
/// Payloads are encoded as given (ISO-8859-1 when they fit it, else UTF-8); URIs should be percent-encoded ASCII,
/// which every scanner reads alike.
/// </para>
/// </remarks>
public static class QrCodeImage
{
    // Keeps the symbol at version 18 or below, which a phone still reads off an ordinary screen at 8 px per module.
    private const int MaxPayloadBytes = 512;
    private const int MaxPixelsPerModule = 32;

    /// <summary>A black-on-white PNG (1-bit grayscale) of the payload's QR code.</summary>
    /// <param name="payload">The text to encode: 1 to 512 bytes in UTF-8.</param>
    /// <param name="pixelsPerModule">Pixels per module, 1 to 32; the default 8 suits a screen (see remarks of the
    /// type for the resulting size).</param>
    /// <returns>The PNG file's bytes.</returns>
    /// <exception cref="ArgumentException">The payload is empty or longer than 512 bytes.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="pixelsPerModule"/> is outside 1 to 32.</exception>
    public static byte[] Png(string payload, int pixelsPerModule = 8)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(pixelsPerModule, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(pixelsPerModule, MaxPixelsPerModule);
        using var data = Encode(payload);
        using var png = new PngByteQRCode(data);
        return png.GetGraphic(pixelsPerModule, drawQuietZones: true);
    }

    /// <summary>
    /// An SVG of the payload's QR code, sized by its <c>viewBox</c> only (one unit per module), so it scales to
    /// whatever box the page gives it; give it at least about 250 CSS pixels for a phone to read it off the screen.
    /// </summary>
    /// <remarks>
    /// Safe to inline into HTML: the markup is one white <c>rect</c> and one black <c>path</c> of fixed colours; the
    /// payload appears only as geometry, never as text, so it cannot inject markup or script.
    /// </remarks>
    /// <param name="payload">The text to encode: 1 to 512 bytes in UTF-8.</param>
    /// <returns>The <c>&lt;svg&gt;</c> element, without an XML declaration.</returns>
    /// <exception cref="ArgumentException">The payload is empty or longer than 512 bytes.</exception>
    public static string Svg(string payload)
    {
        using var data = Encode(payload);
        using var svg = new SvgQRCode(data);
        // pixelsPerModule is ignored in viewBox sizing; 1 keeps the coordinates in modules.
        return svg.GetGraphic(1, "#000000", "#ffffff", drawQuietZones: true, SvgQRCode.SizingMode.ViewBoxAttribute);
    }

    /// <summary>
    /// The PNG (8 pixels per module) and the SVG of one payload, encoded once: what a page that offers both needs,
    /// at about two thirds of the cost of <see cref="Png"/> and <see cref="Svg"/> called separately.
    /// </summary>
    /// <param name="payload">The text to encode: 1 to 512 bytes in UTF-8.</param>
    /// <exception cref="ArgumentException">The payload is empty or longer than 512 bytes.</exception>
    public static (byte[] Png, string Svg) PngAndSvg(string payload)
    {
        using var data = Encode(payload);
        using var png = new PngByteQRCode(data);
        using var svg = new SvgQRCode(data);
        return (png.GetGraphic(8, drawQuietZones: true), svg.GetGraphic(1, "#000000", "#ffffff", drawQuietZones: true, SvgQRCode.SizingMode.ViewBoxAttribute));
    }

    private static QRCodeData Encode(string payload)
    {
        ArgumentException.ThrowIfNullOrEmpty(payload);
        var bytes = Encoding.UTF8.GetByteCount(payload);
        if (bytes > MaxPayloadBytes)
        {
            throw new ArgumentException(
                $"A QR code payload may have at most {MaxPayloadBytes} bytes in UTF-8; this one has {bytes}.",
                nameof(payload));
        }

        using var generator = new QRCodeGenerator();
        return generator.CreateQrCode(payload, QRCodeGenerator.ECCLevel.M);
    }
}
