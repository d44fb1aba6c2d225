// The example of README.md ("Use it in your phone app"), kept here word for word so that it compiles and runs.
#pragma warning disable CA1050 // As in the README: a top-level type, the way an app would start.
using Uonet.Access.Client;

public static class PhoneApp
{
    // qrText: what the camera read; pin: what the person typed from the screen beside the QR code.
    public static async Task<IReadOnlyList<MobilePupil>?> PairAsync(string qrText, string pin, CancellationToken cancellationToken = default)
    {
        var scanned = PairingPayload.Parse(qrText);
        if (!scanned.Succeeded)
        {
            Console.WriteLine(scanned.Error!.Message);   // not a pairing code, or "update the app" for a newer version
            return null;
        }

        using var key = DeviceKey.Create();   // ECDSA P-256; keep key.ExportPkcs8() where the platform protects it
        using var http = new HttpClient();
        var registered = await new MobileApiClient(http, scanned.Value.ApiBaseUrl)
            .RegisterAsync(scanned.Value.Token, pin, key, "Telefon Oli", "android", cancellationToken);
        if (!registered.Succeeded)
        {
            Console.WriteLine($"{registered.Error!.Message} [{registered.Error.Code}, tries left: {registered.Error.RemainingTries}]");
            return null;
        }

        // Every later request is signed (RFC 9421) with the key; keyid = the device id.
        using var signed = new HttpClient(new DeviceSigningHandler(key, registered.Value.DeviceId) { InnerHandler = new SocketsHttpHandler() });
        var pupils = await new MobileApiClient(signed, scanned.Value.ApiBaseUrl).GetPupilsAsync(cancellationToken);
        if (pupils.Error is { MustRegisterAgain: true } gone)
        {
            Console.WriteLine($"Unregistered ({gone.RevocationReason}): scan a new code.");   // e.g. EmailChanged (R9)
        }

        return pupils.Succeeded ? pupils.Value : null;
    }
}
