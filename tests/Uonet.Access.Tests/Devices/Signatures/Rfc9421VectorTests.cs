using System.Security.Cryptography;
using System.Text;
using Uonet.Access.Devices;

namespace Uonet.Access.Tests.Devices.Signatures;

/// <summary>
/// The published examples of RFC 9421 Appendix B (and RFC 9530's digest): the library's parser and base builder must
/// rebuild the RFC's signature bases byte for byte, and the RFC's own signatures, made by other implementations with
/// the RFC's keys, must verify with the library's algorithms.
/// </summary>
public sealed class Rfc9421VectorTests
{
    // RFC 9421 B.1.2 test-key-rsa-pss, public half.
    private const string RsaPssPublicKey =
        "MIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEAr4tmm3r20Wd/PbqvP1s2" +
        "+QEtvpuRaV8Yq40gjUR8y2Rjxa6dpG2GXHbPfvMs8ct+Lh1GH45x28Rw3Ry53mm+" +
        "oAXjyQ86OnDkZ5N8lYbggD4O3w6M6pAvLkhk95AndTrifbIFPNU8PPMO7OyrFAHq" +
        "gDsznjPFmTOtCEcN2Z1FpWgchwuYLPL+Wokqltd11nqqzi+bJ9cvSKADYdUAAN5W" +
        "Utzdpiy6LbTgSxP7ociU4Tn0g5I6aDZJ7A8Lzo0KSyZYoA485mqcO0GVAdVw9lq4" +
        "aOT9v6d+nb4bnNkQVklLQ3fVAvJm+xdDOp9LCNCN48V2pnDOkFV6+U9nV5oyc6XI" +
        "2wIDAQAB";

    // RFC 9421 B.1.3 test-key-ecc-p256, public half.
    private const string EccP256PublicKey =
        "MFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAEqIVYZVLCrPZHGHjP17CTW0/+D9Lf" +
        "w0EkjqF7xB4FivAxzic30tMM4GF+hR6Dxh71Z50VGGdldkkDXZCnTNnoXQ==";

    private const string RequestDigest = "sha-512=:WZDPaVn/7XgHaAy8pmojAkGWoRx2UFChF41A2svX+TaPm+AbwAgBWnrIiYllu7BNNyealdVLvRwEmTHWXvJwew==:";

    private const string ClientCert =
        ":MIIBqDCCAU6gAwIBAgIBBzAKBggqhkjOPQQDAjA6MRswGQYDVQQKDBJMZXQncyBBdXRoZW50aWNhdGUxGzAZBgNVBAMMEkxBIEludGVybWVkaWF0ZSBD" +
        "QTAeFw0yMDAxMTQyMjU1MzNaFw0yMTAxMjMyMjU1MzNaMA0xCzAJBgNVBAMMAkJDMFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAE8YnXXfaUgmnMtOXU/IncWalRhebrXm" +
        "ckC8vdgJ1p5Be5F/3YC8OthxM4+k1M6aEAEFcGzkJiNy6J84y7uzo9M6NyMHAwCQYDVR0TBAIwADAfBgNVHSMEGDAWgBRm3WjLa38lbEYCuiCPct0ZaSED2DAOBgNVHQ8B" +
        "Af8EBAMCBsAwEwYDVR0lBAwwCgYIKwYBBQUHAwIwHQYDVR0RAQH/BBMwEYEPYmRjQGV4YW1wbGUuY29tMAoGCCqGSM49BAMCA0gAMEUCIBHda/r1vaL6G3VliL4/Di6YK0" +
        "Q6bMjeSkC3dFCOOB8TAiEAx/kHSB4urmiZ0NX5r5XarmPk0wmuydBVoU4hBVZ1yhk=:";

    // The test-request of RFC 9421 Appendix B.2: POST /foo?param=Value&Pet=dog to example.com with body {"hello": "world"}.
    private static readonly Uri RequestUri = new("https://example.com/foo?param=Value&Pet=dog");

    private static readonly KeyValuePair<string, string>[] RequestHeaders =
    [
        new("Host", "example.com"),
        new("Date", "Tue, 20 Apr 2021 02:07:55 GMT"),
        new("Content-Type", "application/json"),
        new("Content-Digest", RequestDigest),
        new("Content-Length", "18"),
    ];

