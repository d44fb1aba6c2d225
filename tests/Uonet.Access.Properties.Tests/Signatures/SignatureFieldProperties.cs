using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;
using Uonet.Access.Devices;

namespace Uonet.Access.Properties.Tests.Signatures;

/// <summary>
/// The fields of an RFC 9421 signature and RFC 9530 digest as a phone sends them (R7): the covered components and
/// parameters are read back exactly as written, <c>@signature-params</c> in canonical form, the digest matches only
/// its body, and the signature base holds one line per component whatever the header values hold.
/// </summary>
public sealed partial class SignatureFieldProperties
{
    private static readonly string[] ComponentNames =
    [
        "@method", "@target-uri", "@authority", "@scheme", "@request-target", "@path", "@query",
        "content-digest", "content-type", "content-length", "date", "x-request-id", "accept", "x!#$%&'*+-.^_`|~",
    ];

    private static readonly string[] ParameterKeys = ["created", "expires", "keyid", "alg", "nonce", "tag"];

    private static readonly string[] OtherMembers = [string.Empty, ", sig2=(\"@method\");created=1", ", other=:AAAA:"];

    /// <summary>A Signature-Input and Signature pair as a phone writes it, with what the parser must read from them.</summary>
    private static readonly Gen<SignatureFields> Fields = Seeded.From(random =>
    {
        var label = random.Chance(4) ? StructuredFieldText.NewKey(random) : SignatureInput.PreferredLabel;
        var components = ComponentNames.OrderBy(_ => random.Next()).Take(random.Next(9)).ToArray();
        var parameters = ParameterKeys.Where(_ => random.Chance(2)).OrderBy(_ => random.Next()).Select(key => NewParameter(random, key)).ToArray();
        var bytes = new byte[random.Next(81)];
        random.NextBytes(bytes);

        // Another member may stand beside the preferred label, in either field; the parser must pick sig1.
        var other = label == SignatureInput.PreferredLabel ? random.Pick(OtherMembers) : string.Empty;
        var input = label + "=(" + string.Join(' ', components.Select(StructuredFieldText.Quoted)) + ")" + string.Concat(parameters.Select(p => ";" + p.Key + "=" + p.Written)) + other;
        var signature = (other.Length > 0 ? other[2..] + ", " : string.Empty) + label + "=:" + Convert.ToBase64String(bytes) + ":";
        return new SignatureFields(input, signature, label, components, parameters, bytes);
    });

    [Property(MaxTest = Generated.Inputs)]
    public Property SignatureInputParse_AnyFields_NeverThrows_MalformedNamesItsField_R7() => Prop.ForAll(
        NearValid.NonNullInputs(Fields.Select(f => f.Input)),
        NearValid.NonNullInputs(Fields.Select(f => f.Signature)),
        (input, signature) =>
        {
            var (read, errorField) = SignatureInput.Parse(input, signature);

            Expect.That(read is null ? errorField is SignatureHeaderNames.SignatureInput or SignatureHeaderNames.Signature : errorField is null, () => $"{Shown.Text(input)} / {Shown.Text(signature)}");
            Assert.True(read is null || read.Components.Count <= SignatureInput.MaxComponents);
        });

    [Property(MaxTest = Generated.Inputs)]
    public Property SignatureInputParse_WrittenFields_ReadsComponentsParametersAndBytes_R7() => Prop.ForAll(Arb.From(Fields), fields =>
    {
        var (read, errorField) = SignatureInput.Parse(fields.Input, fields.Signature);

        string Described() => $"{Shown.Text(fields.Input)} / {Shown.Text(fields.Signature)}";
        Expect.That(read is not null, () => $"{Described()}: malformed {errorField}");
        Expect.That(read.Label == fields.Label && read.Components.SequenceEqual(fields.Components) && read.Signature.AsSpan().SequenceEqual(fields.Bytes), Described);
        SignatureParameter? Parameter(string key) => fields.Parameters.FirstOrDefault(p => p.Key == key);
        Expect.That(read.Created == Parameter("created")?.Number && read.Expires == Parameter("expires")?.Number, Described);
        Expect.That(read.KeyId == Parameter("keyid")?.Text && read.Algorithm == Parameter("alg")?.Text, Described);
        var canonical = "(" + string.Join(' ', fields.Components.Select(StructuredFieldText.Quoted)) + ")" + string.Concat(fields.Parameters.Select(p => ";" + p.Key + "=" + p.Canonical));
        Expect.That(read.SignatureParams == canonical, () => $"{Described()}: {Shown.Text(read.SignatureParams)}");
    });

