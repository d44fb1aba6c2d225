using System.Security.Cryptography;
using Microsoft.Extensions.Options;
using Uonet.Access.Credentials;
using Uonet.Access.Eligibility;
using Uonet.Access.Records;
using Uonet.Access.Storage;

namespace Uonet.Access.Devices;

/// <summary>
/// Verifies the signed requests of paired devices (R7, RFC 9421) and says who made them and whom they may see now
/// (R8). A request passes when its signature covers <c>@method</c>, <c>@target-uri</c> and, with a body,
/// <c>content-digest</c> (which must match the body, RFC 9530); carries <c>created</c> within the clock window and
/// <c>keyid</c> naming a device of this instance that is not revoked; verifies with that device's key; was not seen
/// before; and its account is open and still sees at least one pupil.
/// </summary>
/// <remarks>
/// Each device's public key is imported once and kept (up to 10,000 devices, the least recently used dropped first), so a
/// request costs about one signature verification plus the store look-ups. A key is used only while it is byte for byte
/// the one the store holds for the device, and the device's revocation is read from the store on every request. The
/// verifier is thread-safe; disposing it (the container does) releases the kept keys.
/// </remarks>
public sealed class DeviceRequestVerifier : IDisposable
{
    private static readonly TimeSpan TouchInterval = TimeSpan.FromMinutes(1);

    private readonly IDeviceStore _devices;
    private readonly ICredentialStore _credentials;
    private readonly PupilResolver _resolver;
    private readonly TimeProvider _time;
    private readonly DeviceOptions _options;
    private readonly DeviceKeyCache _keys = new();

    /// <summary>Creates the verifier (normally resolved from DI).</summary>
    public DeviceRequestVerifier(IDeviceStore devices, ICredentialStore credentials, PupilResolver resolver, TimeProvider time, IOptions<UonetAccessOptions> options)
    {
        ArgumentNullException.ThrowIfNull(options);
        _devices = devices ?? throw new ArgumentNullException(nameof(devices));
        _credentials = credentials ?? throw new ArgumentNullException(nameof(credentials));
        _resolver = resolver ?? throw new ArgumentNullException(nameof(resolver));
        _time = time ?? throw new ArgumentNullException(nameof(time));
        _options = options.Value.Devices;
    }