    [Fact]
    public void Base_B23FullCoverage_RebuiltExactlyAndRfcRsaPssSignatureVerifies()
    {
        const string signatureInput = "sig-b23=(\"date\" \"@method\" \"@path\" \"@query\" \"@authority\" \"content-type\" \"content-digest\" \"content-length\");created=1618884473;keyid=\"test-key-rsa-pss\"";
        const string signature = "sig-b23=:bbN8oArOxYoyylQQUU6QYwrTuaxLwjAC9fbY2F6SVWvh0yBiMIRGOnMYwZ/5MR6fb0Kh1rIRASVxFkeGt683+qRpRRU5p2voTp768ZrCUb38K0fUxN0O0iC59DzYx8DFll5GmydPxSmme9v6ULbMFkl+V5B1TP/yPViV7KsLNmvKiLJH1pFkh/aYA2HXXZzNBXmIkoQoLd7YfW91kE9o/CCoC1xMy7JA1ipwvKvfrs65ldmlu9bpG6A9BmzhuzF8Eim5f8ui9eH8LZH896+QIF61ka39VBrohr9iyMUJpvRX2Zbhl5ZJzSRxpJyoEZAFL2FUo5fTIztsDZKEgM4cUA==:";
        const string expected =
            "\"date\": Tue, 20 Apr 2021 02:07:55 GMT\n" +
            "\"@method\": POST\n" +
            "\"@path\": /foo\n" +
            "\"@query\": ?param=Value&Pet=dog\n" +
            "\"@authority\": example.com\n" +
            "\"content-type\": application/json\n" +
            "\"content-digest\": " + RequestDigest + "\n" +
            "\"content-length\": 18\n" +
            "\"@signature-params\": (\"date\" \"@method\" \"@path\" \"@query\" \"@authority\" \"content-type\" \"content-digest\" \"content-length\");created=1618884473;keyid=\"test-key-rsa-pss\"";

        var (input, field) = SignatureInput.Parse(signatureInput, signature);
        Assert.Null(field);
        var signatureBase = SignatureBase.Build(input!.Components, input.SignatureParams, "POST", RequestUri, RequestHeaders);

        Assert.Equal("sig-b23", input.Label);
        Assert.Equal(1618884473, input.Created);
        Assert.Equal("test-key-rsa-pss", input.KeyId);
        Assert.Equal(expected, Encoding.ASCII.GetString(signatureBase!));
        Assert.True(SignatureAlgorithms.Verify(DeviceKeyAlgorithm.Rsa, Convert.FromBase64String(RsaPssPublicKey), signatureBase!, input.Signature));
    }

    [Fact]
    public void Base_B3TlsTerminatingProxyEcdsa_RebuiltExactlyAndRfcEcdsaSignatureVerifies()
    {
        // B.3 is the RFC's ecdsa-p256-sha256 example over a request (B.2.4 signs a response, whose @status is no request component).
        const string signatureInput = "ttrp=(\"@path\" \"@query\" \"@method\" \"@authority\" \"client-cert\");created=1618884473;keyid=\"test-key-ecc-p256\"";
        const string signature = "ttrp=:xVMHVpawaAC/0SbHrKRs9i8I3eOs5RtTMGCWXm/9nvZzoHsIg6Mce9315T6xoklyy0yzhD9ah4JHRwMLOgmizw==:";
        const string expected =
            "\"@path\": /foo\n" +
            "\"@query\": ?param=Value&Pet=dog\n" +
            "\"@method\": POST\n" +
            "\"@authority\": service.internal.example\n" +
            "\"client-cert\": " + ClientCert + "\n" +
            "\"@signature-params\": (\"@path\" \"@query\" \"@method\" \"@authority\" \"client-cert\");created=1618884473;keyid=\"test-key-ecc-p256\"";
        KeyValuePair<string, string>[] headers = [.. RequestHeaders, new("Client-Cert", ClientCert)];

        var (input, _) = SignatureInput.Parse(signatureInput, signature);
        var signatureBase = SignatureBase.Build(input!.Components, input.SignatureParams, "POST", new Uri("https://service.internal.example/foo?param=Value&Pet=dog"), headers);

        Assert.Equal(expected, Encoding.ASCII.GetString(signatureBase!));
        Assert.True(SignatureAlgorithms.Verify(DeviceKeyAlgorithm.EcdsaP256, Convert.FromBase64String(EccP256PublicKey), signatureBase!, input.Signature));
    }