    [Property(MaxTest = Generated.Inputs)]
    public Property ContentDigestVerify_DigestOfABody_MatchesThatBodyAndNoOther_RFC9530() => Prop.ForAll(
        Arb.From(
            from body in Gen.Choose(0, 64).SelectMany(n => Gen.ArrayOf(Gen.Choose(0, 255).Select(b => (byte)b), n))
            from at in Gen.Choose(0, 64)
            from xor in Gen.Choose(1, 255)
            select (body, other: body.Length == 0 ? [(byte)xor] : body.Select((b, i) => i == at % body.Length ? (byte)(b ^ xor) : b).ToArray())),
        pair =>
        {
            var sha512 = "sha-512=:" + Convert.ToBase64String(SHA512.HashData(pair.body)) + ":";

            Assert.Equal(ContentDigest.Check.Match, ContentDigest.Verify(ContentDigest.Create(pair.body), pair.body));
            Assert.Equal(ContentDigest.Check.Match, ContentDigest.Verify(sha512 + ", md5=:AAAA:", pair.body));
            Assert.Equal(ContentDigest.Check.Mismatch, ContentDigest.Verify(ContentDigest.Create(pair.body), pair.other));
            Assert.Equal(ContentDigest.Check.Mismatch, ContentDigest.Verify(ContentDigest.Create(pair.body) + ", " + sha512, pair.other));
            Assert.Equal(ContentDigest.Check.Malformed, ContentDigest.Verify("md5=:" + Convert.ToBase64String(MD5.HashData(pair.body)) + ":", pair.body));
        });

    [Property(MaxTest = Generated.Inputs)]
    public Property ContentDigestVerify_AnyField_NeverThrows_AndMatchesOnlyWithTheRightDigest_RFC9530() => Prop.ForAll(
        NearValid.NonNullInputs(Gen.Elements(ContentDigest.Create("{\"a\":1}"u8), "sha-512=:" + Convert.ToBase64String(SHA512.HashData("{\"a\":1}"u8)) + ":")),
        field =>
        {
            var check = ContentDigest.Verify(field, "{\"a\":1}"u8);

            // A match needs the body's own digest among the field's byte sequences (padding optional, RFC 8941 §4.2.7).
            Expect.That(check != ContentDigest.Check.Match || ByteSequences(field).Any(bytes => bytes.SequenceEqual(SHA256.HashData("{\"a\":1}"u8)) || bytes.SequenceEqual(SHA512.HashData("{\"a\":1}"u8))), () => Shown.Text(field));
        });

