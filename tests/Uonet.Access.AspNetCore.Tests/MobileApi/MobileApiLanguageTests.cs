using System.Net;
using System.Net.Http.Headers;
using Microsoft.Extensions.DependencyInjection;
using Uonet.Access.AspNetCore.Tests.Infrastructure;
using Uonet.Access.Devices;
using Uonet.Access.Localization;
using Uonet.Access.Mail;
using Uonet.Access.Maintenance;

namespace Uonet.Access.AspNetCore.Tests.MobileApi;

/// <summary>The mobile API answers in the language of the app's <c>Accept-Language</c>: Polish, English or Ukrainian.</summary>
public sealed class MobileApiLanguageTests : IAsyncLifetime
{
    private AccessHost _host = null!;

    public async Task InitializeAsync() => _host = await AccessHost.StartAsync();

    public async Task DisposeAsync() => await _host.DisposeAsync();

    [Theory]
    [InlineData("uk", "Запит не підписано.")]
    [InlineData("uk-UA", "Запит не підписано.")]
    [InlineData("de-DE, uk;q=0.5", "Запит не підписано.")]
    [InlineData("uk;q=0.4, en;q=0.8", "The request is not signed.")]
    [InlineData("pl", "Żądanie nie jest podpisane.")]
    [InlineData("de-DE", "Żądanie nie jest podpisane.")]
    public async Task UnsignedRequest_InTheAskedLanguage_AnswersInIt(string acceptLanguage, string message)
    {
        using var http = _host.Client();
        using var request = new HttpRequestMessage(HttpMethod.Get, "/gminawulkanowo/api/mobile/pupils");
        request.Headers.TryAddWithoutValidation("Accept-Language", acceptLanguage);

        var response = await http.SendAsync(request);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        var error = await ApiError.ReadAsync(response);
        Assert.Equal((AccessErrorCodes.SignatureMissing, message), (error.Code, error.Message));
    }

    [Fact]
    public async Task Register_WrongPinInUkrainian_SaysTheTriesLeftInUkrainianPluralForms()
    {
        using var phone = new Phone(UkrainianClient());
        var (ticket, _) = await PairingAsync();
        var wrong = ticket.Pin == "000000" ? "111111" : "000000";

        var first = await ApiError.ReadAsync(await phone.RegisterAsync(AccessHost.Symbol, ticket.Token, wrong));
        var second = await ApiError.ReadAsync(await phone.RegisterAsync(AccessHost.Symbol, ticket.Token, wrong));

        Assert.Equal("Неправильний PIN. Залишилося 2 спроби.", first.Message);
        Assert.Equal("Неправильний PIN. Залишилася 1 спроба.", second.Message);
    }

    [Fact]
    public async Task Register_FromAUkrainianPhone_SendsTheNewDeviceMailInUkrainian()
    {
        using var phone = new Phone(UkrainianClient());
        var (ticket, email) = await PairingAsync();

        var registered = await phone.RegisterAsync(AccessHost.Symbol, ticket.Token, ticket.Pin);
        await _host.Services.GetRequiredService<OutboxDispatcher>().DispatchPendingAsync();
        var mail = _host.Mail.Sent.Single(m => m.Kind == MailKind.NewDevice && m.To == email);

        Assert.Equal(HttpStatusCode.OK, registered.StatusCode);
        Assert.StartsWith("Новий мобільний пристрій у вашому обліковому записі – ", mail.Subject, StringComparison.Ordinal);
    }

    [Fact]
    public async Task MalformedBody_InUkrainian_DescribesThePackagesOwnCodeInUkrainian()
    {
        using var http = UkrainianClient();

        var response = await http.PostAsync(new Uri("/gminawulkanowo/api/mobile/register", UriKind.Relative), new StringContent("{", System.Text.Encoding.UTF8, "application/json"));

        var error = await ApiError.ReadAsync(response);
        Assert.Equal(("Request.Malformed", "Вміст запиту не є правильним JSON з очікуваними полями."), (error.Code, error.Message));
    }

    [Fact]
    public async Task ActiveBreak_MobileApiInUkrainian_AnswersTheRefusalInUkrainianWithThePolishMessage()
    {
        var started = await _host.Services.GetRequiredService<MaintenanceSchedule>().ScheduleAsync(AccessHost.Administrator, new MaintenanceRequest
        {
            MessagePolish = "Aktualizacja dziennika",
            MessageEnglish = "Register update",
            ExpectedEndAt = _host.Time.GetUtcNow().AddMinutes(10),
        });
        using var http = UkrainianClient();

        var response = await http.GetAsync(new Uri("/gminawulkanowo/api/mobile/pupils", UriKind.Relative));

        Assert.True(started.Succeeded, started.ToString());
        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.Equal("Тривають технічні роботи, спробуйте пізніше: Aktualizacja dziennika", (await ApiError.ReadAsync(response)).Message);
    }

    [Fact]
    public async Task HostTexts_OverrideOneMessage_TheMobileApiAnswersWithIt()
    {
        await using var host = await AccessHost.StartAsync(services: s => s.AddSingleton<AccessTextProvider, PhoneVoice>());
        using var http = host.Client();

        var response = await http.GetAsync(new Uri("/gminawulkanowo/api/mobile/pupils", UriKind.Relative));

        Assert.Equal(PhoneVoice.Unsigned, (await ApiError.ReadAsync(response)).Message);
    }

    private HttpClient UkrainianClient()
    {
        var http = _host.Client();
        http.DefaultRequestHeaders.AcceptLanguage.Add(new StringWithQualityHeaderValue("uk-UA"));
        return http;
    }

    private async Task<(PairingTicketView Ticket, string Email)> PairingAsync()
    {
        var (email, _) = await _host.AddFamilyAsync();
        var session = await _host.SignInAsync(email);
        var pairing = await _host.Services.GetRequiredService<MobileDevices>().CreatePairingAsync(session);
        Assert.True(pairing.Succeeded, pairing.ToString());
        return (pairing.Value, email);
    }

    private sealed class PhoneVoice : AccessTextProvider
    {
        public const string Unsigned = "Aplikacja wysłała niepodpisane żądanie: zaktualizuj ją.";

        public override string? CodeText(string code, System.Globalization.CultureInfo culture) =>
            code == AccessErrorCodes.SignatureMissing ? Unsigned : base.CodeText(code, culture);
    }
}
