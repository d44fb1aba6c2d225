using System.Security.Cryptography;
using System.Text;
using Uonet.Access.Devices;

namespace Uonet.Access.Tests.Devices.Signatures;

/// <summary>The client side: the exact header fields an app sends (RFC 9421, RFC 9530).</summary>
public sealed class DeviceRequestSignerTests
{
    private static readonly Guid DeviceId = Guid.Parse("2f0c3a36-8f43-4a55-9d3e-6c1f2b7d9a10");
    private static readonly DateTimeOffset Created = DateTimeOffset.FromUnixTimeSeconds(1756711800).AddMilliseconds(999);
    private static readonly Uri Target = new("https://uonetplus.example.pl/gminawulkanowo/api/mobile/wiadomosci?okres=2");

    [Fact]
    public void Sign_EcdsaWithBody_CoversMethodTargetAndDigestWithCreatedKeyIdAndAlg()
    {
        var body = Encoding.UTF8.GetBytes("{\"tresc\": \"Dzień dobry\"}");
        DeviceRequestSigner.NewDeviceKey(out var key);
        using (key)
        {
            var headers = DeviceRequestSigner.Sign("POST", Target, body, DeviceId, key, Created);

            Assert.Equal("sig1=(\"@method\" \"@target-uri\" \"content-digest\");created=1756711800;keyid=\"2f0c3a36-8f43-4a55-9d3e-6c1f2b7d9a10\";alg=\"ecdsa-p256-sha256\"", headers.SignatureInput);
            Assert.Equal("sha-256=:" + Convert.ToBase64String(SHA256.HashData(body)) + ":", headers.ContentDigest);
            Assert.Matches("^sig1=:[A-Za-z0-9+/]{86}==:$", headers.Signature);
        }
    }

    [Fact]
    public void Sign_EcdsaWithoutBody_NoDigestAndTwoComponents()
    {
        DeviceRequestSigner.NewDeviceKey(out var key);
        using (key)
        {
            var headers = DeviceRequestSigner.Sign("GET", Target, [], DeviceId, key, Created);

            Assert.Null(headers.ContentDigest);
            Assert.StartsWith("sig1=(\"@method\" \"@target-uri\");created=1756711800;", headers.SignatureInput, StringComparison.Ordinal);
            Assert.Equal(["Signature-Input", "Signature"], headers.ToHeaders().Select(h => h.Key));
        }
    }

    [Fact]
    public void Sign_Ecdsa_SignatureIsRawRAndSOverTheRfcBase()
    {
        var publicKey = DeviceRequestSigner.NewDeviceKey(out var key);
        using (key)
        {
            var headers = DeviceRequestSigner.Sign("GET", Target, [], DeviceId, key, Created);
            var signature = Convert.FromBase64String(headers.Signature["sig1=:".Length..^1]);
            var expectedBase =
                "\"@method\": GET\n" +
                "\"@target-uri\": https://uonetplus.example.pl/gminawulkanowo/api/mobile/wiadomosci?okres=2\n" +
                "\"@signature-params\": " + headers.SignatureInput["sig1=".Length..];
            using var verifier = ECDsa.Create();
            verifier.ImportSubjectPublicKeyInfo(publicKey, out _);

            Assert.Equal(64, signature.Length);
            Assert.True(verifier.VerifyData(Encoding.ASCII.GetBytes(expectedBase), signature, HashAlgorithmName.SHA256, DSASignatureFormat.IeeeP1363FixedFieldConcatenation));
        }
    }

    [Fact]
    public void Sign_Rsa_IsPssSha512OverTheRfcBase()
    {
        using var key = RSA.Create(2048);
        var body = Encoding.UTF8.GetBytes("{}");

        var headers = DeviceRequestSigner.Sign("PUT", Target, body, DeviceId, key, Created);
        var signature = Convert.FromBase64String(headers.Signature["sig1=:".Length..^1]);
        var expectedBase =
            "\"@method\": PUT\n" +
            "\"@target-uri\": https://uonetplus.example.pl/gminawulkanowo/api/mobile/wiadomosci?okres=2\n" +
            "\"content-digest\": " + headers.ContentDigest + "\n" +
            "\"@signature-params\": (\"@method\" \"@target-uri\" \"content-digest\");created=1756711800;keyid=\"2f0c3a36-8f43-4a55-9d3e-6c1f2b7d9a10\";alg=\"rsa-pss-sha512\"";

        Assert.Equal(256, signature.Length);
        Assert.True(key.VerifyData(Encoding.ASCII.GetBytes(expectedBase), signature, HashAlgorithmName.SHA512, RSASignaturePadding.Pss));
    }

    [Fact]
    public void NewDeviceKey_ReturnsTheP256SubjectPublicKeyInfoOfTheKey()
    {
        var publicKey = DeviceRequestSigner.NewDeviceKey(out var key);
        using (key)
        {
            using var imported = ECDsa.Create();
            imported.ImportSubjectPublicKeyInfo(publicKey, out var read);

            Assert.Equal(publicKey.Length, read);
            Assert.Equal(key.ExportParameters(false).Q.X, imported.ExportParameters(false).Q.X);
            Assert.Equal("1.2.840.10045.3.1.7", imported.ExportParameters(false).Curve.Oid.Value);
        }
    }

    [Fact]
    public void Sign_KeyOnAnotherCurve_Throws()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP384);

        Assert.Throws<ArgumentException>("key", () => DeviceRequestSigner.Sign("GET", Target, [], DeviceId, key, Created));
    }

    [Fact]
    public void Sign_RsaKeyUnder2048Bits_Throws()
    {
        using var key = RSA.Create(1024);

        Assert.Throws<ArgumentException>("key", () => DeviceRequestSigner.Sign("GET", Target, [], DeviceId, key, Created));
    }

    [Theory]
    [InlineData("")]
    [InlineData("GET /x")]
    [InlineData("GET\n")]
    public void Sign_MethodNotAToken_Throws(string method)
    {
        DeviceRequestSigner.NewDeviceKey(out var key);
        using (key)
        {
            Assert.Throws<ArgumentException>("method", () => DeviceRequestSigner.Sign(method, Target, [], DeviceId, key, Created));
        }
    }

    [Fact]
    public void Sign_RelativeUri_Throws()
    {
        DeviceRequestSigner.NewDeviceKey(out var key);
        using (key)
        {
            Assert.Throws<ArgumentException>("targetUri", () => DeviceRequestSigner.Sign("GET", new Uri("oceny", UriKind.Relative), [], DeviceId, key, Created));
        }
    }
}