    [Property(MaxTest = Generated.Inputs)]
    public Property SignatureBaseBuild_AnyHeaderValues_OneLinePerComponent_NothingButPrintableAscii_R7() => Prop.ForAll(
        Arb.From(
            from components in Gen.Shuffle(ComponentNames).SelectMany(all => Gen.Choose(0, all.Length).Select(n => all[..n]))
            from headers in Gen.Choose(0, 8).SelectMany(n => Gen.ArrayOf(
                from name in Gen.Frequency((3, Gen.Elements(ComponentNames)), (1, Gen.Elements("Content-Digest", "DATE", "X-Request-Id")), (1, Junk.Text))
                from value in Gen.Frequency((2, Junk.Text), (1, Gen.Elements("a\r\n b", "a\n\tb", " a ", "a\r\nb", "a\rb", "x\r\n")))
                select new KeyValuePair<string, string>(name, value), n))
            from method in Gen.Frequency((3, Gen.Elements("GET", "POST")), (1, Junk.Text))
            from target in Gen.Elements("https://uonetplus.example.pl/gminawulkanowo/api/mobile/oceny?okres=2", "http://[::1]:8080/a%20b/?x=%0A", "https://szkoła.example.pl:443/zażółć?gęś=1", "https://a.example/")
            select (components, headers, method, target: new Uri(target))),
        request =>
        {
            const string Parameters = "(\"@method\");created=1";

            var bytes = SignatureBase.Build(request.components, Parameters, request.method, request.target, request.headers);

            if (bytes is null)
            {
                return;
            }

            var text = Encoding.ASCII.GetString(bytes);
            var lines = text.Split('\n');
            string Described() => Shown.Text(text);
            Expect.That(bytes.All(b => b is (byte)'\t' or (byte)'\n' or (>= 0x20 and <= 0x7E)), Described);
            Expect.That(lines.Length == request.components.Length + 1, Described);
            Expect.That(lines.SkipLast(1).Select((line, i) => line.StartsWith(StructuredFieldText.Quoted(request.components[i]) + ": ", StringComparison.Ordinal)).All(ok => ok), Described);
            Assert.Equal("\"@signature-params\": " + Parameters, lines[^1]);
        });

    [Property(MaxTest = Generated.Inputs)]
    public Property FieldValue_LinesWithoutBreaks_AreTrimmedAndJoinedWithCommaSpace_InOrder_R7() => Prop.ForAll(
        Arb.From(Gen.Choose(0, 6).SelectMany(n => Gen.ArrayOf(
            from name in Gen.Elements("Content-Digest", "content-digest", "CONTENT-DIGEST", "Date", "x-other")
            from value in Junk.Text.Select(v => v.Replace("\r", string.Empty, StringComparison.Ordinal).Replace("\n", string.Empty, StringComparison.Ordinal))
            select new KeyValuePair<string, string>(name, value), n))),
        headers =>
        {
            var lines = headers.Where(h => string.Equals(h.Key, "content-digest", StringComparison.OrdinalIgnoreCase)).Select(h => h.Value.Trim(' ', '\t')).ToList();

            var value = SignatureBase.FieldValue("content-digest", headers);

            Assert.Equal(lines.Count == 0 ? null : string.Join(", ", lines), value);
        });

    // created and expires are integers (written here with a leading zero now and then); alg a string or a token; the rest strings.
    private static SignatureParameter NewParameter(Random random, string key)
    {
        if (key is "created" or "expires")
        {
            var number = random.NextInt64(0, 1_000_000_000_000);
            var canonical = number.ToString(CultureInfo.InvariantCulture);
            return new SignatureParameter(key, (random.Chance(4) ? "0" : string.Empty) + canonical, canonical, number, null);
        }

        var text = key == "alg" && random.Chance(2) ? StructuredFieldText.NewToken(random) : StructuredFieldText.NewString(random);
        return new SignatureParameter(key, text.Written, text.Canonical, null, text.Expected.Text);
    }

    private static IEnumerable<byte[]> ByteSequences(string field)
    {
        foreach (var encoded in ByteSequence().Matches(field).Select(m => m.Groups[1].Value.TrimEnd('=')))
        {
            var bytes = new byte[encoded.Length];
            if (Convert.TryFromBase64String(encoded.PadRight((encoded.Length + 3) / 4 * 4, '='), bytes, out var written))
            {
                yield return bytes[..written];
            }
        }
    }

    [GeneratedRegex(":([A-Za-z0-9+/=]*):", RegexOptions.CultureInvariant)]
    private static partial Regex ByteSequence();

    private sealed record SignatureParameter(string Key, string Written, string Canonical, long? Number, string? Text);

    private sealed record SignatureFields(string Input, string Signature, string Label, string[] Components, SignatureParameter[] Parameters, byte[] Bytes)
    {
        public override string ToString() => $"{Shown.Text(Input)} / {Shown.Text(Signature)}";
    }
}
