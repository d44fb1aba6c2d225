using System.Globalization;
using System.Text.RegularExpressions;
using Uonet.Access.Devices;
using Uonet.Access.Properties.Tests.Schools;

namespace Uonet.Access.Properties.Tests.Signatures;

/// <summary>
/// Requests of a paired phone (R7) signed by <see cref="DeviceRequestSigner"/> verify with
/// <see cref="DeviceRequestVerifier"/>; change any one covered component — method, target URI, body, digest, created,
/// key id, algorithm, the list of components, the signature — and the request is refused with the documented code;
/// headers of any shape are answered without an exception.
/// </summary>
public sealed partial class SignedRequestProperties(MotherWithPhone world) : IClassFixture<MotherWithPhone>
{
    private static readonly string[] DocumentedCodes =
    [
        AccessErrorCodes.SignatureMissing, AccessErrorCodes.SignatureMalformed, AccessErrorCodes.SignatureComponentMissing,
        AccessErrorCodes.SignatureDigestMismatch, AccessErrorCodes.SignatureClockSkew, AccessErrorCodes.DeviceNotFound,
        AccessErrorCodes.DeviceRevoked, AccessErrorCodes.SignatureInvalid, AccessErrorCodes.SignatureReplayed,
        AccessErrorCodes.SessionAccountClosed, AccessErrorCodes.SessionNotEligible,
    ];

    private static readonly Gen<Unsigned> Requests =
        from method in Gen.Elements("GET", "POST", "PUT", "DELETE", "PATCH", "get", "X-Sync")
        from host in Gen.Elements("https://uonetplus.example.pl", "http://127.0.0.1:5080", "https://szkoła.example.pl:8443")
        from path in Gen.Elements("oceny", "frekwencja", "plan lekcji", "zażółć/gęślą", "a%2Fb", "uczniowie/1/oceny", string.Empty)
        from query in Gen.Elements(string.Empty, "?okres=2", "?q=ja%C5%BA%C5%84&x=", "?a=1&a=2")
        from body in Gen.Frequency((1, Gen.Constant(Array.Empty<byte>())), (1, Gen.Choose(1, 64).SelectMany(n => Gen.ArrayOf(Gen.Choose(0, 255).Select(b => (byte)b), n))))
        from age in Gen.Choose(0, 240)
        select new Unsigned(method, new Uri(host + "/gminawulkanowo/api/mobile/" + path + query), body, age);

    private static readonly Gen<Mutation> Mutations = Gen.Elements(Enum.GetValues<Mutation>());

    private DeviceRequestVerifier Verifier => world.School.Get<DeviceRequestVerifier>();

    [Property(MaxTest = Generated.Inputs)]
    public Property VerifyAsync_SignedBySigner_Verifies_AndOneChangedCoveredComponentIsRefused_R7() => Prop.ForAll(
        Arb.From(Requests),
        Arb.From(Mutations),
        async (unsigned, mutation) =>
        {
            var signed = Sign(unsigned);
            var (changed, expectedCode) = Change(signed, unsigned, mutation);

            var refused = await Verifier.VerifyAsync(School.Symbol, changed);
            var verified = await Verifier.VerifyAsync(School.Symbol, signed);

            Expect.That(refused.Error?.Code == expectedCode, () => $"{mutation} of {unsigned}: {refused}, expected {expectedCode}");
            Expect.That(verified.Succeeded && verified.Value.Device.Id == world.PhoneId, () => $"{unsigned}: {verified}");
        });