    [Fact]
    public void Base_B26Ed25519Example_RebuiltExactly()
    {
        const string signatureInput = "sig-b26=(\"date\" \"@method\" \"@path\" \"@authority\" \"content-type\" \"content-length\");created=1618884473;keyid=\"test-key-ed25519\"";
        const string expected =
            "\"date\": Tue, 20 Apr 2021 02:07:55 GMT\n" +
            "\"@method\": POST\n" +
            "\"@path\": /foo\n" +
            "\"@authority\": example.com\n" +
            "\"content-type\": application/json\n" +
            "\"content-length\": 18\n" +
            "\"@signature-params\": (\"date\" \"@method\" \"@path\" \"@authority\" \"content-type\" \"content-length\");created=1618884473;keyid=\"test-key-ed25519\"";

        var (input, _) = SignatureInput.Parse(signatureInput, "sig-b26=:wqcAqbmYJ2ji2glfAMaRy4gruYYnx2nEFN2HN6jrnDnQCK1u02Gb04v9EDgwUPiu4A0w6vuQv5lIp5WPpBKRCw==:");
        var signatureBase = SignatureBase.Build(input!.Components, input.SignatureParams, "POST", RequestUri, RequestHeaders);

        Assert.Equal(expected, Encoding.ASCII.GetString(signatureBase!));
    }

    [Fact]
    public void Base_B21MinimalSignature_IsTheParamsLineAloneWithNonceKept()
    {
        var (input, _) = SignatureInput.Parse("sig-b21=();created=1618884473;keyid=\"test-key-rsa-pss\";nonce=\"b3k2pp5k7z-50gnwp.yemd\"", "sig-b21=:AAAA:");
        var signatureBase = SignatureBase.Build(input!.Components, input.SignatureParams, "POST", RequestUri, RequestHeaders);

        Assert.Equal("\"@signature-params\": ();created=1618884473;keyid=\"test-key-rsa-pss\";nonce=\"b3k2pp5k7z-50gnwp.yemd\"", Encoding.ASCII.GetString(signatureBase!));
    }

    [Fact]
    public void Ecdsa_B24ResponseSignature_VerifiesOverTheRfcBase_RawRAndSEncoding()
    {
        // The response base is written out from the RFC; what is checked is the §3.3.4 signature encoding (64 bytes r||s).
        const string responseBase =
            "\"@status\": 200\n" +
            "\"content-type\": application/json\n" +
            "\"content-digest\": sha-512=:mEWXIS7MaLRuGgxOBdODa3xqM1XdEvxoYhvlCFJ41QJgJc4GTsPp29l5oGX69wWdXymyU0rjJuahq4l5aGgfLQ==:\n" +
            "\"content-length\": 23\n" +
            "\"@signature-params\": (\"@status\" \"content-type\" \"content-digest\" \"content-length\");created=1618884473;keyid=\"test-key-ecc-p256\"";
        var signature = Convert.FromBase64String("wNmSUAhwb5LxtOtOpNa6W5xj067m5hFrj0XQ4fvpaCLx0NKocgPquLgyahnzDnDAUy5eCdlYUEkLIj+32oiasw==");
        var key = Convert.FromBase64String(EccP256PublicKey);

        Assert.True(SignatureAlgorithms.Verify(DeviceKeyAlgorithm.EcdsaP256, key, Encoding.ASCII.GetBytes(responseBase), signature));
        Assert.False(SignatureAlgorithms.Verify(DeviceKeyAlgorithm.EcdsaP256, key, Encoding.ASCII.GetBytes(responseBase.Replace("200", "201", StringComparison.Ordinal)), signature));
    }

    [Theory]
    [InlineData("{\"hello\": \"world\"}", RequestDigest)]
    [InlineData("{\"message\": \"good dog\"}", "sha-512=:mEWXIS7MaLRuGgxOBdODa3xqM1XdEvxoYhvlCFJ41QJgJc4GTsPp29l5oGX69wWdXymyU0rjJuahq4l5aGgfLQ==:")]
    [InlineData("{\"hello\": \"world\"}", "sha-256=:X48E9qOokqqrvdts8nOJRJN3OWDUoyWxBf7kbu9DBPE=:")]
    public void ContentDigest_RfcExamples_Match(string body, string field)
    {
        Assert.Equal(ContentDigest.Check.Match, ContentDigest.Verify(field, Encoding.UTF8.GetBytes(body)));
        Assert.Equal(ContentDigest.Check.Mismatch, ContentDigest.Verify(field, Encoding.UTF8.GetBytes(body + " ")));
    }

    [Fact]
    public void ContentDigest_Created_IsSha256OfTheBody()
    {
        var body = Encoding.UTF8.GetBytes("{\"hello\": \"world\"}");

        Assert.Equal("sha-256=:" + Convert.ToBase64String(SHA256.HashData(body)) + ":", ContentDigest.Create(body));
        Assert.Equal("sha-256=:X48E9qOokqqrvdts8nOJRJN3OWDUoyWxBf7kbu9DBPE=:", ContentDigest.Create(body));
    }
}
