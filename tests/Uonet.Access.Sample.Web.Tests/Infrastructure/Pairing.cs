using System.Net;
using System.Text.RegularExpressions;

namespace Uonet.Access.Sample.Web.Tests.Infrastructure;

/// <summary>What <b>Dostęp mobilny → Zarejestruj urządzenie mobilne</b> showed: read from the page as a person would.</summary>
public sealed partial record Pairing(string Token, string Symbol, string Pin, string ApiAddress, byte[] QrPng)
{
    public static async Task<Pairing> CreateAsync(PortalBrowser browser)
    {
        ArgumentNullException.ThrowIfNull(browser);
        await browser.SubmitAsync("/gminawulkanowo/dostep-mobilny", new Dictionary<string, string>(), "/gminawulkanowo/dostep-mobilny?handler=Pair");
        Assert.Equal(HttpStatusCode.OK, browser.Last!.StatusCode);
        var image = QrImage().Match(browser.Html);
        Assert.True(image.Success, "the pairing page shows no QR code");
        return new Pairing(browser.Text("pairing-token")!, browser.Text("pairing-symbol")!, browser.Text("pairing-pin")!, browser.Text("pairing-api")!, QrCodes.FromDataUri(WebUtility.HtmlDecode(image.Groups[1].Value)));
    }

    [GeneratedRegex("<img src=\"([^\"]+)\"[^>]*id=\"pairing-qr\"")]
    private static partial Regex QrImage();
}
