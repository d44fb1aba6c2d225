using System.Buffers.Binary;
using System.Buffers.Text;
using System.Formats.Cbor;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Uonet.Access.Tests.Passkeys;

/// <summary>
/// A WebAuthn authenticator in software, written from the specification independently of Fido2: it makes real
/// attestations ("none" or "packed" self attestation) and assertions with an ES256 (ECDSA P-256) or RS256 (RSA 2048)
/// key, encoded with System.Formats.Cbor, and answers in the browser's <c>PublicKeyCredential.toJSON()</c> form. Every
/// field a test may want to break is a knob.
/// </summary>
internal sealed class SoftwareAuthenticator : IDisposable
{
    private const byte UserPresent = 0x01;
    private const byte UserVerified = 0x04;
    private const byte BackupEligible = 0x08;
    private const byte BackedUp = 0x10;
    private const byte AttestedData = 0x40;

    private readonly ECDsa? _ec;
    private readonly RSA? _rsa;
    private readonly Dictionary<string, byte[]> _userHandles = new(StringComparer.Ordinal);

    public SoftwareAuthenticator(Algorithm algorithm = Algorithm.ES256, string origin = "https://uonetplus.example.pl", string? rpId = null)
    {
        Kind = algorithm;
        Origin = origin;
        RpId = rpId;
        if (algorithm == Algorithm.ES256)
        {
            _ec = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        }
        else
        {
            _rsa = RSA.Create(2048);
        }
    }

    public enum Algorithm
    {
        ES256,
        RS256,
    }

    public Algorithm Kind { get; }

    public byte[] CredentialId { get; } = RandomNumberGenerator.GetBytes(32);

    public Guid Aaguid { get; } = Guid.Parse("6e3b7a4f-3c1d-4f0b-9a52-1f2d3c4b5a69");

    /// <summary>The origin the "browser" reports in client data.</summary>
    public string Origin { get; set; }

    /// <summary>The RP ID hashed into authenticator data; <see langword="null"/>: the one in the options.</summary>
    public string? RpId { get; set; }

    /// <summary>Whether the authenticator reports that it verified the person (PIN, biometrics).</summary>
    public bool VerifiesUser { get; set; } = true;

    /// <summary>The signature counter; incremented before every assertion unless <see cref="KeepCounter"/>.</summary>
    public uint SignCount { get; set; }

    public bool KeepCounter { get; set; }

    /// <summary>Use "packed" self attestation instead of "none".</summary>
    public bool PackedAttestation { get; set; }

    /// <summary>Answers <c>navigator.credentials.create</c> for <paramref name="optionsJson"/>.</summary>
    public string Create(string optionsJson, Func<string, string>? tamperClientData = null)
    {
        var options = JsonNode.Parse(optionsJson)!;
        var rpId = RpId ?? options["rp"]!["id"]!.GetValue<string>();
        var userHandle = Base64Url.DecodeFromChars(options["user"]!["id"]!.GetValue<string>());
        _userHandles[rpId] = userHandle;
        var clientData = ClientData("webauthn.create", options["challenge"]!.GetValue<string>(), tamperClientData);
        var authData = AuthenticatorData(rpId, (byte)(UserPresent | (VerifiesUser ? UserVerified : 0) | BackupEligible | AttestedData), 0, withCredential: true);

        var writer = new CborWriter(CborConformanceMode.Ctap2Canonical);
        writer.WriteStartMap(3);
        writer.WriteTextString("fmt");
        writer.WriteTextString(PackedAttestation ? "packed" : "none");
        writer.WriteTextString("attStmt");
        if (PackedAttestation)
        {
            writer.WriteStartMap(2);
            writer.WriteTextString("alg");
            writer.WriteInt32(Kind == Algorithm.ES256 ? -7 : -257);
            writer.WriteTextString("sig");
            writer.WriteByteString(Sign([.. authData, .. SHA256.HashData(clientData)]));
            writer.WriteEndMap();
        }
        else
        {
            writer.WriteStartMap(0);
            writer.WriteEndMap();
        }

        writer.WriteTextString("authData");
        writer.WriteByteString(authData);
        writer.WriteEndMap();

        return new JsonObject
        {
            ["id"] = Base64Url.EncodeToString(CredentialId),
            ["rawId"] = Base64Url.EncodeToString(CredentialId),
            ["type"] = "public-key",
            ["response"] = new JsonObject
            {
                ["clientDataJSON"] = Base64Url.EncodeToString(clientData),
                ["attestationObject"] = Base64Url.EncodeToString(writer.Encode()),
                ["transports"] = new JsonArray("internal"),
            },
            ["clientExtensionResults"] = new JsonObject(),
        }.ToJsonString();
    }

