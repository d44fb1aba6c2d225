using System.Globalization;
using System.Numerics;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.DependencyInjection;
using Uonet.Access.Credentials;
using Uonet.Access.Devices;
using Uonet.Access.Records;
using Uonet.Access.Tests.Credentials.Workflows;

namespace Uonet.Access.Tests.Devices.Signatures;

/// <summary>
/// A <see cref="TestSchool"/> where Anna Nowak (mother of Ola, SP1 4a) has set her password, with devices written
/// straight into the store (pairing itself is tested elsewhere) and a <see cref="DeviceRequestVerifier"/> built from
/// the school's container.
/// </summary>
internal sealed class SignatureWorld : IAsyncDisposable
{
    public static readonly Uri Api = new("https://uonetplus.example.pl/gminawulkanowo/api/mobile/");

    private readonly List<IDisposable> _keys = [];

    private SignatureWorld(TestSchool school, Account mother, StudentRecord ola)
    {
        School = school;
        Mother = mother;
        Ola = ola;
        Verifier = ActivatorUtilities.CreateInstance<DeviceRequestVerifier>(school.Services);
    }

    public TestSchool School { get; }

    public Account Mother { get; }

    public StudentRecord Ola { get; }

    public DeviceRequestVerifier Verifier { get; }

    public DateTimeOffset Now => School.Time.GetUtcNow();

    public static async Task<SignatureWorld> CreateAsync(Action<UonetAccessOptions>? configure = null)
    {
        var school = await TestSchool.CreateAsync(configure);
        var ola = await school.Services.AddOlaWithMotherAsync();
        await school.Services.SetPasswordAsync();
        var mother = await school.Services.AccountAsync();
        return new SignatureWorld(school, mother, ola);
    }

    public static Uri At(string relative) => new(Api, relative);

    /// <summary>Writes a device for the mother's account (or <paramref name="account"/>) through a dummy pairing ticket.</summary>
    public Task<MobileDevice> AddDeviceAsync(byte[] publicKey, DeviceKeyAlgorithm algorithm, Account? account = null) =>
        School.InsertDeviceAsync(account ?? Mother, publicKey, algorithm);

    public async Task<(MobileDevice Device, ECDsa Key)> AddEcdsaDeviceAsync(Account? account = null)
    {
        var publicKey = DeviceRequestSigner.NewDeviceKey(out var key);
        _keys.Add(key);
        return (await AddDeviceAsync(publicKey, DeviceKeyAlgorithm.EcdsaP256, account), key);
    }

    public async Task<(MobileDevice Device, RSA Key)> AddRsaDeviceAsync(int bits = 2048)
    {
        var key = RSA.Create(bits);
        _keys.Add(key);
        return (await AddDeviceAsync(key.ExportSubjectPublicKeyInfo(), DeviceKeyAlgorithm.Rsa), key);
    }

    /// <summary>A request signed by <see cref="DeviceRequestSigner"/> at <paramref name="created"/> (default: now).</summary>
    public SignedRequest Signed(MobileDevice device, ECDsa key, string method = "GET", string path = "oceny?okres=2", string? body = null, DateTimeOffset? created = null)
    {
        var bytes = body is null ? [] : Encoding.UTF8.GetBytes(body);
        var target = At(path);
        var headers = DeviceRequestSigner.Sign(method, target, bytes, device.Id, key, created ?? Now);
        return Request(method, target, bytes, headers.ToHeaders());
    }

    public Task<AccessResult<DeviceRequestContext>> VerifyAsync(SignedRequest request, string symbol = TestSchool.Symbol) =>
        Verifier.VerifyAsync(symbol, request, Flow.None);

    public static SignedRequest Request(string method, Uri target, byte[] body, IEnumerable<KeyValuePair<string, string>> headers) =>
        new() { Method = method, TargetUri = target, Body = body, Headers = [.. headers] };

    public async ValueTask DisposeAsync()
    {
        foreach (var key in _keys)
        {
            key.Dispose();
        }

        await School.DisposeAsync();
    }
}

/// <summary>Reading and rewriting the fields of a signed request in tests.</summary>
internal static class SignedRequestEdits
{
    public static string Header(this SignedRequest request, string name) =>
        request.Headers.Single(h => string.Equals(h.Key, name, StringComparison.OrdinalIgnoreCase)).Value;

    /// <summary>The request with field <paramref name="name"/> replaced by <paramref name="value"/> (removed when null).</summary>
    public static SignedRequest WithHeader(this SignedRequest request, string name, string? value)
    {
        var headers = request.Headers.Where(h => !string.Equals(h.Key, name, StringComparison.OrdinalIgnoreCase)).ToList();
        if (value is not null)
        {
            headers.Add(new(name, value));
        }

        return request with { Headers = headers };
    }

    /// <summary>The raw signature bytes of the <c>sig1</c> signature.</summary>
    public static byte[] SignatureBytes(this SignedRequest request)
    {
        var value = request.Header("Signature");
        Assert.StartsWith("sig1=:", value, StringComparison.Ordinal);
        return Convert.FromBase64String(value["sig1=:".Length..^1]);
    }

    /// <summary>The other valid encoding of an ECDSA P-256 signature: (r, n − s).</summary>
    public static byte[] Malleated(byte[] signature)
    {
        var order = BigInteger.Parse("0FFFFFFFF00000000FFFFFFFFFFFFFFFFBCE6FAADA7179E84F3B9CAC2FC632551", NumberStyles.HexNumber, CultureInfo.InvariantCulture);
        var negated = order - new BigInteger(signature.AsSpan(32), isUnsigned: true, isBigEndian: true);
        var result = (byte[])signature.Clone();
        Array.Clear(result, 32, 32);
        negated.TryWriteBytes(result.AsSpan(64 - negated.GetByteCount(isUnsigned: true)), out _, isUnsigned: true, isBigEndian: true);
        return result;
    }

    public static SignedRequest WithSignatureBytes(this SignedRequest request, byte[] signature) =>
        request.WithHeader("Signature", "sig1=:" + Convert.ToBase64String(signature) + ":");
}

/// <summary>
/// Signs with any covered components and parameters, for requests <see cref="DeviceRequestSigner"/> would never make.
/// The base comes from the library's builder, which the RFC 9421 vectors check independently.
/// </summary>
internal static class CustomSigner
{
    public static SignedRequest Sign(SignedRequest unsigned, string signatureParams, Func<byte[], byte[]> sign, string label = "sig1")
    {
        var (input, field) = SignatureInput.Parse($"{label}={signatureParams}", $"{label}=:AAAA:");
        Assert.True(input is not null, $"test signature parameters are malformed ({field})");
        var signatureBase = SignatureBase.Build(input.Components, input.SignatureParams, unsigned.Method, unsigned.TargetUri, unsigned.Headers);
        Assert.NotNull(signatureBase);
        return unsigned with
        {
            Headers =
            [
                .. unsigned.Headers,
                new("Signature-Input", $"{label}={signatureParams}"),
                new("Signature", $"{label}=:{Convert.ToBase64String(sign(signatureBase))}:"),
            ],
        };
    }

    public static Func<byte[], byte[]> Ecdsa(ECDsa key) =>
        data => key.SignData(data, HashAlgorithmName.SHA256, DSASignatureFormat.IeeeP1363FixedFieldConcatenation);

    public static Func<byte[], byte[]> RsaPss(RSA key) =>
        data => key.SignData(data, HashAlgorithmName.SHA512, RSASignaturePadding.Pss);

    public static long Seconds(DateTimeOffset time) => time.ToUnixTimeSeconds();
}
