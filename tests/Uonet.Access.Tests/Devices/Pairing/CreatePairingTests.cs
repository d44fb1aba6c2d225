using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;
using Uonet.Access.Devices;
using ZXing;
using ZXing.Common;

namespace Uonet.Access.Tests.Devices.Pairing;

/// <summary>Dostęp mobilny → Zarejestruj urządzenie mobilne (R7): the ticket a signed-in account gets.</summary>
public sealed class CreatePairingTests
{
    [Fact]
    public async Task CreatePairing_SignedIn_TokenPinSymbolApiAndTenMinuteExpiry_R7()
    {
        var (school, session) = await PairingSupport.MotherSignedInAsync();
        await using var _ = school;

        var created = await school.Devices().CreatePairingAsync(session);

        Assert.True(created.Succeeded, created.ToString());
        var view = created.Value;
        Assert.Matches("^[A-HJKMNP-Z2-9]{4}-[A-HJKMNP-Z2-9]{4}$", view.Token);
        Assert.Matches("^[0-9]{6}$", view.Pin);
        Assert.Equal(TestSchool.Symbol, view.InstanceSymbol);
        Assert.Equal(new Uri("https://uonetplus.example.pl/gminawulkanowo/api/mobile/"), view.ApiBaseUrl);
        Assert.Equal(school.Time.GetUtcNow().AddMinutes(10), view.ExpiresAt);
    }

    [Fact]
    public async Task CreatePairing_QrPng_DecodesToExactlyThePayload_WhichHoldsNoPin_R7()
    {
        var (school, session) = await PairingSupport.MotherSignedInAsync();
        await using var _ = school;

        var view = await school.CreateTicketAsync(session);
        var decoded = Decode(view.QrPng);
        var payload = PairingPayload.Parse(decoded);

        Assert.Equal(view.Payload, decoded);
        Assert.True(payload.Succeeded, payload.ToString());
        Assert.Equal(view.ApiBaseUrl, payload.Value.ApiBaseUrl);
        Assert.Equal(view.InstanceSymbol, payload.Value.InstanceSymbol);
        Assert.Equal(view.Token.Replace("-", string.Empty, StringComparison.Ordinal), payload.Value.Token);
        Assert.DoesNotContain(view.Pin, decoded, StringComparison.Ordinal);
        Assert.DoesNotContain("pin", decoded, StringComparison.OrdinalIgnoreCase);
        Assert.StartsWith("<svg", view.QrSvg, StringComparison.Ordinal);
    }

    [Fact]
    public async Task CreatePairing_StoresOnlyHashes_ThreeTries()
    {
        var (school, session) = await PairingSupport.MotherSignedInAsync();
        await using var _ = school;

        var view = await school.CreateTicketAsync(session);
        var stored = await school.Store.FindPairingTicketAsync(PairingCode.HashToken(PairingCode.Normalize(view.Token)!), CancellationToken.None);

        Assert.NotNull(stored);
        Assert.Equal(PairingCode.HashPin(stored.Id, view.Pin), stored.PinHash);
        Assert.DoesNotContain(view.Pin, stored.PinHash, StringComparison.Ordinal);
        Assert.Equal(3, stored.RemainingTries);
        Assert.Equal(view.ExpiresAt, stored.ExpiresAt);
        Assert.Null(stored.ConsumedAt);
        Assert.Null(stored.ClosedAt);
    }

    [Fact]
    public async Task CreatePairing_AbsoluteApiPath_UsedAsGiven()
    {
        var (school, session) = await PairingSupport.MotherSignedInAsync(o => o.Devices.ApiPath = "https://api.example.pl/mobile/v1/");
        await using var _ = school;

        var view = await school.CreateTicketAsync(session);

        Assert.Equal(new Uri("https://api.example.pl/mobile/v1/"), view.ApiBaseUrl);
        Assert.Equal(view.ApiBaseUrl, PairingPayload.Parse(view.Payload).Value.ApiBaseUrl);
    }

    [Fact]
    public async Task CreatePairing_ConfiguredLifetime_SetsExpiry()
    {
        var (school, session) = await PairingSupport.MotherSignedInAsync(o => o.Devices.PairingLifetime = TimeSpan.FromMinutes(3));
        await using var _ = school;

        var view = await school.CreateTicketAsync(session);

        Assert.Equal(school.Time.GetUtcNow().AddMinutes(3), view.ExpiresAt);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("not-a-ticket")]
    public async Task CreatePairing_UnreadableSession_SessionStale(string? ticket)
    {
        await using var school = await TestSchool.CreateAsync();

        var created = await school.Devices().CreatePairingAsync(ticket);

        Assert.Equal(AccessErrorCodes.SessionStale, created.Error!.Code);
    }

    [Fact]
    public async Task CreatePairing_SignedOutSession_SessionSignedOut()
    {
        var (school, session) = await PairingSupport.MotherSignedInAsync();
        await using var _ = school;
        await school.Sessions.SignOutAsync(session);

        var created = await school.Devices().CreatePairingAsync(session);

        Assert.Equal(AccessErrorCodes.SessionSignedOut, created.Error!.Code);
    }

    [Fact]
    public async Task CreatePairing_DuringTechnicalBreak_MaintenanceActive_R10()
    {
        var (school, session) = await PairingSupport.MotherSignedInAsync();
        await using var _ = school;
        Assert.True((await school.StartMaintenanceAsync()).Succeeded);

        var created = await school.Devices().CreatePairingAsync(session);

        Assert.Equal(AccessErrorCodes.MaintenanceActive, created.Error!.Code);
        Assert.Equal("Aktualizacja", created.Argument("message"));
    }

    private static string? Decode(byte[] png)
    {
        using var image = Image.Load<L8>(png);
        var luminance = new byte[image.Width * image.Height];
        image.CopyPixelDataTo(luminance);
        var reader = new BarcodeReaderGeneric
        {
            AutoRotate = false,
            Options = new DecodingOptions { PossibleFormats = [BarcodeFormat.QR_CODE] },
        };
        return reader.Decode(new RGBLuminanceSource(luminance, image.Width, image.Height, RGBLuminanceSource.BitmapFormat.Gray8))?.Text;
    }
}
