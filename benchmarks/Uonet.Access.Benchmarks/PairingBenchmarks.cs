using BenchmarkDotNet.Attributes;
using QRCoder;
using Uonet.Access.Devices;
using Uonet.Access.Imaging;

namespace Uonet.Access.Benchmarks;

/// <summary>
/// <b>Dostęp mobilny → Zarejestruj urządzenie mobilne</b> (R7): a pairing ticket as the page receives it, QR code in
/// PNG and SVG included, against the two renderings alone and the app's reading of the scanned payload.
/// </summary>
[MemoryDiagnoser]
[MedianColumn]
public class PairingBenchmarks
{
    private MobileAccessWorld _world = null!;
    private MobileAccessWorld.Guardian _guardian = null!;
    private string _payload = null!;

    [GlobalSetup]
    public async Task SetupAsync()
    {
        _world = await MobileAccessWorld.CreateAsync(guardians: 1);
        _guardian = _world.Guardians[0];

        // The payload the page encodes, rebuilt through the public type so the renderings draw exactly what a ticket shows.
        var ticket = await _world.CreateTicketAsync(_guardian);
        _payload = new PairingPayload(ticket.ApiBaseUrl, ticket.InstanceSymbol, ticket.Token).ToString();
        Expect(_payload == ticket.Payload, $"the rebuilt payload {_payload} differs from the ticket's {ticket.Payload}");
        Expect(QrPng().AsSpan().StartsWith((byte[])[0x89, (byte)'P', (byte)'N', (byte)'G']), "the PNG has no PNG signature");
        Expect(QrSvg().StartsWith("<svg", StringComparison.Ordinal), "the SVG is no <svg> element");
        var parsed = ParsePayload();
        Expect(parsed.Succeeded && parsed.Value.Token == ticket.Token.Replace("-", string.Empty, StringComparison.Ordinal), "the payload does not parse back to the ticket's token");
    }

    [GlobalCleanup]
    public ValueTask CleanupAsync() => _world.DisposeAsync();

    /// <summary>
    /// A new ticket for a signed-in guardian: session check, maintenance and instance look-ups, token, PIN, their hashes,
    /// one store write that also closes the previous ticket, and the QR code as PNG and SVG.
    /// </summary>
    /// <remarks>
    /// Every call leaves one more (closed) ticket in the store, and the in-memory store closes the previous one by
    /// scanning all tickets, about 5 ns each: the 4,000 or so of a short run add some 20 µs, 2% of the call.
    /// </remarks>
    [Benchmark]
    public Task<AccessResult<PairingTicketView>> CreatePairing() => _world.Devices.CreatePairingAsync(_guardian.Session);

    /// <summary>The QR code of the payload as the ticket's PNG: 8 pixels per module, quiet zone, level M.</summary>
    [Benchmark]
    public byte[] QrPng() => QrCodeImage.Png(_payload);

    /// <summary>The QR code of the payload as the ticket's SVG element.</summary>
    [Benchmark]
    public string QrSvg() => QrCodeImage.Svg(_payload);

    /// <summary>
    /// The step both renderings start with, measured alone: QRCoder's encoding of the payload into modules (level M), as
    /// <see cref="QrCodeImage"/> does it. A ticket encodes the payload twice, once per image.
    /// </summary>
    [Benchmark]
    public int QrEncode()
    {
        using var generator = new QRCodeGenerator();
        using var data = generator.CreateQrCode(_payload, QRCodeGenerator.ECCLevel.M);
        return data.ModuleMatrix.Count;
    }

    /// <summary>What the app does with the scanned text: the strict version-1 reading.</summary>
    [Benchmark]
    public AccessResult<PairingPayload> ParsePayload() => PairingPayload.Parse(_payload);

    private static void Expect(bool condition, string problem)
    {
        if (!condition)
        {
            throw new InvalidOperationException($"Setup check failed: {problem}.");
        }
    }
}