    [Property(MaxTest = Generated.Inputs)]
    public Property VerifyAsync_AnyHeaderValues_NeverThrows_AndAnswersADocumentedCode_R7() => Prop.ForAll(
        Arb.From(Requests),
        Arb.From(Gen.Elements("Signature-Input", "Signature", "Content-Digest", "signature-input", "SIGNATURE")),
        NearValid.Inputs(Gen.Elements(
            "sig1=(\"@method\" \"@target-uri\");created=1788247800;keyid=\"0196d0a6-7c9f-7d3e-9f3e-123456789abc\";alg=\"ecdsa-p256-sha256\"",
            "sig1=:MEUCIQDm3yYbkqPrp7lHqJYJ3x9Vx8B1m4Ehq+8DgwkdsSQKjwIgX7n1vD2nQdz3RzWb7k5y5rX7k1mX3R0m1s8y3Y8k9ZQ=:",
            "sha-256=:X48E9qOokqqrvdts8nOJRJN3OWDUoyWxBf7kbu9DBPE=:")),
        async (unsigned, name, value) =>
        {
            var signed = Sign(unsigned);
            var changed = value is null ? signed.Without(name) : signed.With(name, value, replace: unsigned.AgeSeconds % 2 == 0);

            var result = await Verifier.VerifyAsync(School.Symbol, changed);

            Expect.That(result.Succeeded || DocumentedCodes.Contains(result.Error!.Code), () => $"{name}: {Shown.Text(value)} → {result}");
        });

    private SignedRequest Sign(Unsigned unsigned)
    {
        var created = world.School.Time.GetUtcNow().AddSeconds(-unsigned.AgeSeconds);
        var headers = DeviceRequestSigner.Sign(unsigned.Method, unsigned.Target, unsigned.Body, world.PhoneId, world.PhoneKey, created);
        return new SignedRequest { Method = unsigned.Method, TargetUri = unsigned.Target, Body = unsigned.Body, Headers = headers.ToHeaders() };
    }

