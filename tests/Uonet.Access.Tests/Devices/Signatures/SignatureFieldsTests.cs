using System.Text;
using Uonet.Access.Devices;

namespace Uonet.Access.Tests.Devices.Signatures;

/// <summary>The Signature-Input, Signature and Content-Digest fields (RFC 9421 §4, RFC 8941, RFC 9530): presence, syntax, bounds and required coverage.</summary>
public sealed class SignatureFieldsTests
{
    private const string Params = "(\"@method\" \"@target-uri\");created=1;keyid=\"x\"";
    private const string Sig = "sig1=:AAAA:";

    public static TheoryData<string, string, string> MalformedFields => new()
    {
        { "sig1", Sig, "Signature-Input" },
        { "sig1=(\"@method\" \"@target-uri\"", Sig, "Signature-Input" },
        { "sig1=(\"@method\"\"@target-uri\");created=1;keyid=\"x\"", Sig, "Signature-Input" },
        { "sig1=(\"@method\" \"@target-uri\");created=1.5;keyid=\"x\"", Sig, "Signature-Input" },
        { "sig1=(\"@method\" \"@target-uri\");created=\"1\";keyid=\"x\"", Sig, "Signature-Input" },
        { "sig1=(\"@method\" \"@target-uri\");created=1;keyid=abc", Sig, "Signature-Input" },
        { "sig1=(\"@method\" \"@target-uri\");created=1;created=2;keyid=\"x\"", Sig, "Signature-Input" },
        { "sig1=(\"@method\" \"@target-uri\");created=1;keyid=\"x\";foo=\"bar\"", Sig, "Signature-Input" },
        { "sig1=(\"@method\" \"@method\" \"@target-uri\");created=1;keyid=\"x\"", Sig, "Signature-Input" },
        { "sig1=(\"@method\" \"@target-uri\" \"@status\");created=1;keyid=\"x\"", Sig, "Signature-Input" },
        { "sig1=(\"@method\" \"@target-uri\" \"@query-param\";name=\"okres\");created=1;keyid=\"x\"", Sig, "Signature-Input" },
        { "sig1=(\"@method\" \"@target-uri\" \"content-digest\";sf);created=1;keyid=\"x\"", Sig, "Signature-Input" },
        { "sig1=(\"@method\" \"@target-uri\" \"Content-Type\");created=1;keyid=\"x\"", Sig, "Signature-Input" },
        { "sig1=(\"@method\" \"@target-uri\" \"\");created=1;keyid=\"x\"", Sig, "Signature-Input" },
        { "sig1=(method target-uri);created=1;keyid=\"x\"", Sig, "Signature-Input" },
        { "Sig1=" + Params, Sig, "Signature-Input" },
        { "sig1=" + Params + ",", Sig, "Signature-Input" },
        { "sig1=" + Params + ", sig1=" + Params, Sig, "Signature-Input" },
        { "sig2=" + Params + ", sig3=" + Params, "sig2=:AAAA:, sig3=:AAAA:", "Signature-Input" },
        { "sig1=(" + string.Join(' ', Enumerable.Range(0, 17).Select(i => $"\"x-h{i}\"")) + ");created=1;keyid=\"x\"", Sig, "Signature-Input" },
        { "sig1=" + Params + ";tag=\"" + new string('a', 4100) + "\"", Sig, "Signature-Input" },
        { "sig1=(\"@method\" \"@target-uri\");created=1;keyid=\"a\\qb\"", Sig, "Signature-Input" },
        { "sig1=(\"@method\" \"@target-uri\");created=1;keyid=\"zażółć\"", Sig, "Signature-Input" },
        { "sig1=(\"@method\" \"@target-uri\");created=1234567890123456;keyid=\"x\"", Sig, "Signature-Input" },
        { "sig1=" + Params + " garbage", Sig, "Signature-Input" },
        { "sig1=:AAAA:", Sig, "Signature-Input" },
        { "sig1=(\"@method\" \"@target-uri\");created=-;keyid=\"x\"", Sig, "Signature-Input" },
        { "sig1=(\"@method\" \"@target-uri\");created=1;keyid=\"unterminated", Sig, "Signature-Input" },
        { "sig1=" + Params, "sig1=(\"@method\")", "Signature" },
        { "sig1=" + Params, "sig1=:not base64!:", "Signature" },
        { "sig1=" + Params, "sig2=:AAAA:", "Signature" },
        { "sig1=" + Params, "sig1=:AAAA:;created=1", "Signature" },
        { "sig1=" + Params, "sig1=:AA AA:", "Signature" },
        { "sig1=" + Params, "sig1=:AAAA", "Signature" },
        { "sig1=" + Params, "sig1=:A:", "Signature" },
        { "sig1=" + Params, "sig1=:AA=A:", "Signature" },
    };

