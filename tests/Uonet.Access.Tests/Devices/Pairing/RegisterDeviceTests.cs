using System.Security.Cryptography;
using Microsoft.Extensions.DependencyInjection;
using Uonet.Access.Devices;
using Uonet.Access.Mail;
using Uonet.Access.Maintenance;

namespace Uonet.Access.Tests.Devices.Pairing;

/// <summary>The app's side of R7: token + PIN + its own key register the phone, exactly once.</summary>
public sealed class RegisterDeviceTests
{
    [Fact]
    public async Task Register_RightPin_DeviceRegisteredWithTheAccountsPupils_R7_R8()
    {
        var (school, session) = await PairingSupport.MotherSignedInAsync();
        await using var _ = school;
        var ticket = await school.CreateTicketAsync(session);
        var key = PairingSupport.P256Key();

        var registered = await school.RegisterAsync(ticket, device: PairingSupport.Phone(key, name: "  Telefon   Anny ", platform: " Android 15 "));

        Assert.True(registered.Succeeded, registered.ToString());
        Assert.Equal(DeviceKeyAlgorithm.EcdsaP256, registered.Value.KeyAlgorithm);
        Assert.Equal(PairingSupport.MotherEmail, registered.Value.AccountEmail);
        Assert.Equal(TestSchool.Symbol, registered.Value.InstanceSymbol);
        Assert.Equal(["Ola"], registered.Value.Pupils.Select(p => p.FirstName));
        var device = await school.Store.FindDeviceAsync(registered.Value.DeviceId, CancellationToken.None);
        Assert.NotNull(device);
        Assert.Equal("Telefon Anny", device.Name);
        Assert.Equal("Android 15", device.Platform);
        Assert.Equal(key, device.PublicKey);
        Assert.Equal(school.Time.GetUtcNow(), device.CreatedAt);
        Assert.Null(device.RevokedAt);
    }

    [Fact]
    public async Task Register_Rsa2048Key_Accepted()
    {
        var (school, session) = await PairingSupport.MotherSignedInAsync();
        await using var _ = school;
        var ticket = await school.CreateTicketAsync(session);
        using var rsa = RSA.Create(2048);

        var registered = await school.RegisterAsync(ticket, device: PairingSupport.Phone(rsa.ExportSubjectPublicKeyInfo()));

        Assert.True(registered.Succeeded, registered.ToString());
        Assert.Equal(DeviceKeyAlgorithm.Rsa, registered.Value.KeyAlgorithm);
    }