    /// <summary>
    /// Verifies a request made to the instance <paramref name="symbol"/>. The checks run in this order and the first
    /// failure is the answer: <see cref="AccessErrorCodes.SignatureMissing"/>, <see cref="AccessErrorCodes.SignatureMalformed"/>,
    /// <see cref="AccessErrorCodes.SignatureComponentMissing"/> (argument <c>component</c>),
    /// <see cref="AccessErrorCodes.SignatureDigestMismatch"/>, <see cref="AccessErrorCodes.SignatureClockSkew"/>,
    /// <see cref="AccessErrorCodes.DeviceNotFound"/> (also for a device of another instance),
    /// <see cref="AccessErrorCodes.DeviceRevoked"/> (argument <c>reason</c>: the <see cref="DeviceRevocationReason"/>
    /// name, so the app can offer to register again, R9), <see cref="AccessErrorCodes.SignatureInvalid"/>,
    /// <see cref="AccessErrorCodes.SignatureReplayed"/>, <see cref="AccessErrorCodes.SessionAccountClosed"/> and
    /// <see cref="AccessErrorCodes.SessionNotEligible"/>. Bad input never throws.
    /// </summary>
    /// <param name="symbol">The instance symbol of the request's address (R6).</param>
    /// <param name="request">The request as received.</param>
    /// <param name="cancellationToken">Cancels the store calls.</param>
    /// <exception cref="ArgumentException">The host passed no request, method, headers or an absolute target URI.</exception>
    public async Task<AccessResult<DeviceRequestContext>> VerifyAsync(string symbol, SignedRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(request.Method, nameof(request));
        ArgumentNullException.ThrowIfNull(request.Headers, nameof(request));
        if (request.TargetUri is not { IsAbsoluteUri: true })
        {
            throw new ArgumentException("The target URI must be absolute.", nameof(request));
        }

        var headers = request.Headers;
        var signatureInputField = SignatureBase.FieldValue(SignatureHeaderNames.SignatureInput, headers);
        var signatureField = SignatureBase.FieldValue(SignatureHeaderNames.Signature, headers);
        if (string.IsNullOrWhiteSpace(signatureInputField) || string.IsNullOrWhiteSpace(signatureField))
        {
            return Fail(AccessErrorCodes.SignatureMissing, string.IsNullOrWhiteSpace(signatureInputField) ? SignatureHeaderNames.SignatureInput : SignatureHeaderNames.Signature);
        }

        var (input, malformedField) = SignatureInput.Parse(signatureInputField, signatureField);
        if (input is null)
        {
            return Fail(AccessErrorCodes.SignatureMalformed, malformedField);
        }

        var digestField = SignatureBase.FieldValue(SignatureHeaderNames.ContentDigest, headers);
        if (MissingComponent(input, hasBody: !request.Body.IsEmpty, hasDigest: digestField is not null) is { } missing)
        {
            return Fail(AccessErrorCodes.SignatureComponentMissing, SignatureHeaderNames.SignatureInput, ("component", missing));
        }

        if (digestField is not null)
        {
            switch (ContentDigest.Verify(digestField, request.Body.Span))
            {
                case ContentDigest.Check.Malformed:
                    return Fail(AccessErrorCodes.SignatureMalformed, SignatureHeaderNames.ContentDigest);
                case ContentDigest.Check.Mismatch:
                    return Fail(AccessErrorCodes.SignatureDigestMismatch, SignatureHeaderNames.ContentDigest);
            }
        }

        var now = _time.GetUtcNow();
        var skew = _options.SignatureClockSkew;

        // Milliseconds in a long: created has at most 15 digits (RFC 8941), so this cannot overflow.
        var nowMilliseconds = now.ToUnixTimeMilliseconds();
        var createdMilliseconds = input.Created!.Value * 1000;
        if (Math.Abs(createdMilliseconds - nowMilliseconds) > (long)skew.TotalMilliseconds
            || (input.Expires is { } expires && expires * 1000 < nowMilliseconds))
        {
            return Fail(AccessErrorCodes.SignatureClockSkew);
        }

        if (InstanceSymbol.TryNormalize(symbol, out var normalizedSymbol) is not null
            || !Guid.TryParseExact(input.KeyId, "D", out var deviceId)
            || await ReadSnapshotAsync(deviceId, cancellationToken).ConfigureAwait(false) is not { } snapshot
            || snapshot.Device.InstanceSymbol != normalizedSymbol)
        {
            return Fail(AccessErrorCodes.DeviceNotFound);
        }

        var (device, account, sources) = snapshot;

        if (device.RevokedAt is not null || device.RevocationReason is not null)
        {
            _keys.Forget(device.Id);
            return Fail(AccessErrorCodes.DeviceRevoked, null, ("reason", device.RevocationReason?.ToString() ?? "Unknown"));
        }

        var signatureBase = SignatureBase.Build(input.Components, input.SignatureParams, request.Method, request.TargetUri, headers);
        if (signatureBase is null
            || (input.Algorithm is not null && input.Algorithm != SignatureAlgorithms.NameOf(device.KeyAlgorithm))
            || !_keys.Verify(device.Id, device.KeyAlgorithm, device.PublicKey, signatureBase, input.Signature))
        {
            return Fail(AccessErrorCodes.SignatureInvalid, SignatureHeaderNames.Signature);
        }

        // Recorded only now, so that forged requests cannot fill the cache or burn a signature the device will send.
        // The entry outlives the last moment the clock check would still accept this created time.
        var signatureHash = Convert.ToHexStringLower(SHA256.HashData(SignatureAlgorithms.Canonical(device.KeyAlgorithm, input.Signature)));
        var rememberUntil = DateTimeOffset.FromUnixTimeMilliseconds(createdMilliseconds) + skew + TimeSpan.FromSeconds(1);
        if (!await _devices.TryRecordSignatureAsync(device.Id, signatureHash, now, rememberUntil, cancellationToken).ConfigureAwait(false))
        {
            return Fail(AccessErrorCodes.SignatureReplayed, SignatureHeaderNames.Signature);
        }

        if (account is null || account.Status == AccountStatus.Closed || account.InstanceSymbol != device.InstanceSymbol)
        {
            return Fail(AccessErrorCodes.SessionAccountClosed);
        }

        // Resolved on every request, never copied at pairing (R8).
        var pupils = PupilResolver.VisibleAmong(account.Email, sources.Records, sources.Units);
        if (pupils.Count == 0)
        {
            return Fail(AccessErrorCodes.SessionNotEligible);
        }

        // Last-seen is informational ("active 5 minutes ago"): a write per request would cost more than it tells.
        if (now - device.LastSeenAt >= TouchInterval)
        {
            await _devices.TouchDeviceAsync(device.Id, now, cancellationToken).ConfigureAwait(false);
            device = device with { LastSeenAt = now };
        }

        return AccessResult<DeviceRequestContext>.Success(new DeviceRequestContext { Device = device, Account = account, Pupils = pupils });
    }

    /// <summary>
    /// The device, its account and what the account sees, in one round trip where the store can (see
    /// <see cref="IRequestSnapshotStore"/>), otherwise read one by one. Read before the signature is checked: a forged
    /// request costs reads, never a write.
    /// </summary>
    private async Task<DeviceSnapshot?> ReadSnapshotAsync(Guid deviceId, CancellationToken cancellationToken)
    {
        if (_devices is IRequestSnapshotStore snapshots)
        {
            return await snapshots.ReadDeviceSnapshotAsync(deviceId, cancellationToken).ConfigureAwait(false);
        }

        var device = await _devices.FindDeviceAsync(deviceId, cancellationToken).ConfigureAwait(false);
        if (device is null)
        {
            return null;
        }

        var account = await _credentials.FindAccountByIdAsync(device.AccountId, cancellationToken).ConfigureAwait(false);
        var sources = account is null
            ? StandingSources.None
            : await _resolver.ReadSourcesAsync(account.InstanceSymbol, account.Email, withStaff: false, cancellationToken).ConfigureAwait(false);
        return new DeviceSnapshot(device, account, sources);
    }

    /// <summary>Releases the kept device keys.</summary>
    public void Dispose() => _keys.Dispose();

    private static string? MissingComponent(SignatureInput input, bool hasBody, bool hasDigest)
    {
        foreach (var required in (ReadOnlySpan<string>)["@method", "@target-uri"])
        {
            if (!input.Components.Contains(required))
            {
                return required;
            }
        }

        // Without the digest in the signature, the body could be swapped under a valid signature.
        if (hasBody && (!hasDigest || !input.Components.Contains("content-digest")))
        {
            return "content-digest";
        }

        return input.Created is null ? "created" : input.KeyId is null ? "keyid" : null;
    }

    private static AccessResult<DeviceRequestContext> Fail(string code, string? field = null, params (string Name, string Value)[] arguments) =>
        AccessResult<DeviceRequestContext>.Failure(new AccessError(
            code,
            field,
            arguments.Length == 0 ? null : arguments.ToDictionary(a => a.Name, a => a.Value, StringComparer.Ordinal)));
}
