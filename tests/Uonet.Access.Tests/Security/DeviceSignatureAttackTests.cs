using Uonet.Access.Tests.Devices.Signatures;

namespace Uonet.Access.Tests.Security;

/// <summary>
/// Signed requests of a paired device (R7, RFC 9421) in an attacker's hands: the signature changed at every byte, cut
/// short or lengthened; the key id changed at every character; the <c>created</c> time changed at every digit. Every
/// forgery is refused with the code of the check it fails and none burns the genuine signature in the replay cache, so
/// the device's own request still passes afterwards (ASVS 5.0 V6.7, V7.2: proof of possession of the device key,
/// verified by the server, bound to the request).
/// </summary>
public sealed class DeviceSignatureAttackTests
{
    [Fact]
    public async Task Verify_EverySignatureByteChangedOrSignatureCutOrLengthened_SignatureInvalidGenuineStillAccepted_R7()
    {
        await using var world = await SignatureWorld.CreateAsync();
        var (device, key) = await world.AddEcdsaDeviceAsync();
        var request = world.Signed(device, key, "POST", "wiadomosci", "{\"tresc\": \"Dzień dobry\"}");
        var signature = request.SignatureBytes();
        var forgeries = Enumerable.Range(0, signature.Length)
            .Select(i =>
            {
                var forged = (byte[])signature.Clone();
                forged[i] ^= 0x01;
                return forged;
            })
            .Concat([[], signature[..32], signature[..^1], [.. signature, 0], [0, .. signature], [.. signature, .. signature]])
            .ToList();

        var refusals = await VerifyEachAsync(world, forgeries.Select(f => request.WithSignatureBytes(f)));
        var genuine = await world.VerifyAsync(request);

        Assert.Equal(64 + 6, refusals.Count);
        Assert.All(refusals, r => r.Result.AssertRefused(AccessErrorCodes.SignatureInvalid, r.Input));
        Assert.True(genuine.Succeeded, genuine.ToString());
    }

    [Fact]
    public async Task Verify_EveryCharacterOfTheKeyIdChanged_DeviceNotFoundGenuineStillAccepted_R7()
    {
        await using var world = await SignatureWorld.CreateAsync();
        var (device, key) = await world.AddEcdsaDeviceAsync();
        var request = world.Signed(device, key);
        var keyId = device.Id.ToString("D");
        var input = request.Header("Signature-Input");
        var forgeries = Tampering.EachCharacterChanged(keyId, "0123456789abcdef", caseSensitive: false)
            .Select(f => request.WithHeader("Signature-Input", input.Replace(keyId, f.Forged, StringComparison.Ordinal)))
            .ToList();

        var refusals = await VerifyEachAsync(world, forgeries);
        var genuine = await world.VerifyAsync(request);

        Assert.Equal(keyId.Length, refusals.Count);
        Assert.All(refusals, r => r.Result.AssertRefused(AccessErrorCodes.DeviceNotFound, r.Input));
        Assert.True(genuine.Succeeded, genuine.ToString());
    }

    [Fact]
    public async Task Verify_EveryDigitOfCreatedChanged_ClockSkewOutsideTheWindowSignatureInvalidInside_R7()
    {
        await using var world = await SignatureWorld.CreateAsync();
        var (device, key) = await world.AddEcdsaDeviceAsync();
        var request = world.Signed(device, key);
        var created = world.Now.ToUnixTimeSeconds().ToString(System.Globalization.CultureInfo.InvariantCulture);
        var input = request.Header("Signature-Input");
        var forgeries = Tampering.EachCharacterChanged(created, "0123456789")
            .Select(f => (Created: long.Parse(f.Forged, System.Globalization.CultureInfo.InvariantCulture), Request: request.WithHeader("Signature-Input", input.Replace("created=" + created, "created=" + f.Forged, StringComparison.Ordinal))))
            .ToList();

        var refusals = await VerifyEachAsync(world, forgeries.Select(f => f.Request));
        var genuine = await world.VerifyAsync(request);

        Assert.All(forgeries.Zip(refusals), pair =>
        {
            // Outside the five-minute window the clock check answers first; inside it, the signature no longer covers the time given.
            var outside = Math.Abs(pair.First.Created - world.Now.ToUnixTimeSeconds()) > 300;
            pair.Second.Result.AssertRefused(outside ? AccessErrorCodes.SignatureClockSkew : AccessErrorCodes.SignatureInvalid, pair.Second.Input);
        });
        Assert.Contains(forgeries, f => Math.Abs(f.Created - world.Now.ToUnixTimeSeconds()) <= 300);
        Assert.True(genuine.Succeeded, genuine.ToString());
    }

    private static async Task<List<(string Input, AccessResult Result)>> VerifyEachAsync(SignatureWorld world, IEnumerable<Uonet.Access.Devices.SignedRequest> requests)
    {
        var results = new List<(string, AccessResult)>();
        foreach (var request in requests)
        {
            results.Add(($"{request.Header("Signature-Input")} {request.Header("Signature")}", await world.VerifyAsync(request)));
        }

        return results;
    }
}