    // One change of one covered component, and the code the verifier documents for it (its checks run in a fixed order).
    private static (SignedRequest Changed, string Code) Change(SignedRequest signed, Unsigned unsigned, Mutation mutation)
    {
        var input = signed.Header("Signature-Input");
        var hasBody = unsigned.Body.Length > 0;
        switch (mutation)
        {
            case Mutation.Method:
                return (signed with { Method = unsigned.Method == "POST" ? "PUT" : "POST" }, AccessErrorCodes.SignatureInvalid);
            case Mutation.Path:
                return (signed with { TargetUri = new Uri(unsigned.Target.GetLeftPart(UriPartial.Path) + "x" + unsigned.Target.Query) }, AccessErrorCodes.SignatureInvalid);
            case Mutation.Query:
                return (signed with { TargetUri = new Uri(unsigned.Target.GetLeftPart(UriPartial.Path) + (unsigned.Target.Query.Length == 0 ? "?x=1" : string.Empty)) }, AccessErrorCodes.SignatureInvalid);
            case Mutation.Host:
                return (signed with { TargetUri = new UriBuilder(unsigned.Target) { Host = "evil.example.pl" }.Uri }, AccessErrorCodes.SignatureInvalid);
            case Mutation.Port:
                return (signed with { TargetUri = new UriBuilder(unsigned.Target) { Port = 9443 }.Uri }, AccessErrorCodes.SignatureInvalid);
            case Mutation.Scheme:
                return (signed with { TargetUri = new UriBuilder(unsigned.Target) { Scheme = unsigned.Target.Scheme == "https" ? "http" : "https", Port = unsigned.Target.Port }.Uri }, AccessErrorCodes.SignatureInvalid);
            case Mutation.Body:
                return hasBody
                    ? (signed with { Body = unsigned.Body.Select((b, i) => i == unsigned.AgeSeconds % unsigned.Body.Length ? (byte)(b ^ 0x01) : b).ToArray() }, AccessErrorCodes.SignatureDigestMismatch)
                    : (signed with { Body = "{}"u8.ToArray() }, AccessErrorCodes.SignatureComponentMissing);
            case Mutation.Digest:
                return hasBody
                    ? (signed.With("Content-Digest", ContentDigest.Create([.. unsigned.Body, 0]), replace: true), AccessErrorCodes.SignatureDigestMismatch)
                    : ((signed with { Body = "{}"u8.ToArray() }).With("Content-Digest", ContentDigest.Create("{}"u8), replace: true), AccessErrorCodes.SignatureComponentMissing);
            case Mutation.DigestRemoved:
                return hasBody
                    ? (signed.Without("Content-Digest"), AccessErrorCodes.SignatureComponentMissing)
                    : (signed.With("Content-Digest", ContentDigest.Create("x"u8), replace: true), AccessErrorCodes.SignatureDigestMismatch);
            case Mutation.CreatedWithinWindow:
                return (signed.With("Signature-Input", Created().Replace(input, m => (long.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture) + 1).ToString(CultureInfo.InvariantCulture).Insert(0, "created=")), replace: true), AccessErrorCodes.SignatureInvalid);
            case Mutation.CreatedOutsideWindow:
                return (signed.With("Signature-Input", Created().Replace(input, m => (long.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture) - 3600).ToString(CultureInfo.InvariantCulture).Insert(0, "created=")), replace: true), AccessErrorCodes.SignatureClockSkew);
            case Mutation.KeyId:
                return (signed.With("Signature-Input", KeyId().Replace(input, $"keyid=\"{Guid.CreateVersion7():D}\""), replace: true), AccessErrorCodes.DeviceNotFound);
            case Mutation.Algorithm:
                return (signed.With("Signature-Input", input.Replace("ecdsa-p256-sha256", "rsa-pss-sha512", StringComparison.Ordinal), replace: true), AccessErrorCodes.SignatureInvalid);
            case Mutation.ComponentRemoved:
                return (signed.With("Signature-Input", input.Replace("\"@target-uri\"", string.Empty, StringComparison.Ordinal).Replace("( ", "(", StringComparison.Ordinal).Replace("  ", " ", StringComparison.Ordinal).Replace(" )", ")", StringComparison.Ordinal), replace: true), AccessErrorCodes.SignatureComponentMissing);
            case Mutation.ComponentsReordered:
                return (signed.With("Signature-Input", input.Replace("(\"@method\" \"@target-uri\"", "(\"@target-uri\" \"@method\"", StringComparison.Ordinal), replace: true), AccessErrorCodes.SignatureInvalid);
            case Mutation.ComponentAdded:
                return (signed.With("Signature-Input", input.Replace("\"@target-uri\"", "\"@target-uri\" \"@authority\"", StringComparison.Ordinal), replace: true), AccessErrorCodes.SignatureInvalid);
            default:
                var signature = Convert.FromBase64String(signed.Header("Signature")["sig1=:".Length..^1]);
                signature[unsigned.AgeSeconds % signature.Length] ^= (byte)(1 << (unsigned.Body.Length % 8));
                return (signed.With("Signature", "sig1=:" + Convert.ToBase64String(signature) + ":", replace: true), AccessErrorCodes.SignatureInvalid);
        }
    }

    [GeneratedRegex("created=([0-9]+)", RegexOptions.CultureInvariant)]
    private static partial Regex Created();

    [GeneratedRegex("keyid=\"[^\"]*\"", RegexOptions.CultureInvariant)]
    private static partial Regex KeyId();

    private enum Mutation
    {
        Method,
        Path,
        Query,
        Host,
        Port,
        Scheme,
        Body,
        Digest,
        DigestRemoved,
        CreatedWithinWindow,
        CreatedOutsideWindow,
        KeyId,
        Algorithm,
        ComponentRemoved,
        ComponentsReordered,
        ComponentAdded,
        SignatureBit,
    }

    private sealed record Unsigned(string Method, Uri Target, byte[] Body, int AgeSeconds)
    {
        public override string ToString() => $"{Method} {Target.AbsoluteUri} body {Body.Length} B, {AgeSeconds} s old";
    }
}

/// <summary>Reading and rewriting the header fields of a signed request.</summary>
internal static class SignedRequestFields
{
    public static string Header(this SignedRequest request, string name) =>
        request.Headers.Single(h => string.Equals(h.Key, name, StringComparison.OrdinalIgnoreCase)).Value;

    /// <summary>The request with a field line added, or replacing every line of that field.</summary>
    public static SignedRequest With(this SignedRequest request, string name, string value, bool replace) => request with
    {
        Headers = [.. replace ? request.Without(name).Headers : request.Headers, new(name, value)],
    };

    public static SignedRequest Without(this SignedRequest request, string name) => request with
    {
        Headers = [.. request.Headers.Where(h => !string.Equals(h.Key, name, StringComparison.OrdinalIgnoreCase))],
    };
}
