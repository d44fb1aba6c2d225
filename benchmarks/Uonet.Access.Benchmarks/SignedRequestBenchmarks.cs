using System.Security.Cryptography;
using System.Text;
using BenchmarkDotNet.Attributes;
using Uonet.Access.Devices;

namespace Uonet.Access.Benchmarks;

/// <summary>
/// Verification of a paired phone's signed request (R7, RFC 9421; R8: on every request) against one bare ECDSA P-256
/// verification, the part no implementation can skip. The target is verification within 1.5 times the bare one.
/// </summary>
/// <remarks>
/// The verifier refuses a signature it has already accepted (the replay cache), so each invocation verifies a request
/// of its own: every iteration starts by signing <see cref="Invocations"/> fresh requests, untimed, and the iteration
/// verifies them one per invocation. The clock window (5 minutes) is far longer than an iteration. All benchmarks run
/// the same fixed number of invocations per iteration, so the baseline is measured the same way as the rest.
/// </remarks>
[MemoryDiagnoser]
[MedianColumn]
[InvocationCount(Invocations, 1)]
public class SignedRequestBenchmarks
{
    /// <summary>Requests verified per iteration.</summary>
    public const int Invocations = 5120;

    private const int BareMessageLength = 200;
    private const int BodyLength = 1024;

    private static readonly Uri Grades = new(MobileAccessWorld.InstanceUrl, "api/mobile/oceny?uczen=1&okres=2");
    private static readonly Uri Messages = new(MobileAccessWorld.InstanceUrl, "api/mobile/wiadomosci");

    private readonly List<SignedRequest> _requests = new(Invocations);
    private MobileAccessWorld _world = null!;
    private Guid _deviceId;
    private ECDsa _deviceKey = null!;
    private byte[] _body = null!;
    private int _next;

    private ECDsa _bareKey = null!;
    private byte[] _bareMessage = null!;
    private byte[] _bareSignature = null!;
    private byte[] _barePublicKey = null!;

    [GlobalSetup]
    public async Task SetupAsync()
    {
        _world = await MobileAccessWorld.CreateAsync(guardians: 1);
        (_deviceId, _deviceKey) = await _world.PairPhoneAsync(_world.Guardians[0]);
        _body = JsonBody(BodyLength);

        // A public key imported once, as a verifier holding keys in memory would: the cheapest verification possible.
        using (var signer = ECDsa.Create(ECCurve.NamedCurves.nistP256))
        {
            _bareMessage = RandomNumberGenerator.GetBytes(BareMessageLength);
            _bareSignature = signer.SignData(_bareMessage, HashAlgorithmName.SHA256, DSASignatureFormat.IeeeP1363FixedFieldConcatenation);
            _barePublicKey = signer.ExportSubjectPublicKeyInfo();
            _bareKey = ECDsa.Create();
            _bareKey.ImportSubjectPublicKeyInfo(_barePublicKey, out _);
        }

        // Timing refusals as verifications would prove nothing, so each path is checked once before measuring.
        Expect(BareEcdsaVerify() && ImportKeyAndVerify(), "the bare signature does not verify");
        await ExpectVerifiedAsync(Get(), "the signed GET");
        await ExpectVerifiedAsync(Post(), "the signed POST");
        var replayed = Get();
        await _world.Verifier.VerifyAsync(MobileAccessWorld.Symbol, replayed);
        var again = await _world.Verifier.VerifyAsync(MobileAccessWorld.Symbol, replayed);
        Expect(again.Error?.Code == AccessErrorCodes.SignatureReplayed, "a replayed request is not refused as replayed");
    }

    [IterationSetup(Target = nameof(VerifySignedGet))]
    public void SignGets() => SignRequests(Get);

    [IterationSetup(Target = nameof(VerifySignedPostWithBody))]
    public void SignPosts() => SignRequests(Post);

    [IterationCleanup(Targets = [nameof(VerifySignedGet), nameof(VerifySignedPostWithBody)])]
    public void CheckVerifications() => CheckVerificationsAsync().GetAwaiter().GetResult();

    [GlobalCleanup]
    public async Task CleanupAsync()
    {
        _deviceKey.Dispose();
        _bareKey.Dispose();
        await _world.DisposeAsync();
    }

    /// <summary>ECDSA P-256 / SHA-256 verification of a 200-byte message with a key already imported (IEEE P1363 signature).</summary>
    [Benchmark(Baseline = true)]
    public bool BareEcdsaVerify() =>
        _bareKey.VerifyData(_bareMessage, _bareSignature, HashAlgorithmName.SHA256, DSASignatureFormat.IeeeP1363FixedFieldConcatenation);

