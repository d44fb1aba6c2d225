using Uonet.Access.Devices;

namespace Uonet.Access.Properties.Tests.Devices;

/// <summary>
/// The QR code of <b>Zarejestruj urządzenie mobilne</b> (R7): whatever a camera reads is parsed without throwing, and a
/// payload the library writes is read back to the same address, symbol and token.
/// </summary>
public sealed class PairingPayloadProperties
{
    private static readonly Gen<string> Hosts = Gen.Elements(
        "uonetplus.example.pl", "127.0.0.1", "[::1]", "szkoła.example.pl", "xn--szkoa-bta.example.pl", "localhost", "a.b.c.example.com");

    private static readonly Gen<string> PathSegments = Gen.Frequency(
        (4, Junk.Of("abcdefghijklmnopqrstuvwxyz0123456789-._~", 1, 12)),
        (1, Gen.Elements("gminawulkanowo", "api", "mobile", "zażółć", "a%20b", "%C5%BC", "~user", "x;y=1", "a+b", "(1)", "..")));

    private static readonly Gen<Uri> ApiUrls =
        from scheme in Gen.Elements("https", "http", "HTTPS")
        from host in Hosts
        from port in Gen.Frequency((3, Gen.Constant(string.Empty)), (1, Gen.Choose(1, 65535).Select(p => ":" + p)))
        from segments in Gen.Choose(0, 4).SelectMany(n => Gen.ArrayOf(PathSegments, n))
        from slash in Gen.Elements("/", string.Empty)
        select new Uri($"{scheme}://{host}{port}/{string.Join('/', segments)}{slash}");

    private static readonly Gen<string> Symbols = Gen.Elements("gminawulkanowo", "powiat-wulkanowy", "ab", "GminaWulkanowo", "x1-2-3");

    private static readonly Gen<string> Tokens = Gen.ArrayOf(Gen.Elements(PairingCode.Alphabet.ToCharArray()), PairingCode.TokenLength)
        .Select(symbols => new string(symbols))
        .SelectMany(token => Gen.Elements(token, token.ToLowerInvariant(), PairingCode.Display(token)));

    private static readonly Gen<PairingPayload> Payloads =
        from api in ApiUrls
        from symbol in Symbols
        from token in Tokens
        select new PairingPayload(api, symbol, token);

    /// <summary>Written payloads, and the same payload rearranged the ways a reader must accept.</summary>
    private static readonly Gen<string> Scanned = Payloads.SelectMany(payload =>
    {
        var written = payload.ToString();
        var query = written[(written.IndexOf('?', StringComparison.Ordinal) + 1)..].Split('&');
        return Gen.Frequency(
            (3, Gen.Constant(written)),
            (1, Gen.Constant("UONET-ACCESS://PAIR" + written["uonet-access://pair".Length..])),
            (1, Gen.Shuffle(query).Select(shuffled => "uonet-access://pair?" + string.Join('&', shuffled))),
            (1, Gen.Elements("&x=1", "&v=2", "&v=1", "&api=", "&token=", "&symbol=x", "&=", "&&", "#f", "&note=%E2%9C%93").Select(extra => written + extra)));
    });

    private static readonly Arbitrary<string?> Inputs = NearValid.Inputs(Scanned);

    [Property(MaxTest = Generated.Inputs)]
    public Property Parse_AnyScannedText_APayloadOrPayloadInvalid_R7() => Prop.ForAll(Inputs, scanned =>
    {
        var result = PairingPayload.Parse(scanned);

        Expect.That(result.Succeeded || result.Errors is [{ Code: AccessErrorCodes.PairingPayloadInvalid }], () => Shown.Text(scanned));
        if (result.Succeeded)
        {
            var payload = result.Value;
            Expect.That(PairingCode.Normalize(payload.Token) == payload.Token && payload.Version == PairingPayload.CurrentVersion, () => Shown.Text(scanned));
            Expect.That(payload.ApiBaseUrl.Scheme is "http" or "https" && payload.ApiBaseUrl.UserInfo.Length == 0 && payload.ApiBaseUrl.Query.Length == 0, () => Shown.Text(scanned));
        }
    });

    [Property(MaxTest = Generated.Inputs)]
    public Property Parse_Accepted_WrittenBackReadsTheSamePayload_R7() => Prop.ForAll(Inputs, scanned =>
    {
        if (PairingPayload.Parse(scanned) is { Succeeded: true } read)
        {
            var written = read.Value.ToString();
            var again = PairingPayload.Parse(written);

            Expect.That(written.Length <= PairingPayload.MaxLength && again.Succeeded, () => $"{Shown.Text(scanned)} → {Shown.Text(written)}");
            Expect.That(again.Value == read.Value && again.Value.ToString() == written, () => $"{Shown.Text(scanned)} → {Shown.Text(written)}");
        }
    });

    [Property(MaxTest = Generated.Inputs)]
    public Property ToString_AnyPayload_ParsesBackToTheSameAddressSymbolAndToken_R7() => Prop.ForAll(Arb.From(Payloads), payload =>
    {
        var read = PairingPayload.Parse(payload.ToString());

        Expect.That(read.Succeeded, () => payload.ToString());
        Assert.Equal(payload.ApiBaseUrl, read.Value.ApiBaseUrl);
        Assert.Equal(payload.ApiBaseUrl.AbsoluteUri, read.Value.ApiBaseUrl.AbsoluteUri);
        Assert.Equal(payload.InstanceSymbol, read.Value.InstanceSymbol);
        Assert.Equal(payload.Token, read.Value.Token);
    });
}
