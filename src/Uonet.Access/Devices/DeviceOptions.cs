namespace Uonet.Access.Devices;

/// <summary>Options of mobile pairing and signed device requests (R7).</summary>
public sealed class DeviceOptions
{
    /// <summary>How long a pairing ticket works. Default 10 minutes (RFC 8628's order of magnitude; UONET+ uses minutes too).</summary>
    public TimeSpan PairingLifetime { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>Wrong PINs a ticket survives. Default 3 (UONET+ clients count 2, 1, 0 remaining).</summary>
    public int PinTries { get; set; } = 3;

    /// <summary>
    /// The base address of the mobile API put in the QR payload, relative to the instance's base URL or absolute.
    /// Default <c>api/mobile/</c> (so <c>https://host/symbol/api/mobile/</c>).
    /// </summary>
    public string ApiPath { get; set; } = "api/mobile/";

    /// <summary>How far a signature's <c>created</c> time may lie from the server's clock, either way. Default 5 minutes.</summary>
    public TimeSpan SignatureClockSkew { get; set; } = TimeSpan.FromMinutes(5);
}
