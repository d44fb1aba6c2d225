using Uonet.Access.Credentials;
using Uonet.Access.Devices;
using Uonet.Access.Tests.Credentials.Workflows;
using Uonet.Access.Tests.Devices.Pairing;

namespace Uonet.Access.Tests.Security;

/// <summary>
/// Every live secret one user holds at the same moment: Anna Nowak, mother of Ola (SP1, 4a), with a password, a second
/// factor, a paired phone, an open pairing ticket and an unused link. Tests hand each one to a door it was not made
/// for and expect that door to refuse it (ASVS 5.0 V6.4, V7.2: a secret is bound to its purpose).
/// </summary>
internal sealed class HeldSecrets : IAsyncDisposable
{
    public const string LinkToken = "link token";
    public const string SessionTicket = "session ticket";
    public const string SessionSecret = "secret part of the session ticket";
    public const string PairingToken = "pairing token";
    public const string PairingPin = "pairing PIN";
    public const string PairingPayload = "QR payload";
    public const string RecoveryCode = "recovery code";
    public const string TotpCode = "TOTP code";
    public const string DeviceSignature = "device request signature";
    public const string SecondFactorTicket = "second-factor ticket";

    private static readonly string[] Kinds =
        [LinkToken, SessionTicket, SessionSecret, PairingToken, PairingPin, PairingPayload, RecoveryCode, TotpCode, DeviceSignature, SecondFactorTicket];

    public required TestSchool School { get; init; }

    /// <summary>The secret of the TOTP enrolment, to compute codes the way her app does.</summary>
    public required byte[] TotpSecret { get; init; }

    /// <summary>The open pairing ticket (token, PIN, payload) as the page showed it.</summary>
    public required PairingTicketView OpenTicket { get; init; }

    private IReadOnlyDictionary<string, string> Values { get; init; } = new Dictionary<string, string>();

    /// <summary>Every kind of secret but <paramref name="kind"/>: what a door made for <paramref name="kind"/> must refuse.</summary>
    public static TheoryData<string> AllBut(string kind) => [.. Kinds.Where(k => k != kind)];

    /// <summary>The secret of the given kind.</summary>
    public string this[string kind] => Values[kind];

    /// <summary>
    /// Builds the mother's world. Time is left at a fresh TOTP step, so <see cref="TotpCode"/> would be accepted once.
    /// </summary>
    public static async Task<HeldSecrets> GatherAsync(Action<UonetAccessOptions>? configure = null)
    {
        var school = await TestSchool.CreateAsync(configure);
        await school.AddOlaAsync();
        await school.Services.SetPasswordAsync(PairingSupport.MotherEmail, PairingSupport.Password);
        var (totpSecret, recoveryCodes, session) = await school.Services.EnrolTotpAsync(school.Time, PairingSupport.MotherEmail);

        var paired = await school.CreateTicketAsync(session);
        var publicKey = DeviceRequestSigner.NewDeviceKey(out var deviceKey);
        using (deviceKey)
        {
            var device = await school.RegisterAsync(paired, device: PairingSupport.Phone(publicKey));
            Assert.True(device.Succeeded, device.ToString());
            var signature = DeviceRequestSigner.Sign("GET", new Uri(paired.ApiBaseUrl, "oceny"), [], device.Value.DeviceId, deviceKey, school.Time.GetUtcNow());

            var open = await school.CreateTicketAsync(session);
            var link = await school.Services.RequestTokenAsync(PairingSupport.MotherEmail);
            var passwordStep = await school.Services.TrySignInAsync(PairingSupport.MotherEmail, PairingSupport.Password);
            Assert.Equal(SignInOutcome.RequiresSecondFactor, passwordStep.Outcome);
            return new HeldSecrets
            {
                School = school,
                TotpSecret = totpSecret,
                OpenTicket = open,
                Values = new Dictionary<string, string>
                {
                    [LinkToken] = link,
                    [SessionTicket] = session,
                    [SessionSecret] = session.Split('.')[2],
                    [PairingToken] = open.Token,
                    [PairingPin] = open.Pin,
                    [PairingPayload] = open.Payload,
                    [RecoveryCode] = recoveryCodes[0],
                    [TotpCode] = Flow.Code(totpSecret, school.Time.GetUtcNow()),
                    [DeviceSignature] = signature.Signature,
                    [SecondFactorTicket] = passwordStep.SecondFactorTicket!,
                },
            };
        }
    }

    public ValueTask DisposeAsync() => School.DisposeAsync();
}