    /// <summary>Answers <c>navigator.credentials.get</c> for <paramref name="optionsJson"/>.</summary>
    public string Get(string optionsJson, Func<string, string>? tamperClientData = null, byte[]? userHandle = null)
    {
        var options = JsonNode.Parse(optionsJson)!;
        var rpId = RpId ?? options["rpId"]!.GetValue<string>();
        if (!KeepCounter)
        {
            SignCount++;
        }

        var clientData = ClientData("webauthn.get", options["challenge"]!.GetValue<string>(), tamperClientData);
        var authData = AuthenticatorData(rpId, (byte)(UserPresent | (VerifiesUser ? UserVerified : 0) | BackupEligible), SignCount, withCredential: false);
        var signature = Sign([.. authData, .. SHA256.HashData(clientData)]);
        var handle = userHandle ?? _userHandles.GetValueOrDefault(options["rpId"]!.GetValue<string>());
        return new JsonObject
        {
            ["id"] = Base64Url.EncodeToString(CredentialId),
            ["rawId"] = Base64Url.EncodeToString(CredentialId),
            ["type"] = "public-key",
            ["response"] = new JsonObject
            {
                ["clientDataJSON"] = Base64Url.EncodeToString(clientData),
                ["authenticatorData"] = Base64Url.EncodeToString(authData),
                ["signature"] = Base64Url.EncodeToString(signature),
                ["userHandle"] = handle is null ? null : Base64Url.EncodeToString(handle),
            },
            ["clientExtensionResults"] = new JsonObject(),
        }.ToJsonString();
    }

    public void Dispose()
    {
        _ec?.Dispose();
        _rsa?.Dispose();
    }

    private byte[] ClientData(string type, string challenge, Func<string, string>? tamper)
    {
        var json = JsonSerializer.Serialize(new { type, challenge, origin = Origin, crossOrigin = false });
        return Encoding.UTF8.GetBytes(tamper is null ? json : tamper(json));
    }

    private byte[] AuthenticatorData(string rpId, byte flags, uint signCount, bool withCredential)
    {
        var data = new List<byte>();
        data.AddRange(SHA256.HashData(Encoding.UTF8.GetBytes(rpId)));
        data.Add(flags);
        var counter = new byte[4];
        BinaryPrimitives.WriteUInt32BigEndian(counter, signCount);
        data.AddRange(counter);
        if (withCredential)
        {
            data.AddRange(Aaguid.ToByteArray(bigEndian: true));
            var length = new byte[2];
            BinaryPrimitives.WriteUInt16BigEndian(length, (ushort)CredentialId.Length);
            data.AddRange(length);
            data.AddRange(CredentialId);
            data.AddRange(CosePublicKey());
        }

        return [.. data];
    }

    private byte[] CosePublicKey()
    {
        var writer = new CborWriter(CborConformanceMode.Ctap2Canonical);
        if (_ec is not null)
        {
            var key = _ec.ExportParameters(false);
            writer.WriteStartMap(5);
            writer.WriteInt32(1);
            writer.WriteInt32(2);
            writer.WriteInt32(3);
            writer.WriteInt32(-7);
            writer.WriteInt32(-1);
            writer.WriteInt32(1);
            writer.WriteInt32(-2);
            writer.WriteByteString(key.Q.X!);
            writer.WriteInt32(-3);
            writer.WriteByteString(key.Q.Y!);
        }
        else
        {
            var key = _rsa!.ExportParameters(false);
            writer.WriteStartMap(4);
            writer.WriteInt32(1);
            writer.WriteInt32(3);
            writer.WriteInt32(3);
            writer.WriteInt32(-257);
            writer.WriteInt32(-1);
            writer.WriteByteString(key.Modulus!);
            writer.WriteInt32(-2);
            writer.WriteByteString(key.Exponent!);
        }

        writer.WriteEndMap();
        return writer.Encode();
    }

    private byte[] Sign(byte[] data) => _ec is not null
        ? _ec.SignData(data, HashAlgorithmName.SHA256, DSASignatureFormat.Rfc3279DerSequence)
        : _rsa!.SignData(data, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
}