    [Theory]
    [MemberData(nameof(MalformedFields))]
    public async Task Verify_MalformedStructuredField_SignatureMalformedNamingTheField(string signatureInput, string signature, string field)
    {
        await using var world = await SignatureWorld.CreateAsync();
        var request = SignatureWorld.Request("GET", SignatureWorld.At("oceny"), [], [new("Signature-Input", signatureInput), new("Signature", signature)]);

        var result = await world.VerifyAsync(request);

        Assert.Equal(AccessErrorCodes.SignatureMalformed, result.Error?.Code);
        Assert.Equal(field, result.Error?.Field);
    }

    [Theory]
    [InlineData("sha-256=abc")]
    [InlineData("sha-256=:AAAA")]
    [InlineData("md5=:XrY7u+Ae7tCTyyK7j1rNww==:")]
    [InlineData("sha-256")]
    [InlineData("")]
    public async Task Verify_ContentDigestMalformedOrOfNoKnownAlgorithm_SignatureMalformed(string digest)
    {
        await using var world = await SignatureWorld.CreateAsync();
        var (device, key) = await world.AddEcdsaDeviceAsync();
        var request = world.Signed(device, key, "POST", "wiadomosci", "{}");

        var result = await world.VerifyAsync(request.WithHeader("Content-Digest", digest));

        Assert.Equal(AccessErrorCodes.SignatureMalformed, result.Error?.Code);
        Assert.Equal("Content-Digest", result.Error?.Field);
    }

    [Theory]
    [InlineData(null, null, "Signature-Input")]
    [InlineData("sig1=(\"@method\");created=1;keyid=\"x\"", null, "Signature")]
    [InlineData(null, "sig1=:AAAA:", "Signature-Input")]
    [InlineData("  ", "sig1=:AAAA:", "Signature-Input")]
    [InlineData("sig1=(\"@method\");created=1;keyid=\"x\"", "", "Signature")]
    public async Task Verify_SignatureFieldsAbsentOrBlank_SignatureMissing(string? signatureInput, string? signature, string field)
    {
        await using var world = await SignatureWorld.CreateAsync();
        var request = SignatureWorld.Request("GET", SignatureWorld.At("oceny"), [], [new("Accept", "application/json")])
            .WithHeader("Signature-Input", signatureInput)
            .WithHeader("Signature", signature);

        var result = await world.VerifyAsync(request);

        Assert.Equal(AccessErrorCodes.SignatureMissing, result.Error?.Code);
        Assert.Equal(field, result.Error?.Field);
    }