    [Fact]
    public async Task Register_QueuesNewDeviceMailToTheAccountHolder_R7()
    {
        var (school, session) = await PairingSupport.MotherSignedInAsync();
        await using var _ = school;
        var ticket = await school.CreateTicketAsync(session);

        var registered = await school.RegisterAsync(ticket, device: PairingSupport.Phone(name: "Telefon Anny", platform: "Android 15"));
        await school.Dispatcher.DispatchPendingAsync();

        Assert.True(registered.Succeeded, registered.ToString());
        var mail = Assert.Single(school.Mail.Sent, m => m.Kind == MailKind.NewDevice);
        Assert.Equal(PairingSupport.MotherEmail, mail.To);
        Assert.Contains("Telefon Anny (Android 15)", mail.TextBody, StringComparison.Ordinal);
        Assert.StartsWith("Nowe urządzenie mobilne na Twoim koncie", mail.Subject, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Register_EnglishCulture_MailInEnglish_WithoutPlatformJustTheName()
    {
        var (school, session) = await PairingSupport.MotherSignedInAsync();
        await using var _ = school;
        var ticket = await school.CreateTicketAsync(session);

        var registered = await school.Devices().RegisterDeviceAsync(ticket.InstanceSymbol, ticket.Token, ticket.Pin, PairingSupport.Phone(platform: null), System.Globalization.CultureInfo.GetCultureInfo("en"));
        await school.Dispatcher.DispatchPendingAsync();

        Assert.True(registered.Succeeded, registered.ToString());
        var mail = Assert.Single(school.Mail.Sent, m => m.Kind == MailKind.NewDevice);
        Assert.StartsWith("A new mobile device was registered to your account", mail.Subject, StringComparison.Ordinal);
        Assert.Contains(": Telefon Anny, on", mail.TextBody, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("abcd-efgh")]
    [InlineData(" abcd efgh ")]
    [InlineData("a-b-c-d-e-f-g-h")]
    [InlineData("ABCD\u2013EFGH")]
    public async Task Register_TokenTypedLowerCaseWithSpacesOrDashes_Accepted(string shape)
    {
        var (school, session) = await PairingSupport.MotherSignedInAsync();
        await using var _ = school;
        var ticket = await school.CreateTicketAsync(session);
        // In the shape, the letters a to h stand for the token's 8 symbols in order.
        var normal = ticket.Token.Replace("-", string.Empty, StringComparison.Ordinal);
        var typed = string.Concat(shape.Select(c => char.IsAsciiLetter(c) ? normal[char.ToUpperInvariant(c) - 'A'] : c));
        typed = shape.Any(char.IsAsciiLetterLower) ? typed.ToLowerInvariant() : typed;

        var registered = await school.RegisterAsync(ticket, token: typed, symbol: " GminaWulkanowo ");

        Assert.True(registered.Succeeded, $"{typed}: {registered}");
    }

    [Theory]
    [InlineData("ABCD-EFGH")]
    [InlineData("ABC")]
    [InlineData("ABCD-EFG0")]
    [InlineData("")]
    [InlineData(null)]
    public async Task Register_MalformedOrUnknownToken_PairingTokenUnknown(string? token)
    {
        var (school, session) = await PairingSupport.MotherSignedInAsync();
        await using var _ = school;
        var ticket = await school.CreateTicketAsync(session);
        // A 40-bit token that happens to be the issued one is not a case this test can meet.
        Assert.NotEqual("ABCD-EFGH", ticket.Token);

        var registered = await school.Devices().RegisterDeviceAsync(TestSchool.Symbol, token, ticket.Pin, PairingSupport.Phone());

        Assert.Equal(AccessErrorCodes.PairingTokenUnknown, registered.Error!.Code);
        Assert.Equal("token", registered.Error.Field);
    }

    [Theory]
    [InlineData(TestSchool.OtherSymbol)]
    [InlineData("gmina_wulkanowo")]
    [InlineData("")]
    [InlineData(null)]
    public async Task Register_SymbolOfAnotherInstanceOrInvalid_PairingWrongSymbol_R6(string? symbol)
    {
        var (school, session) = await PairingSupport.MotherSignedInAsync();
        await using var _ = school;
        var ticket = await school.CreateTicketAsync(session);

        var registered = await school.Devices().RegisterDeviceAsync(symbol, ticket.Token, ticket.Pin, PairingSupport.Phone());
        var afterwards = await school.RegisterAsync(ticket);

        Assert.Equal(AccessErrorCodes.PairingWrongSymbol, registered.Error!.Code);
        Assert.True(afterwards.Succeeded, "a wrong symbol costs no PIN try and does not use the ticket");
    }

    [Fact]
    public async Task Register_WrongPinThreeTimes_RemainingTries210ThenClosed()
    {
        var (school, session) = await PairingSupport.MotherSignedInAsync();
        await using var _ = school;
        var ticket = await school.CreateTicketAsync(session);
        var wrong = PairingSupport.WrongPin(ticket);

        var first = await school.RegisterAsync(ticket, pin: wrong);
        var second = await school.RegisterAsync(ticket, pin: wrong);
        var third = await school.RegisterAsync(ticket, pin: wrong);
        var rightAfterwards = await school.RegisterAsync(ticket);

        Assert.All(new[] { first, second, third }, r => Assert.Equal(AccessErrorCodes.PairingWrongPin, r.Error!.Code));
        Assert.Equal(["2", "1", "0"], new[] { first, second, third }.Select(r => r.Argument("remainingTries")));
        Assert.Equal("pin", first.Error!.Field);
        Assert.Equal(AccessErrorCodes.PairingClosed, rightAfterwards.Error!.Code);
        Assert.Empty(await school.Store.ListDevicesAsync((await AccountIdAsync(school)), CancellationToken.None));
    }

    [Fact]
    public async Task Register_WrongPinThenRightPin_Registers()
    {
        var (school, session) = await PairingSupport.MotherSignedInAsync();
        await using var _ = school;
        var ticket = await school.CreateTicketAsync(session);

        var wrong = await school.RegisterAsync(ticket, pin: PairingSupport.WrongPin(ticket));
        var right = await school.RegisterAsync(ticket);

        Assert.Equal("2", wrong.Argument("remainingTries"));
        Assert.True(right.Succeeded, right.ToString());
    }

    [Theory]
    [InlineData("")]
    [InlineData("12345")]
    [InlineData("1234567")]
    [InlineData("abcdef")]
    public async Task Register_PinNotSixDigits_WrongPinWithoutCostingATry(string pin)
    {
        var (school, session) = await PairingSupport.MotherSignedInAsync();
        await using var _ = school;
        var ticket = await school.CreateTicketAsync(session);

        var malformed = await school.RegisterAsync(ticket, pin: pin);
        var wrong = await school.RegisterAsync(ticket, pin: PairingSupport.WrongPin(ticket));

        Assert.Equal(AccessErrorCodes.PairingWrongPin, malformed.Error!.Code);
        Assert.Equal("3", malformed.Argument("remainingTries"));
        Assert.Equal("2", wrong.Argument("remainingTries"));
    }

    [Fact]
    public async Task Register_PinTypedWithSpaces_Accepted()
    {
        var (school, session) = await PairingSupport.MotherSignedInAsync();
        await using var _ = school;
        var ticket = await school.CreateTicketAsync(session);

        var registered = await school.RegisterAsync(ticket, pin: $" {ticket.Pin[..3]} {ticket.Pin[3..]} ");

        Assert.True(registered.Succeeded, registered.ToString());
    }

    [Fact]
    public async Task Register_JustBeforeTenMinutes_Registers()
    {
        var (school, session) = await PairingSupport.MotherSignedInAsync();
        await using var _ = school;
        var ticket = await school.CreateTicketAsync(session);
        school.Time.Advance(TimeSpan.FromMinutes(10) - TimeSpan.FromSeconds(1));

        var registered = await school.RegisterAsync(ticket);

        Assert.True(registered.Succeeded, registered.ToString());
    }

    [Fact]
    public async Task Register_AtTenMinutes_PairingExpired()
    {
        var (school, session) = await PairingSupport.MotherSignedInAsync();
        await using var _ = school;
        var ticket = await school.CreateTicketAsync(session);
        school.Time.Advance(TimeSpan.FromMinutes(10));

        var registered = await school.RegisterAsync(ticket);
        var wrongPin = await school.RegisterAsync(ticket, pin: PairingSupport.WrongPin(ticket));

        Assert.Equal(AccessErrorCodes.PairingExpired, registered.Error!.Code);
        Assert.Equal(AccessErrorCodes.PairingExpired, wrongPin.Error!.Code);
    }

    [Fact]
    public async Task Register_SameTicketTwice_PairingAlreadyUsed()
    {
        var (school, session) = await PairingSupport.MotherSignedInAsync();
        await using var _ = school;
        var ticket = await school.CreateTicketAsync(session);

        var first = await school.RegisterAsync(ticket);
        var second = await school.RegisterAsync(ticket, device: PairingSupport.Phone(name: "Drugi telefon"));

        Assert.True(first.Succeeded, first.ToString());
        Assert.Equal(AccessErrorCodes.PairingAlreadyUsed, second.Error!.Code);
        Assert.Single(await school.Store.ListDevicesAsync(await AccountIdAsync(school), CancellationToken.None));
    }

    [Fact]
    public async Task Register_32ParallelWithTheRightPin_ExactlyOneDevice()
    {
        var (school, session) = await PairingSupport.MotherSignedInAsync();
        await using var _ = school;
        var ticket = await school.CreateTicketAsync(session);
        var devices = school.Devices();

        var results = await Task.WhenAll(Enumerable.Range(0, 32).Select(i => Task.Run(() =>
            devices.RegisterDeviceAsync(ticket.InstanceSymbol, ticket.Token, ticket.Pin, PairingSupport.Phone(name: $"Telefon {i}")))));
        await school.Dispatcher.DispatchPendingAsync();

        var success = Assert.Single(results, r => r.Succeeded);
        Assert.All(results.Where(r => !r.Succeeded), r => Assert.Equal(AccessErrorCodes.PairingAlreadyUsed, r.Error!.Code));
        var device = Assert.Single(await school.Store.ListDevicesAsync(await AccountIdAsync(school), CancellationToken.None));
        Assert.Equal(success.Value.DeviceId, device.Id);
        Assert.Single(school.Mail.Sent, m => m.Kind == MailKind.NewDevice);
    }

    [Fact]
    public async Task Register_32ParallelWrongPins_AtMostThreeTriesCounted_TicketDead()
    {
        var (school, session) = await PairingSupport.MotherSignedInAsync();
        await using var _ = school;
        var ticket = await school.CreateTicketAsync(session);
        var devices = school.Devices();
        var wrong = PairingSupport.WrongPin(ticket);

        var results = await Task.WhenAll(Enumerable.Range(0, 32).Select(_ => Task.Run(() =>
            devices.RegisterDeviceAsync(ticket.InstanceSymbol, ticket.Token, wrong, PairingSupport.Phone()))));
        var right = await school.RegisterAsync(ticket);

        Assert.All(results, r => Assert.Contains(r.Error!.Code, new[] { AccessErrorCodes.PairingWrongPin, AccessErrorCodes.PairingClosed }));
        var remaining = results.Where(r => r.Error!.Code == AccessErrorCodes.PairingWrongPin).Select(r => r.Argument("remainingTries")).ToList();
        Assert.Single(remaining, "2");
        Assert.Single(remaining, "1");
        Assert.Contains("0", remaining);
        Assert.All(remaining, r => Assert.Contains(r, new[] { "2", "1", "0" }));
        Assert.Equal(AccessErrorCodes.PairingClosed, right.Error!.Code);
    }

    [Fact]
    public async Task Register_OlderTicketAfterANewerOne_PairingClosed_NewerWorks()
    {
        var (school, session) = await PairingSupport.MotherSignedInAsync();
        await using var _ = school;
        var older = await school.CreateTicketAsync(session);
        var newer = await school.CreateTicketAsync(session);

        var withOlder = await school.RegisterAsync(older);
        var withNewer = await school.RegisterAsync(newer);

        Assert.NotEqual(older.Token, newer.Token);
        Assert.Equal(AccessErrorCodes.PairingClosed, withOlder.Error!.Code);
        Assert.True(withNewer.Succeeded, withNewer.ToString());
    }

    [Fact]
    public async Task Register_AnotherAccountsNewTicket_DoesNotCloseThisOne()
    {
        var (school, motherSession) = await PairingSupport.MotherSignedInAsync();
        await using var _ = school;
        var fatherSession = await school.SignInAsync(PairingSupport.FatherEmail);
        var mothers = await school.CreateTicketAsync(motherSession);
        await school.CreateTicketAsync(fatherSession);

        var registered = await school.RegisterAsync(mothers);

        Assert.True(registered.Succeeded, registered.ToString());
        Assert.Equal(PairingSupport.MotherEmail, registered.Value.AccountEmail);
    }

    public static TheoryData<string, byte[]> RefusedKeys()
    {
        using var p384 = ECDsa.Create(ECCurve.NamedCurves.nistP384);
        using var rsa1024 = RSA.Create(1024);
        return new TheoryData<string, byte[]>
        {
            { "P-384", p384.ExportSubjectPublicKeyInfo() },
            { "RSA-1024", rsa1024.ExportSubjectPublicKeyInfo() },
            { "garbage", [0x30, 0x03, 0x02, 0x01, 0x00, 0xff, 0xfe] },
            { "empty", [] },
        };
    }

    [Theory]
    [MemberData(nameof(RefusedKeys))]
    public async Task Register_KeyOutsideTheAcceptedKinds_PairingKeyRefused_NoTryCounted(string because, byte[] key)
    {
        var (school, session) = await PairingSupport.MotherSignedInAsync();
        await using var _ = school;
        var ticket = await school.CreateTicketAsync(session);

        var refused = await school.RegisterAsync(ticket, pin: PairingSupport.WrongPin(ticket), device: PairingSupport.Phone(key));
        var wrong = await school.RegisterAsync(ticket, pin: PairingSupport.WrongPin(ticket));

        Assert.True(refused.Error!.Code == AccessErrorCodes.PairingKeyRefused, $"{because}: {refused}");
        Assert.Equal("publicKey", refused.Error.Field);
        Assert.Equal("2", wrong.Argument("remainingTries"));
    }

    [Fact]
    public async Task Register_NameMissingAndKeyRefused_BothErrorsTogether()
    {
        var (school, session) = await PairingSupport.MotherSignedInAsync();
        await using var _ = school;
        var ticket = await school.CreateTicketAsync(session);

        var registered = await school.RegisterAsync(ticket, device: PairingSupport.Phone([1, 2, 3], name: "   ", platform: new string('x', 101)));

        Assert.Equal(
            [(AccessErrorCodes.FieldRequired, "name"), (AccessErrorCodes.FieldTooLong, "platform"), (AccessErrorCodes.PairingKeyRefused, "publicKey")],
            registered.Errors.Select(e => (e.Code, e.Field)));
    }

    [Theory]
    [InlineData("Telefon\u0000Anny", AccessErrorCodes.FieldInvalidCharacters)]
    [InlineData("\u202eynnA nofeleT", AccessErrorCodes.FieldInvalidCharacters)]
    public async Task Register_NameWithControlCharacters_Refused(string name, string code)
    {
        var (school, session) = await PairingSupport.MotherSignedInAsync();
        await using var _ = school;
        var ticket = await school.CreateTicketAsync(session);

        var registered = await school.RegisterAsync(ticket, device: PairingSupport.Phone(name: name));

        Assert.Equal(code, registered.Error!.Code);
        Assert.Equal("name", registered.Error.Field);
    }

    [Fact]
    public async Task Register_NameOf101Characters_FieldTooLong()
    {
        var (school, session) = await PairingSupport.MotherSignedInAsync();
        await using var _ = school;
        var ticket = await school.CreateTicketAsync(session);

        var at100 = PairingSupport.Phone(name: new string('a', 100));
        var tooLong = await school.RegisterAsync(ticket, device: PairingSupport.Phone(name: new string('a', 101)));
        var fits = await school.RegisterAsync(ticket, device: at100);

        Assert.Equal(AccessErrorCodes.FieldTooLong, tooLong.Error!.Code);
        Assert.Equal("100", tooLong.Argument("max"));
        Assert.True(fits.Succeeded, fits.ToString());
    }

    [Fact]
    public async Task Register_AccountNoLongerEligible_SignInNotEligible_TicketKept_R2()
    {
        var (school, session) = await PairingSupport.MotherSignedInAsync();
        await using var _ = school;
        var ticket = await school.CreateTicketAsync(session);
        // SP1 starts to require the guardian's PESEL, which Ola's record does not hold for her mother (R2).
        Assert.True((await school.Directory.UpdateUnitAsync(TestSchool.Symbol, TestSchool.Sp1, "Szkoła Podstawowa nr 1", requireGuardianPesel: true)).Succeeded);

        var refused = await school.RegisterAsync(ticket);
        Assert.True((await school.Directory.UpdateUnitAsync(TestSchool.Symbol, TestSchool.Sp1, "Szkoła Podstawowa nr 1", requireGuardianPesel: false)).Succeeded);
        var again = await school.RegisterAsync(ticket);

        Assert.Equal(AccessErrorCodes.SignInNotEligible, refused.Error!.Code);
        Assert.True(again.Succeeded, "a refusal for eligibility does not use the ticket: " + again);
    }

    [Fact]
    public async Task Register_AccountClosed_PairingClosed_R9()
    {
        var (school, session) = await PairingSupport.MotherSignedInAsync();
        await using var _ = school;
        var ticket = await school.CreateTicketAsync(session);
        Assert.True(await school.Store.CloseAccountAsync(await AccountIdAsync(school), school.Time.GetUtcNow(), DeviceRevocationReason.EmailChanged, null, null, CancellationToken.None));

        var registered = await school.RegisterAsync(ticket);

        Assert.Equal(AccessErrorCodes.PairingClosed, registered.Error!.Code);
    }

    [Fact]
    public async Task Register_DuringTechnicalBreak_MaintenanceActive_TicketKept_R10()
    {
        var (school, session) = await PairingSupport.MotherSignedInAsync();
        await using var _ = school;
        var ticket = await school.CreateTicketAsync(session);
        var window = await school.StartMaintenanceAsync();

        var refused = await school.RegisterAsync(ticket);
        await school.Services.GetRequiredService<MaintenanceSchedule>().EndAsOperatorAsync(window.Value.Id);
        var after = await school.RegisterAsync(ticket);

        Assert.Equal(AccessErrorCodes.MaintenanceActive, refused.Error!.Code);
        Assert.True(after.Succeeded, after.ToString());
    }

    [Fact]
    public async Task Register_PairingErrors_DescribedInPolishAndEnglish()
    {
        var (school, session) = await PairingSupport.MotherSignedInAsync();
        await using var _ = school;
        var ticket = await school.CreateTicketAsync(session);

        var wrong = await school.RegisterAsync(ticket, pin: PairingSupport.WrongPin(ticket));

        Assert.Equal("Nieprawidłowy PIN. Zostały 2 próby.", wrong.Error!.Describe(System.Globalization.CultureInfo.GetCultureInfo("pl")));
        Assert.Equal("Wrong PIN. 2 tries left.", wrong.Error.Describe(System.Globalization.CultureInfo.GetCultureInfo("en")));
    }

    private static async Task<Guid> AccountIdAsync(TestSchool school) =>
        (await school.Store.FindAccountAsync(TestSchool.Symbol, PairingSupport.MotherEmail, CancellationToken.None))!.Id;
}
