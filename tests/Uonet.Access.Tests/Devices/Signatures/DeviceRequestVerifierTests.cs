using System.Security.Cryptography;
using System.Text;
using Uonet.Access.Credentials;
using Uonet.Access.Devices;
using Uonet.Access.Eligibility;
using Uonet.Access.Storage;
using Uonet.Access.Tests.Credentials.Workflows;

namespace Uonet.Access.Tests.Devices.Signatures;

/// <summary>Signed requests of paired devices (R7): signature, clock window, replay, revocation and the children seen now (R8).</summary>
public sealed class DeviceRequestVerifierTests
{
    [Fact]
    public async Task Verify_EcdsaSignedGet_SucceedsWithDeviceAccountAndPupils_R7()
    {
        await using var world = await SignatureWorld.CreateAsync();
        var (device, key) = await world.AddEcdsaDeviceAsync();

        var result = await world.VerifyAsync(world.Signed(device, key));

        Assert.True(result.Succeeded, result.ToString());
        Assert.Equal(device.Id, result.Value.Device.Id);
        Assert.Equal(world.Mother.Id, result.Value.Account.Id);
        var pupil = Assert.Single(result.Value.Pupils);
        Assert.Equal(world.Ola.Id, pupil.StudentId);
        Assert.Equal(PupilRelation.Mother, pupil.Relation);
    }

    [Fact]
    public async Task Verify_EcdsaSignedPostWithBody_Succeeds()
    {
        await using var world = await SignatureWorld.CreateAsync();
        var (device, key) = await world.AddEcdsaDeviceAsync();

        var result = await world.VerifyAsync(world.Signed(device, key, "POST", "wiadomosci", "{\"tresc\": \"Dzień dobry\"}"));

        Assert.True(result.Succeeded, result.ToString());
    }