    [Theory]
    [InlineData("(\"@target-uri\");created={now};keyid=\"{id}\"", null, "@method")]
    [InlineData("(\"@method\");created={now};keyid=\"{id}\"", null, "@target-uri")]
    [InlineData("(\"@method\" \"@authority\" \"@path\" \"@query\");created={now};keyid=\"{id}\"", null, "@target-uri")]
    [InlineData("(\"@method\" \"@target-uri\");keyid=\"{id}\"", null, "created")]
    [InlineData("(\"@method\" \"@target-uri\");created={now}", null, "keyid")]
    [InlineData("(\"@method\" \"@target-uri\");created={now};keyid=\"{id}\"", "{\"a\":1}", "content-digest")]
    public async Task Verify_RequiredComponentNotCovered_SignatureComponentMissing(string signatureParams, string? body, string component)
    {
        await using var world = await SignatureWorld.CreateAsync();
        var (device, key) = await world.AddEcdsaDeviceAsync();
        var bytes = body is null ? [] : Encoding.UTF8.GetBytes(body);
        var unsigned = SignatureWorld.Request("POST", SignatureWorld.At("oceny"), bytes, []);
        var request = CustomSigner.Sign(unsigned, signatureParams.Replace("{now}", CustomSigner.Seconds(world.Now).ToString(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal).Replace("{id}", device.Id.ToString(), StringComparison.Ordinal), CustomSigner.Ecdsa(key));

        var result = await world.VerifyAsync(request);

        Assert.Equal(AccessErrorCodes.SignatureComponentMissing, result.Error?.Code);
        Assert.Equal(component, result.Error!.Arguments["component"]);
    }

    [Fact]
    public async Task Verify_BodyWithDigestCoveredButDigestFieldDropped_SignatureComponentMissing()
    {
        await using var world = await SignatureWorld.CreateAsync();
        var (device, key) = await world.AddEcdsaDeviceAsync();
        var request = world.Signed(device, key, "POST", "wiadomosci", "{\"a\":1}");

        var result = await world.VerifyAsync(request.WithHeader("Content-Digest", null));

        Assert.Equal(AccessErrorCodes.SignatureComponentMissing, result.Error?.Code);
        Assert.Equal("content-digest", result.Error!.Arguments["component"]);
    }

    [Fact]
    public async Task Verify_ExtraComponentsCovered_Succeeds()
    {
        await using var world = await SignatureWorld.CreateAsync();
        var (device, key) = await world.AddEcdsaDeviceAsync();
        var unsigned = SignatureWorld.Request("GET", SignatureWorld.At("oceny?okres=2"), [], [new("Accept", "application/json"), new("Accept", "text/plain")]);
        var request = CustomSigner.Sign(unsigned, $"(\"@authority\" \"@path\" \"@query\" \"@scheme\" \"@request-target\" \"accept\" \"@target-uri\" \"@method\");created={CustomSigner.Seconds(world.Now)};keyid=\"{device.Id}\"", CustomSigner.Ecdsa(key));

        var result = await world.VerifyAsync(request);

        Assert.True(result.Succeeded, result.ToString());
    }

    [Fact]
    public async Task Verify_SeveralSignatures_TheOneLabelledSig1IsVerified()
    {
        await using var world = await SignatureWorld.CreateAsync();
        var (device, key) = await world.AddEcdsaDeviceAsync();
        var signed = world.Signed(device, key);
        var request = signed
            .WithHeader("Signature-Input", "proxy=(\"@authority\");created=1;keyid=\"gateway\", " + signed.Header("Signature-Input"))
            .WithHeader("Signature", "proxy=:AAAA:, " + signed.Header("Signature"));

        var result = await world.VerifyAsync(request);

        Assert.True(result.Succeeded, result.ToString());
    }

    [Fact]
    public async Task Verify_FieldsSplitOverSeveralLines_AreJoinedAsOneDictionary()
    {
        await using var world = await SignatureWorld.CreateAsync();
        var (device, key) = await world.AddEcdsaDeviceAsync();
        var signed = world.Signed(device, key);
        var request = signed with
        {
            Headers =
            [
                new("Signature-Input", "proxy=(\"@authority\");created=1;keyid=\"gateway\""),
                new("signature", "proxy=:AAAA:"),
                new("SIGNATURE-INPUT", signed.Header("Signature-Input")),
                new("Signature", signed.Header("Signature")),
            ],
        };

        var result = await world.VerifyAsync(request);

        Assert.True(result.Succeeded, result.ToString());
    }

    [Fact]
    public async Task Verify_OneSignatureWithAnotherLabel_IsAccepted()
    {
        await using var world = await SignatureWorld.CreateAsync();
        var (device, key) = await world.AddEcdsaDeviceAsync();
        var unsigned = SignatureWorld.Request("GET", SignatureWorld.At("oceny"), [], []);
        var request = CustomSigner.Sign(unsigned, $"(\"@method\" \"@target-uri\");created={CustomSigner.Seconds(world.Now)};keyid=\"{device.Id}\"", CustomSigner.Ecdsa(key), label: "dzienniczek");

        var result = await world.VerifyAsync(request);

        Assert.True(result.Succeeded, result.ToString());
    }

    [Fact]
    public async Task Verify_HeaderNamesInAnyCase_Succeeds()
    {
        await using var world = await SignatureWorld.CreateAsync();
        var (device, key) = await world.AddEcdsaDeviceAsync();
        var signed = world.Signed(device, key, "POST", "wiadomosci", "{}");
        var request = signed with { Headers = [.. signed.Headers.Select(h => new KeyValuePair<string, string>(h.Key.ToLowerInvariant(), h.Value))] };

        var result = await world.VerifyAsync(request);

        Assert.True(result.Succeeded, result.ToString());
    }

    [Fact]
    public async Task Verify_MutatedSignatureInputs_NeverThrowAndAlwaysRefuse()
    {
        await using var world = await SignatureWorld.CreateAsync();
        var (device, key) = await world.AddEcdsaDeviceAsync();
        var signed = world.Signed(device, key, "POST", "wiadomosci", "{\"a\":1}");
        var random = new Random(9421);
        var alphabet = "\"();=:,*?-. \t\\@a1Zé\u0000\n";
        string[] fields = ["Signature-Input", "Signature", "Content-Digest"];
        var refusals = new HashSet<string>();

        // Accepted once first: a mutation that decodes to the same signature bytes must then come back as a replay.
        Assert.True((await world.VerifyAsync(signed)).Succeeded);
        for (var i = 0; i < 600; i++)
        {
            var name = fields[i % fields.Length];
            var chars = signed.Header(name).ToCharArray();
            chars[random.Next(chars.Length)] = alphabet[random.Next(alphabet.Length)];
            var mutated = new string(chars);
            if (mutated == signed.Header(name))
            {
                continue;
            }

            var result = await world.VerifyAsync(signed.WithHeader(name, mutated));

            Assert.False(result.Succeeded, $"{name}: {mutated}");
            refusals.Add(result.Error!.Code);
        }

        Assert.Contains(AccessErrorCodes.SignatureMalformed, refusals);
        Assert.Contains(AccessErrorCodes.SignatureInvalid, refusals);
    }
}