    /// <summary>
    /// The same verification with the key imported from its SubjectPublicKeyInfo first, as the verifier does on every
    /// request (the store holds the key as bytes): shows how much of the verifier's time the import takes.
    /// </summary>
    [Benchmark]
    public bool ImportKeyAndVerify()
    {
        using var key = ECDsa.Create();
        key.ImportSubjectPublicKeyInfo(_barePublicKey, out _);
        return key.VerifyData(_bareMessage, _bareSignature, HashAlgorithmName.SHA256, DSASignatureFormat.IeeeP1363FixedFieldConcatenation);
    }

    /// <summary>
    /// A signed GET with a query, through <see cref="DeviceRequestVerifier.VerifyAsync"/>: parse the signature fields,
    /// clock window, device look-up, signature base, the device key imported and the signature verified, the replay cache,
    /// the account, and its pupils resolved again (R8).
    /// </summary>
    [Benchmark]
    public Task<AccessResult<DeviceRequestContext>> VerifySignedGet() => _world.Verifier.VerifyAsync(MobileAccessWorld.Symbol, _requests[_next++]);

    /// <summary>The same for a POST of a 1 KiB JSON body, which adds the content-digest check (SHA-256 of the body).</summary>
    [Benchmark]
    public Task<AccessResult<DeviceRequestContext>> VerifySignedPostWithBody() => _world.Verifier.VerifyAsync(MobileAccessWorld.Symbol, _requests[_next++]);

    /// <summary>What the app pays per request: <see cref="DeviceRequestSigner"/> signing the GET (not part of the server's cost).</summary>
    [Benchmark]
    public SignedHeaders SignGetOnly() => DeviceRequestSigner.Sign("GET", Grades, [], _deviceId, _deviceKey, DateTimeOffset.UtcNow);

    private SignedRequest Get() => Signed("GET", Grades, []);

    private SignedRequest Post() => Signed("POST", Messages, _body);

    private SignedRequest Signed(string method, Uri target, byte[] body)
    {
        var headers = DeviceRequestSigner.Sign(method, target, body, _deviceId, _deviceKey, DateTimeOffset.UtcNow);

        // What a host copies from its request: the signature fields among the usual others.
        List<KeyValuePair<string, string>> fields =
        [
            new("Host", target.Authority),
            new("User-Agent", "UonetAccessApp/1.0 (Android 15)"),
            new("Accept", "application/json"),
        ];
        if (body.Length > 0)
        {
            fields.Add(new("Content-Type", "application/json"));
        }

        fields.AddRange(headers.ToHeaders());
        return new SignedRequest { Method = method, TargetUri = target, Body = body, Headers = fields };
    }

    private void SignRequests(Func<SignedRequest> sign)
    {
        _requests.Clear();
        _next = 0;
        for (var i = 0; i < Invocations; i++)
        {
            _requests.Add(sign());
        }
    }

    // Every request of the iteration was accepted once, so each must now be refused as a replay; a request refused
    // for any other reason during the iteration would have been timed on a shorter path.
    private async Task CheckVerificationsAsync()
    {
        for (var i = 0; i < _next; i++)
        {
            var replay = await _world.Verifier.VerifyAsync(MobileAccessWorld.Symbol, _requests[i]);
            if (replay.Error?.Code != AccessErrorCodes.SignatureReplayed)
            {
                throw new InvalidOperationException($"Request {i} of the iteration was not verified once: now {replay}.");
            }
        }
    }

    private async Task ExpectVerifiedAsync(SignedRequest request, string what)
    {
        var verified = await _world.Verifier.VerifyAsync(MobileAccessWorld.Symbol, request);
        Expect(verified.Succeeded && verified.Value.Device.Id == _deviceId && verified.Value.Pupils.Count == 1, what + " does not verify to the phone and its pupil");
    }

    // A message to the class teacher, its text cut so that the body has exactly the given number of bytes.
    private static byte[] JsonBody(int length)
    {
        const string Start = "{\"odbiorcy\":[\"wychowawca-4a\"],\"temat\":\"Nieobecność Oli\",\"tresc\":\"";
        const string End = "\"}";
        const string Sentence = "Dzien dobry, Ola nie bedzie jutro w szkole, bo ma wizyte u lekarza. ";
        var textLength = length - Encoding.UTF8.GetByteCount(Start) - End.Length;
        var text = string.Concat(Enumerable.Repeat(Sentence, (textLength / Sentence.Length) + 1))[..textLength];
        var body = Encoding.UTF8.GetBytes(Start + text + End);
        Expect(body.Length == length, $"the body has {body.Length} bytes, not {length}");
        return body;
    }

    private static void Expect(bool condition, string problem)
    {
        if (!condition)
        {
            throw new InvalidOperationException($"Setup check failed: {problem}.");
        }
    }
}