    [Theory]
    [InlineData(null)]
    [InlineData("{\"okres\": 2}")]
    public async Task Verify_Rsa2048PssSigned_Succeeds(string? body)
    {
        await using var world = await SignatureWorld.CreateAsync();
        var (device, key) = await world.AddRsaDeviceAsync();
        var target = SignatureWorld.At("oceny");
        var bytes = body is null ? [] : Encoding.UTF8.GetBytes(body);
        var headers = DeviceRequestSigner.Sign("PUT", target, bytes, device.Id, key, world.Now);

        var result = await world.VerifyAsync(SignatureWorld.Request("PUT", target, bytes, headers.ToHeaders()));

        Assert.True(result.Succeeded, result.ToString());
        Assert.Contains("alg=\"rsa-pss-sha512\"", headers.SignatureInput, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Verify_RsaKeyOf1536Bits_SignatureInvalidEvenWhenTheSignatureIsSound()
    {
        await using var world = await SignatureWorld.CreateAsync();
        var (device, key) = await world.AddRsaDeviceAsync(1536);
        var unsigned = SignatureWorld.Request("GET", SignatureWorld.At("oceny"), [], []);
        var request = CustomSigner.Sign(unsigned, $"(\"@method\" \"@target-uri\");created={CustomSigner.Seconds(world.Now)};keyid=\"{device.Id}\"", CustomSigner.RsaPss(key));

        var result = await world.VerifyAsync(request);

        Assert.Equal(AccessErrorCodes.SignatureInvalid, result.Error?.Code);
    }

    [Fact]
    public async Task Verify_KeyOnP384StoredAsP256_SignatureInvalid()
    {
        await using var world = await SignatureWorld.CreateAsync();
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP384);
        var device = await world.AddDeviceAsync(key.ExportSubjectPublicKeyInfo(), DeviceKeyAlgorithm.EcdsaP256);
        var unsigned = SignatureWorld.Request("GET", SignatureWorld.At("oceny"), [], []);
        var request = CustomSigner.Sign(unsigned, $"(\"@method\" \"@target-uri\");created={CustomSigner.Seconds(world.Now)};keyid=\"{device.Id}\"", data => key.SignData(data, HashAlgorithmName.SHA256, DSASignatureFormat.IeeeP1363FixedFieldConcatenation));

        var result = await world.VerifyAsync(request);

        Assert.Equal(AccessErrorCodes.SignatureInvalid, result.Error?.Code);
    }

    [Fact]
    public async Task Verify_MethodChanged_SignatureInvalid()
    {
        await using var world = await SignatureWorld.CreateAsync();
        var (device, key) = await world.AddEcdsaDeviceAsync();
        var request = world.Signed(device, key, "GET");

        var result = await world.VerifyAsync(request with { Method = "DELETE" });

        Assert.Equal(AccessErrorCodes.SignatureInvalid, result.Error?.Code);
        Assert.Equal("Signature", result.Error?.Field);
    }

    [Theory]
    [InlineData("https://uonetplus.example.pl/gminawulkanowo/api/mobile/oceny?okres=3")]
    [InlineData("https://uonetplus.example.pl/gminawulkanowo/api/mobile/frekwencja?okres=2")]
    [InlineData("https://uonetplus.example.pl/powiatwulkanowy/api/mobile/oceny?okres=2")]
    [InlineData("https://evil.example.pl/gminawulkanowo/api/mobile/oceny?okres=2")]
    [InlineData("http://uonetplus.example.pl/gminawulkanowo/api/mobile/oceny?okres=2")]
    [InlineData("https://uonetplus.example.pl:8443/gminawulkanowo/api/mobile/oceny?okres=2")]
    [InlineData("https://uonetplus.example.pl/gminawulkanowo/api/mobile/oceny")]
    public async Task Verify_TargetUriChanged_SignatureInvalid(string target)
    {
        await using var world = await SignatureWorld.CreateAsync();
        var (device, key) = await world.AddEcdsaDeviceAsync();
        var request = world.Signed(device, key, path: "oceny?okres=2");

        var result = await world.VerifyAsync(request with { TargetUri = new Uri(target) });

        Assert.Equal(AccessErrorCodes.SignatureInvalid, result.Error?.Code);
    }

    [Fact]
    public async Task Verify_TargetUriDiffersOnlyInHostCaseAndDefaultPort_Succeeds()
    {
        await using var world = await SignatureWorld.CreateAsync();
        var (device, key) = await world.AddEcdsaDeviceAsync();
        var request = world.Signed(device, key, path: "oceny?okres=2");

        var result = await world.VerifyAsync(request with { TargetUri = new Uri("HTTPS://UonetPlus.Example.PL:443/gminawulkanowo/api/mobile/oceny?okres=2") });

        Assert.True(result.Succeeded, result.ToString());
    }

    [Fact]
    public async Task Verify_BodyChanged_DigestMismatch()
    {
        await using var world = await SignatureWorld.CreateAsync();
        var (device, key) = await world.AddEcdsaDeviceAsync();
        var request = world.Signed(device, key, "POST", "wiadomosci", "{\"kwota\": 10}");

        var result = await world.VerifyAsync(request with { Body = Encoding.UTF8.GetBytes("{\"kwota\": 99}") });

        Assert.Equal(AccessErrorCodes.SignatureDigestMismatch, result.Error?.Code);
        Assert.Equal("Content-Digest", result.Error?.Field);
    }

    [Fact]
    public async Task Verify_BodyAndDigestBothReplaced_SignatureInvalid()
    {
        await using var world = await SignatureWorld.CreateAsync();
        var (device, key) = await world.AddEcdsaDeviceAsync();
        var request = world.Signed(device, key, "POST", "wiadomosci", "{\"kwota\": 10}");
        var forged = Encoding.UTF8.GetBytes("{\"kwota\": 99}");

        var result = await world.VerifyAsync(request.WithHeader("Content-Digest", ContentDigest.Create(forged)) with { Body = forged });

        Assert.Equal(AccessErrorCodes.SignatureInvalid, result.Error?.Code);
    }

    [Fact]
    public async Task Verify_Sha512DigestOfTheSameBody_ButNotSigned_SignatureInvalid()
    {
        await using var world = await SignatureWorld.CreateAsync();
        var (device, key) = await world.AddEcdsaDeviceAsync();
        var body = "{\"kwota\": 10}";
        var request = world.Signed(device, key, "POST", "wiadomosci", body);
        var sha512 = "sha-512=:" + Convert.ToBase64String(SHA512.HashData(Encoding.UTF8.GetBytes(body))) + ":";

        // The digest still matches the body, but the covered field value differs from what was signed.
        var result = await world.VerifyAsync(request.WithHeader("Content-Digest", sha512));

        Assert.Equal(AccessErrorCodes.SignatureInvalid, result.Error?.Code);
    }

    [Fact]
    public async Task Verify_CoveredHeaderChanged_SignatureInvalid()
    {
        await using var world = await SignatureWorld.CreateAsync();
        var (device, key) = await world.AddEcdsaDeviceAsync();
        var unsigned = SignatureWorld.Request("GET", SignatureWorld.At("oceny"), [], [new("Accept-Language", "pl-PL")]);
        var request = CustomSigner.Sign(unsigned, $"(\"@method\" \"@target-uri\" \"accept-language\");created={CustomSigner.Seconds(world.Now)};keyid=\"{device.Id}\"", CustomSigner.Ecdsa(key));

        var genuine = await world.VerifyAsync(request);
        var changed = await world.VerifyAsync(request.WithHeader("Accept-Language", "en-US"));
        var removed = await world.VerifyAsync(request.WithHeader("Accept-Language", null));

        Assert.True(genuine.Succeeded, genuine.ToString());
        Assert.Equal(AccessErrorCodes.SignatureInvalid, changed.Error?.Code);
        Assert.Equal(AccessErrorCodes.SignatureInvalid, removed.Error?.Code);
    }

    [Fact]
    public async Task Verify_CoveredHeaderValueWithLineBreak_SignatureInvalidNotForgedLine()
    {
        await using var world = await SignatureWorld.CreateAsync();
        var (device, key) = await world.AddEcdsaDeviceAsync();
        var unsigned = SignatureWorld.Request("GET", SignatureWorld.At("oceny"), [], [new("X-Note", "a")]);
        var request = CustomSigner.Sign(unsigned, $"(\"@method\" \"@target-uri\" \"x-note\");created={CustomSigner.Seconds(world.Now)};keyid=\"{device.Id}\"", CustomSigner.Ecdsa(key));

        var result = await world.VerifyAsync(request.WithHeader("X-Note", "a\n\"@method\": GET"));

        Assert.Equal(AccessErrorCodes.SignatureInvalid, result.Error?.Code);
    }

    [Fact]
    public async Task Verify_SignedByAnotherDevicesKey_SignatureInvalid()
    {
        await using var world = await SignatureWorld.CreateAsync();
        var (victim, _) = await world.AddEcdsaDeviceAsync();
        var (_, otherKey) = await world.AddEcdsaDeviceAsync();

        var result = await world.VerifyAsync(world.Signed(victim, otherKey));

        Assert.Equal(AccessErrorCodes.SignatureInvalid, result.Error?.Code);
    }

    [Fact]
    public async Task Verify_AlgOfAnotherKeyKind_SignatureInvalid()
    {
        await using var world = await SignatureWorld.CreateAsync();
        var (device, key) = await world.AddEcdsaDeviceAsync();
        var unsigned = SignatureWorld.Request("GET", SignatureWorld.At("oceny"), [], []);
        var request = CustomSigner.Sign(unsigned, $"(\"@method\" \"@target-uri\");created={CustomSigner.Seconds(world.Now)};keyid=\"{device.Id}\";alg=\"rsa-pss-sha512\"", CustomSigner.Ecdsa(key));

        var result = await world.VerifyAsync(request);

        Assert.Equal(AccessErrorCodes.SignatureInvalid, result.Error?.Code);
    }

    [Theory]
    [InlineData(";alg=ecdsa-p256-sha256")]
    [InlineData("")]
    [InlineData(";nonce=\"Zm9vYmFy\";tag=\"uonet-mobile\"")]
    public async Task Verify_AlgAsTokenOrAbsentAndOptionalParameters_Succeeds(string extra)
    {
        await using var world = await SignatureWorld.CreateAsync();
        var (device, key) = await world.AddEcdsaDeviceAsync();
        var unsigned = SignatureWorld.Request("GET", SignatureWorld.At("oceny"), [], []);
        var request = CustomSigner.Sign(unsigned, $"(\"@method\" \"@target-uri\");created={CustomSigner.Seconds(world.Now)};keyid=\"{device.Id}\"{extra}", CustomSigner.Ecdsa(key));

        var result = await world.VerifyAsync(request);

        Assert.True(result.Succeeded, result.ToString());
    }

    [Fact]
    public async Task Verify_SignatureBytesAltered_SignatureInvalid()
    {
        await using var world = await SignatureWorld.CreateAsync();
        var (device, key) = await world.AddEcdsaDeviceAsync();
        var request = world.Signed(device, key);
        var bytes = request.SignatureBytes();
        bytes[10] ^= 0x01;

        var altered = await world.VerifyAsync(request.WithSignatureBytes(bytes));
        var truncated = await world.VerifyAsync(request.WithSignatureBytes(bytes[..63]));

        Assert.Equal(AccessErrorCodes.SignatureInvalid, altered.Error?.Code);
        Assert.Equal(AccessErrorCodes.SignatureInvalid, truncated.Error?.Code);
    }

    [Fact]
    public async Task Verify_SameRequestTwice_SecondReplayed()
    {
        await using var world = await SignatureWorld.CreateAsync();
        var (device, key) = await world.AddEcdsaDeviceAsync();
        var request = world.Signed(device, key);

        var first = await world.VerifyAsync(request);
        world.School.Time.Advance(TimeSpan.FromSeconds(20));
        var second = await world.VerifyAsync(request);

        Assert.True(first.Succeeded, first.ToString());
        Assert.Equal(AccessErrorCodes.SignatureReplayed, second.Error?.Code);
    }

    [Fact]
    public async Task Verify_ReplayWithMalleatedEcdsaSignature_StillReplayed()
    {
        // (r, n − s) verifies as well as (r, s); a cache keyed on raw bytes would take it for a new request.
        await using var world = await SignatureWorld.CreateAsync();
        var (device, key) = await world.AddEcdsaDeviceAsync();
        var request = world.Signed(device, key);
        var malleated = request.WithSignatureBytes(SignedRequestEdits.Malleated(request.SignatureBytes()));

        var first = await world.VerifyAsync(request);
        var second = await world.VerifyAsync(malleated);

        Assert.True(first.Succeeded, first.ToString());
        Assert.Equal(AccessErrorCodes.SignatureReplayed, second.Error?.Code);
    }

    [Fact]
    public async Task Verify_MalleatedSignatureFirst_VerifiesAsValid()
    {
        // Proves the test above is not vacuous: the malleated form is a valid signature on its own.
        await using var world = await SignatureWorld.CreateAsync();
        var (device, key) = await world.AddEcdsaDeviceAsync();
        var request = world.Signed(device, key);

        var malleated = await world.VerifyAsync(request.WithSignatureBytes(SignedRequestEdits.Malleated(request.SignatureBytes())));
        var original = await world.VerifyAsync(request);

        Assert.True(malleated.Succeeded, malleated.ToString());
        Assert.Equal(AccessErrorCodes.SignatureReplayed, original.Error?.Code);
    }

    [Fact]
    public async Task Verify_ForgedRequestsFirst_DoNotBurnTheGenuineSignature()
    {
        await using var world = await SignatureWorld.CreateAsync();
        var (device, key) = await world.AddEcdsaDeviceAsync();
        var request = world.Signed(device, key);

        var forged = await world.VerifyAsync(request with { Method = "DELETE" });
        var genuine = await world.VerifyAsync(request);

        Assert.Equal(AccessErrorCodes.SignatureInvalid, forged.Error?.Code);
        Assert.True(genuine.Succeeded, genuine.ToString());
    }

    [Fact]
    public async Task Verify_TwoDistinctRequestsInTheSameSecond_BothSucceed()
    {
        await using var world = await SignatureWorld.CreateAsync();
        var (device, key) = await world.AddEcdsaDeviceAsync();

        var first = await world.VerifyAsync(world.Signed(device, key));
        var second = await world.VerifyAsync(world.Signed(device, key));

        Assert.True(first.Succeeded, first.ToString());
        Assert.True(second.Succeeded, second.ToString());
    }

    [Theory]
    [InlineData(-301)]
    [InlineData(301)]
    public async Task Verify_CreatedOutsideFiveMinutes_ClockSkew(int seconds)
    {
        await using var world = await SignatureWorld.CreateAsync();
        var (device, key) = await world.AddEcdsaDeviceAsync();

        var result = await world.VerifyAsync(world.Signed(device, key, created: world.Now.AddSeconds(seconds)));

        Assert.Equal(AccessErrorCodes.SignatureClockSkew, result.Error?.Code);
    }

    [Theory]
    [InlineData(-300)]
    [InlineData(300)]
    public async Task Verify_CreatedAtTheEdgeOfTheWindow_Succeeds(int seconds)
    {
        await using var world = await SignatureWorld.CreateAsync();
        var (device, key) = await world.AddEcdsaDeviceAsync();

        var result = await world.VerifyAsync(world.Signed(device, key, created: world.Now.AddSeconds(seconds)));

        Assert.True(result.Succeeded, result.ToString());
    }

    [Fact]
    public async Task Verify_ServerClockMovesPastTheWindow_ClockSkew()
    {
        await using var world = await SignatureWorld.CreateAsync();
        var (device, key) = await world.AddEcdsaDeviceAsync();
        var request = world.Signed(device, key);

        world.School.Time.Advance(TimeSpan.FromMinutes(5) + TimeSpan.FromSeconds(1));
        var result = await world.VerifyAsync(request);

        Assert.Equal(AccessErrorCodes.SignatureClockSkew, result.Error?.Code);
    }

    [Fact]
    public async Task Verify_ConfiguredSkewOf30Seconds_Applies()
    {
        await using var world = await SignatureWorld.CreateAsync(o => o.Devices.SignatureClockSkew = TimeSpan.FromSeconds(30));
        var (device, key) = await world.AddEcdsaDeviceAsync();

        var inside = await world.VerifyAsync(world.Signed(device, key, created: world.Now.AddSeconds(-30)));
        var outside = await world.VerifyAsync(world.Signed(device, key, created: world.Now.AddSeconds(31)));

        Assert.True(inside.Succeeded, inside.ToString());
        Assert.Equal(AccessErrorCodes.SignatureClockSkew, outside.Error?.Code);
    }

    [Fact]
    public async Task Verify_ExpiresInThePast_ClockSkew()
    {
        await using var world = await SignatureWorld.CreateAsync();
        var (device, key) = await world.AddEcdsaDeviceAsync();
        var now = CustomSigner.Seconds(world.Now);
        var unsigned = SignatureWorld.Request("GET", SignatureWorld.At("oceny"), [], []);
        var expired = CustomSigner.Sign(unsigned, $"(\"@method\" \"@target-uri\");created={now - 60};keyid=\"{device.Id}\";expires={now - 1}", CustomSigner.Ecdsa(key));
        var valid = CustomSigner.Sign(unsigned, $"(\"@method\" \"@target-uri\");created={now - 60};keyid=\"{device.Id}\";expires={now + 1}", CustomSigner.Ecdsa(key));

        var expiredResult = await world.VerifyAsync(expired);
        var validResult = await world.VerifyAsync(valid);

        Assert.Equal(AccessErrorCodes.SignatureClockSkew, expiredResult.Error?.Code);
        Assert.True(validResult.Succeeded, validResult.ToString());
    }

    [Theory]
    [InlineData(DeviceRevocationReason.RevokedByUser)]
    [InlineData(DeviceRevocationReason.RevokedByStaff)]
    [InlineData(DeviceRevocationReason.EmailChanged)]
    [InlineData(DeviceRevocationReason.AccountClosed)]
    public async Task Verify_RevokedDevice_DeviceRevokedWithReason_R9(DeviceRevocationReason reason)
    {
        await using var world = await SignatureWorld.CreateAsync();
        var (device, key) = await world.AddEcdsaDeviceAsync();
        Assert.True(await world.School.Store.RevokeDeviceAsync(device.Id, world.Now, reason, null, Flow.None));

        var result = await world.VerifyAsync(world.Signed(device, key));

        Assert.Equal(AccessErrorCodes.DeviceRevoked, result.Error?.Code);
        Assert.Equal(reason.ToString(), result.Error!.Arguments["reason"]);
        var described = result.Error.Describe(System.Globalization.CultureInfo.InvariantCulture);
        Assert.Contains($"({Uonet.Access.Localization.AccessTextProvider.Default.ValueText("reason", reason.ToString(), System.Globalization.CultureInfo.InvariantCulture)})", described, StringComparison.Ordinal);
        Assert.DoesNotContain(reason.ToString(), described, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Verify_AccountClosedBecauseEmailChanged_DeviceRevokedEmailChanged_R9()
    {
        await using var world = await SignatureWorld.CreateAsync();
        var (device, key) = await world.AddEcdsaDeviceAsync();
        Assert.True(await world.School.Store.CloseAccountAsync(world.Mother.Id, world.Now, DeviceRevocationReason.EmailChanged, null, null, Flow.None));

        var result = await world.VerifyAsync(world.Signed(device, key));

        Assert.Equal(AccessErrorCodes.DeviceRevoked, result.Error?.Code);
        Assert.Equal("EmailChanged", result.Error!.Arguments["reason"]);
    }

    [Fact]
    public async Task Verify_AccountClosedButDeviceLeftOpen_SessionAccountClosed()
    {
        await using var world = await SignatureWorld.CreateAsync();
        var (device, key) = await world.AddEcdsaDeviceAsync();
        var account = world.Mother;
        Assert.Equal(StoreWriteResult.Success, await world.School.Store.UpdateAccountAsync(account with { Status = AccountStatus.Closed, Version = account.Version + 1 }, account.Version, null, null, Flow.None));

        var result = await world.VerifyAsync(world.Signed(device, key));

        Assert.Equal(AccessErrorCodes.SessionAccountClosed, result.Error?.Code);
    }

    [Fact]
    public async Task Verify_GuardianRemovedFromTheOnlyRecord_DeviceRevokedAccountClosed_R9()
    {
        // The record edit closes the account that lost its last record, which revokes the device with a reason.
        await using var world = await SignatureWorld.CreateAsync();
        var (device, key) = await world.AddEcdsaDeviceAsync();
        var removed = await world.School.Records.RemoveGuardianAsync(TestSchool.SecretarySp1, world.Ola.Id, world.Ola.Guardians[0].Id);
        Assert.True(removed.Succeeded, removed.ToString());

        var result = await world.VerifyAsync(world.Signed(device, key));

        Assert.Equal(AccessErrorCodes.DeviceRevoked, result.Error?.Code);
        Assert.Equal(nameof(DeviceRevocationReason.AccountClosed), result.Error!.Arguments["reason"]);
    }

    [Fact]
    public async Task Verify_SchoolStartsRequiringGuardianPesel_SessionNotEligible_R2()
    {
        // A unit policy change closes no account; the request-time resolution is what stops the device.
        await using var world = await SignatureWorld.CreateAsync();
        var (device, key) = await world.AddEcdsaDeviceAsync();
        var changed = await world.School.Directory.UpdateUnitAsync(TestSchool.Symbol, TestSchool.Sp1, "Szkoła Podstawowa nr 1", requireGuardianPesel: true);
        Assert.True(changed.Succeeded, changed.ToString());

        var result = await world.VerifyAsync(world.Signed(device, key));

        Assert.Equal(AccessErrorCodes.SessionNotEligible, result.Error?.Code);
    }

    [Fact]
    public async Task Verify_ChildAddedToTheRecordsAfterPairing_AppearsWithoutPairingAgain_R8()
    {
        await using var world = await SignatureWorld.CreateAsync();
        var (device, key) = await world.AddEcdsaDeviceAsync();
        var before = await world.VerifyAsync(world.Signed(device, key));

        var piotr = await world.School.AddStudentAsync(TestSchool.Sp2, "1b", "Piotr", "Nowak", TestSchool.Pesels[1], null,
            TestSchool.Guardian("Anna", "Nowak", Flow.MotherEmail, TestSchool.Pesels[4]));
        world.School.Time.Advance(TimeSpan.FromSeconds(5));
        var after = await world.VerifyAsync(world.Signed(device, key));

        Assert.True(before.Succeeded, before.ToString());
        Assert.Equal([world.Ola.Id], before.Value.Pupils.Select(p => p.StudentId));
        Assert.True(after.Succeeded, after.ToString());
        Assert.Equal([world.Ola.Id, piotr.Id], after.Value.Pupils.Select(p => p.StudentId));
    }

    [Fact]
    public async Task Verify_DeviceOfThisInstanceUsedAtAnotherInstance_DeviceNotFound_R6()
    {
        await using var world = await SignatureWorld.CreateAsync();
        var (device, key) = await world.AddEcdsaDeviceAsync();
        var request = world.Signed(device, key);

        var elsewhere = await world.VerifyAsync(request, TestSchool.OtherSymbol);
        var here = await world.VerifyAsync(request, " GminaWulkanowo ");

        Assert.Equal(AccessErrorCodes.DeviceNotFound, elsewhere.Error?.Code);
        Assert.True(here.Succeeded, here.ToString());
    }

    [Theory]
    [InlineData("")]
    [InlineData("x")]
    [InlineData("../gminawulkanowo")]
    public async Task Verify_InvalidSymbol_DeviceNotFound(string symbol)
    {
        await using var world = await SignatureWorld.CreateAsync();
        var (device, key) = await world.AddEcdsaDeviceAsync();

        var result = await world.VerifyAsync(world.Signed(device, key), symbol);

        Assert.Equal(AccessErrorCodes.DeviceNotFound, result.Error?.Code);
    }

    [Theory]
    [InlineData("unknown-guid")]
    [InlineData("not-a-guid")]
    [InlineData("{00000000-0000-0000-0000-000000000000}")]
    public async Task Verify_KeyIdOfNoDevice_DeviceNotFound(string keyId)
    {
        await using var world = await SignatureWorld.CreateAsync();
        var (_, key) = await world.AddEcdsaDeviceAsync();
        var id = keyId == "unknown-guid" ? Guid.NewGuid().ToString() : keyId;
        var unsigned = SignatureWorld.Request("GET", SignatureWorld.At("oceny"), [], []);
        var request = CustomSigner.Sign(unsigned, $"(\"@method\" \"@target-uri\");created={CustomSigner.Seconds(world.Now)};keyid=\"{id}\"", CustomSigner.Ecdsa(key));

        var result = await world.VerifyAsync(request);

        Assert.Equal(AccessErrorCodes.DeviceNotFound, result.Error?.Code);
    }

    [Fact]
    public async Task Verify_LastSeen_MovesAtMostOnceAMinute()
    {
        await using var world = await SignatureWorld.CreateAsync();
        var (device, key) = await world.AddEcdsaDeviceAsync();
        var paired = world.Now;

        world.School.Time.Advance(TimeSpan.FromSeconds(30));
        var early = await world.VerifyAsync(world.Signed(device, key));
        var afterEarly = (await world.School.Store.FindDeviceAsync(device.Id, Flow.None))!.LastSeenAt;
        world.School.Time.Advance(TimeSpan.FromSeconds(31));
        var late = await world.VerifyAsync(world.Signed(device, key));
        var afterLate = (await world.School.Store.FindDeviceAsync(device.Id, Flow.None))!.LastSeenAt;

        Assert.True(early.Succeeded, early.ToString());
        Assert.Equal(paired, afterEarly);
        Assert.Equal(paired, early.Value.Device.LastSeenAt);
        Assert.True(late.Succeeded, late.ToString());
        Assert.Equal(paired.AddSeconds(61), afterLate);
        Assert.Equal(afterLate, late.Value.Device.LastSeenAt);
    }
}
