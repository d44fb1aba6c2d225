using System.Security.Cryptography;
using System.Text;

namespace Uonet.Access.Client.Tests;

/// <summary>The device key: P-256 by default, RSA 2048–8192 accepted, PKCS#8 and PEM round trips, nothing else accepted.</summary>
public sealed class DeviceKeyTests
{
    [Fact]
    public void Create_IsP256_AndItsSubjectPublicKeyInfoImportsExactly()
    {
        using var key = DeviceKey.Create();

        var spki = key.ExportSubjectPublicKeyInfo();
        using var imported = ECDsa.Create();
        imported.ImportSubjectPublicKeyInfo(spki, out var read);

        Assert.Equal(spki.Length, read);
        Assert.Equal("1.2.840.10045.3.1.7", imported.ExportParameters(false).Curve.Oid.Value);
        Assert.Equal("ecdsa-p256-sha256", key.Algorithm);
    }

    [Fact]
    public void ImportPkcs8_OfExportPkcs8_IsTheSameKey()
    {
        using var key = DeviceKey.Create();

        using var imported = DeviceKey.ImportPkcs8(key.ExportPkcs8());

        Assert.Equal(key.ExportSubjectPublicKeyInfo(), imported.ExportSubjectPublicKeyInfo());
        Assert.True(Verifies(key.ExportSubjectPublicKeyInfo(), imported));
    }

    [Fact]
    public void ImportPem_OfExportPkcs8Pem_WithTextAroundTheBlock_IsTheSameKey()
    {
        using var key = DeviceKey.Create();
        var pem = key.ExportPkcs8Pem();

        using var imported = DeviceKey.ImportPem("Uonet-Access-Device-Id: 2f0c3a36-8f43-4a55-9d3e-6c1f2b7d9a10\n" + pem + "\n");

        Assert.StartsWith("-----BEGIN PRIVATE KEY-----", pem, StringComparison.Ordinal);
        Assert.Equal(key.ExportSubjectPublicKeyInfo(), imported.ExportSubjectPublicKeyInfo());
    }

    [Theory]
    [InlineData(2048)]
    [InlineData(3072)]
    public void ImportPkcs8_Rsa2048OrMore_AcceptedAndSignsRsaPss(int bits)
    {
        using var rsa = RSA.Create(bits);

        using var key = DeviceKey.ImportPkcs8(rsa.ExportPkcs8PrivateKey());

        Assert.Equal("rsa-pss-sha512", key.Algorithm);
        Assert.Equal(rsa.ExportSubjectPublicKeyInfo(), key.ExportSubjectPublicKeyInfo());
        Assert.True(Verifies(rsa.ExportSubjectPublicKeyInfo(), key));
    }

    [Fact]
    public void ImportPkcs8_RsaUnder2048Bits_Refused()
    {
        using var rsa = RSA.Create(1024);

        Assert.Throws<ArgumentException>("pkcs8", () => DeviceKey.ImportPkcs8(rsa.ExportPkcs8PrivateKey()));
    }

    [Fact]
    public void ImportPkcs8_P384_Refused()
    {
        using var ecdsa = ECDsa.Create(ECCurve.NamedCurves.nistP384);

        Assert.Throws<ArgumentException>("pkcs8", () => DeviceKey.ImportPkcs8(ecdsa.ExportPkcs8PrivateKey()));
    }

    [Fact]
    public void ImportPkcs8_TrailingBytes_Refused()
    {
        using var key = DeviceKey.Create();

        Assert.Throws<ArgumentException>("pkcs8", () => DeviceKey.ImportPkcs8([.. key.ExportPkcs8(), 0]));
    }

    [Fact]
    public void ImportPkcs8_EncryptedKey_Refused()
    {
        using var ecdsa = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var encrypted = ecdsa.ExportEncryptedPkcs8PrivateKey("hasło", new PbeParameters(PbeEncryptionAlgorithm.Aes256Cbc, HashAlgorithmName.SHA256, 1000));

        Assert.Throws<ArgumentException>("pkcs8", () => DeviceKey.ImportPkcs8(encrypted));
    }

    [Theory]
    [InlineData("")]
    [InlineData("to nie jest klucz")]
    [InlineData("-----BEGIN PUBLIC KEY-----\nMFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAE\n-----END PUBLIC KEY-----")]
    [InlineData("-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----")]
    public void ImportPem_NotAPkcs8PrivateKey_Refused(string pem)
    {
        Assert.Throws<ArgumentException>("pem", () => DeviceKey.ImportPem(pem));
    }

    [Fact]
    public void Constructor_EcdsaOnAnotherCurve_Refused_AndTheKeyStaysTheCallers()
    {
        using var p384 = ECDsa.Create(ECCurve.NamedCurves.nistP384);

        Assert.Throws<ArgumentException>("key", () => new DeviceKey(p384));
        Assert.NotEmpty(p384.ExportSubjectPublicKeyInfo());
    }

    [Fact]
    public void Constructor_RsaOver8192Bits_Refused()
    {
        using var rsa = RSA.Create();
        rsa.ImportParameters(new RSAParameters { Modulus = [0x80, .. new byte[1024]], Exponent = [1, 0, 1] });

        Assert.Throws<ArgumentException>("key", () => new DeviceKey(rsa));
    }

    private static bool Verifies(byte[] publicKey, DeviceKey key)
    {
        var fields = key.Sign("GET", new Uri("https://example.pl/x"), [], Guid.Empty, DateTimeOffset.UnixEpoch);
        var signature = Convert.FromBase64String(fields.Signature["sig1=:".Length..^1]);
        var signatureBase = Encoding.ASCII.GetBytes("\"@method\": GET\n\"@target-uri\": https://example.pl/x\n\"@signature-params\": " + fields.SignatureInput["sig1=".Length..]);
        if (key.Algorithm == "rsa-pss-sha512")
        {
            using var rsa = RSA.Create();
            rsa.ImportSubjectPublicKeyInfo(publicKey, out _);
            return rsa.VerifyData(signatureBase, signature, HashAlgorithmName.SHA512, RSASignaturePadding.Pss);
        }

        using var ecdsa = ECDsa.Create();
        ecdsa.ImportSubjectPublicKeyInfo(publicKey, out _);
        return ecdsa.VerifyData(signatureBase, signature, HashAlgorithmName.SHA256, DSASignatureFormat.IeeeP1363FixedFieldConcatenation);
    }
}
