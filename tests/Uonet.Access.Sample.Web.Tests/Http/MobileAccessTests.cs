using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Uonet.Access.Devices;
using Uonet.Access.Records;
using Uonet.Access.Sample.DemoData;
using Uonet.Access.Sample.Web.Tests.Infrastructure;

namespace Uonet.Access.Sample.Web.Tests.Http;

/// <summary>Dostęp mobilny (R7) end to end: the pairing page, registration through the JSON API, signed requests (R8), revocation (R9).</summary>
public sealed class MobileAccessTests(PortalFactory factory) : IClassFixture<PortalFactory>
{

    [Fact]
    public async Task PairingPage_ShowsTokenSymbolPinAndAQrCodeThatDecodesToThePayloadWithoutThePin_R7()
    {
        using var family = await Families.SignedInAsync(factory);
        var (browser, email, _) = family;

        var pairing = await Pairing.CreateAsync(browser);
        var payload = QrCodes.Decode(pairing.QrPng);

        Assert.Equal("gminawulkanowo", pairing.Symbol);
        Assert.Matches("^[0-9]{6}$", pairing.Pin);
        Assert.Equal(
            $"uonet-access://pair?v=1&api={Uri.EscapeDataString("http://localhost/gminawulkanowo/api/mobile/")}&symbol=gminawulkanowo&token={pairing.Token.Replace("-", "", StringComparison.Ordinal)}",
            payload);
        Assert.DoesNotContain(pairing.Pin, payload, StringComparison.Ordinal);
        Assert.Equal("http://localhost/gminawulkanowo/api/mobile/", pairing.ApiAddress);
        Assert.Equal("no-referrer", Assert.Single(browser.Last!.Headers.GetValues("Referrer-Policy")));
        Assert.Contains("<script src=\"/js/countdown.js\"", browser.Html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Register_WithTheTicketOfThePage_AnswersTheChildrenAndSignedRequestsSeeThem_R7_R8()
    {
        using var hand = await PairingAtHandAsync();
        var (browser, pairing, phone, record) = (hand.Family.Browser, hand.Pairing, hand.Phone, hand.Family.Record);

        var registered = await phone.RegisterAsync(pairing.Symbol, pairing.Token.ToLowerInvariant(), pairing.Pin);
        using var body = JsonDocument.Parse(await registered.Content.ReadAsStringAsync());
        using var pupils = await phone.SendAsync(phone.Signed("/gminawulkanowo/api/mobile/pupils", factory.Time.GetUtcNow()));
        using var pupilsBody = JsonDocument.Parse(await pupils.Content.ReadAsStringAsync());
        using var one = await phone.SendAsync(phone.Signed($"/gminawulkanowo/api/mobile/pupils/{record.Id}", factory.Time.GetUtcNow()));
        await browser.GetAsync("/gminawulkanowo/dostep-mobilny");

        Assert.Equal(HttpStatusCode.OK, registered.StatusCode);
        var pupil = Assert.Single(body.RootElement.GetProperty("pupils").EnumerateArray());
        Assert.Equal(record.Id, pupil.GetProperty("studentId").GetGuid());
        Assert.Equal("Zuzia", pupil.GetProperty("firstName").GetString());
        Assert.Equal("SP1", pupil.GetProperty("unit").GetString());
        Assert.Equal("4A", pupil.GetProperty("class").GetString());
        Assert.Equal("gminawulkanowo", pupil.GetProperty("instance").GetString());
        Assert.Equal("mother", pupil.GetProperty("relation").GetString());
        Assert.Equal(HttpStatusCode.OK, pupils.StatusCode);
        Assert.Equal(record.Id, Assert.Single(pupilsBody.RootElement.GetProperty("pupils").EnumerateArray()).GetProperty("studentId").GetGuid());
        Assert.Equal(HttpStatusCode.OK, one.StatusCode);
        Assert.Contains("Telefon Anny", browser.Text("devices"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Register_WithWrongPins_Answers403WithTriesLeft_ThenTheTicketIsGone()
    {
        using var hand = await PairingAtHandAsync();
        var (browser, pairing, phone) = (hand.Family.Browser, hand.Pairing, hand.Phone);
        var wrong = pairing.Pin == "000000" ? "111111" : "000000";

        var answers = new List<(HttpStatusCode, string, string?)>();
        for (var i = 0; i < 3; i++)
        {
            var response = await phone.RegisterAsync(pairing.Symbol, pairing.Token, wrong);
            var error = await ErrorAsync(response);
            answers.Add((response.StatusCode, error.Code, error.Arguments.GetValueOrDefault("remainingTries")));
        }

        var afterwards = await phone.RegisterAsync(pairing.Symbol, pairing.Token, pairing.Pin);

        Assert.Equal([(HttpStatusCode.Forbidden, "Pairing.WrongPin", "2"), (HttpStatusCode.Forbidden, "Pairing.WrongPin", "1"), (HttpStatusCode.Forbidden, "Pairing.WrongPin", "0")], answers);
        Assert.Equal(HttpStatusCode.Gone, afterwards.StatusCode);
        Assert.Equal(AccessErrorCodes.PairingClosed, (await ErrorAsync(afterwards)).Code);
    }

    [Fact]
    public async Task Register_AfterTheTicketExpired_Answers410()
    {
        using var hand = await PairingAtHandAsync();
        var (browser, pairing, phone) = (hand.Family.Browser, hand.Pairing, hand.Phone);

        factory.Time.Advance(TimeSpan.FromMinutes(11));
        var response = await phone.RegisterAsync(pairing.Symbol, pairing.Token, pairing.Pin);

        Assert.Equal(HttpStatusCode.Gone, response.StatusCode);
        Assert.Equal(AccessErrorCodes.PairingExpired, (await ErrorAsync(response)).Code);
    }

    [Fact]
    public async Task Register_TheSameTicketTwice_Answers410ForTheSecond()
    {
        using var hand = await PairingAtHandAsync();
        var (browser, pairing, phone) = (hand.Family.Browser, hand.Pairing, hand.Phone);
        using var other = new Phone(factory.CreateClient());

        await phone.RegisterAsync(pairing.Symbol, pairing.Token, pairing.Pin);
        var second = await other.RegisterAsync(pairing.Symbol, pairing.Token, pairing.Pin);

        Assert.Equal(HttpStatusCode.Gone, second.StatusCode);
        Assert.Equal(AccessErrorCodes.PairingAlreadyUsed, (await ErrorAsync(second)).Code);
    }

    [Theory]
    [InlineData("{", "Request.Malformed", null)]
    [InlineData("[1,2,3]", "Request.Malformed", null)]
    [InlineData("{\"token\":12345678,\"pin\":\"123456\",\"deviceName\":\"x\",\"publicKey\":\"AAAA\"}", "Request.Malformed", null)]
    [InlineData("{\"pin\":\"123456\",\"deviceName\":\"x\",\"publicKey\":\"AAAA\"}", "Field.Required", "token")]
    [InlineData("{\"token\":\"ABCD2345\",\"pin\":\"123456\",\"publicKey\":\"AAAA\"}", "Field.Required", "deviceName")]
    [InlineData("{\"token\":\"ABCD2345\",\"pin\":\"123456\",\"deviceName\":\"x\"}", "Field.Required", "publicKey")]
    [InlineData("{\"token\":\"ABCD2345\",\"pin\":\"123456\",\"deviceName\":\"x\",\"publicKey\":\"not base64!\"}", "Pairing.KeyRefused", "publicKey")]
    public async Task Register_WithMalformedBody_Answers400WithTheFieldAndStoresNothing(string json, string code, string? field)
    {
        using var http = factory.CreateClient();
        using var content = new StringContent(json, Encoding.UTF8, "application/json");

        var response = await http.PostAsync(new Uri("/gminawulkanowo/api/mobile/register", UriKind.Relative), content);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var error = await ErrorAsync(response);
        Assert.Equal(code, error.Code);
        Assert.Equal(field, error.Field);
        Assert.False(string.IsNullOrWhiteSpace(error.Message));
    }

    [Fact]
    public async Task Register_WithAKeyThatIsNoDeviceKey_Answers400AndCostsNoPinTry()
    {
        using var hand = await PairingAtHandAsync();
        var (browser, pairing, phone) = (hand.Family.Browser, hand.Pairing, hand.Phone);
        using var http = factory.CreateClient();

        var refused = await http.PostAsJsonAsync(new Uri("/gminawulkanowo/api/mobile/register", UriKind.Relative), new { token = pairing.Token, pin = pairing.Pin, deviceName = "Telefon", publicKey = Convert.ToBase64String(new byte[91]) });
        var tooLongName = await http.PostAsJsonAsync(new Uri("/gminawulkanowo/api/mobile/register", UriKind.Relative), new { token = pairing.Token, pin = pairing.Pin, deviceName = new string('x', 101), publicKey = Convert.ToBase64String(phone.PublicKey) });
        var accepted = await phone.RegisterAsync(pairing.Symbol, pairing.Token, pairing.Pin);

        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.Equal(AccessErrorCodes.PairingKeyRefused, (await ErrorAsync(refused)).Code);
        Assert.Equal(HttpStatusCode.BadRequest, tooLongName.StatusCode);
        var nameError = await ErrorAsync(tooLongName);
        Assert.Equal((AccessErrorCodes.FieldTooLong, "deviceName"), (nameError.Code, nameError.Field));
        Assert.Equal(HttpStatusCode.OK, accepted.StatusCode);
    }

    [Fact]
    public async Task Register_WithOversizedBody_Answers413()
    {
        using var http = factory.CreateClient();
        using var content = new StringContent("{\"token\":\"" + new string('A', 20_000) + "\"}", Encoding.UTF8, "application/json");

        var response = await http.PostAsync(new Uri("/gminawulkanowo/api/mobile/register", UriKind.Relative), content);

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Equal("Request.TooLarge", (await ErrorAsync(response)).Code);
    }

    [Fact]
    public async Task Register_WithJsonUnderAnotherContentType_Answers415AndLeavesTheTicketUsable_R7()
    {
        string?[] contentTypes = ["text/plain; charset=utf-8", "application/x-www-form-urlencoded", "application/jsonp", "application/json-patch+json", "json", null];
        using var hand = await PairingAtHandAsync();
        var (pairing, phone) = (hand.Pairing, hand.Phone);
        using var http = factory.CreateClient();
        using var inEnglish = new HttpRequestMessage(HttpMethod.Post, new Uri("/gminawulkanowo/api/mobile/register", UriKind.Relative))
        {
            Content = new StringContent("{}", Encoding.UTF8, "text/plain"),
            Headers = { { "Accept-Language", "en" } },
        };

        var refused = new List<(string? ContentType, HttpStatusCode Status, ApiError Error)>();
        foreach (var contentType in contentTypes)
        {
            using var content = new ByteArrayContent(RegistrationJson(pairing, phone));
            if (contentType is not null)
            {
                content.Headers.TryAddWithoutValidation("Content-Type", contentType);
            }

            using var response = await http.PostAsync(new Uri("/gminawulkanowo/api/mobile/register", UriKind.Relative), content);
            refused.Add((contentType, response.StatusCode, await ErrorAsync(response)));
        }

        var english = await http.SendAsync(inEnglish);
        var accepted = await phone.RegisterAsync(pairing.Symbol, pairing.Token, pairing.Pin);

        Assert.All(refused, answer =>
        {
            Assert.Equal((answer.ContentType, HttpStatusCode.UnsupportedMediaType, "Request.UnsupportedMediaType"), (answer.ContentType, answer.Status, answer.Error.Code));
            Assert.Contains("application/json", answer.Error.Message, StringComparison.Ordinal);
            Assert.Contains("Treść", answer.Error.Message, StringComparison.Ordinal);
        });
        Assert.Equal(HttpStatusCode.UnsupportedMediaType, english.StatusCode);
        Assert.StartsWith("The request body", (await ErrorAsync(english)).Message, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, accepted.StatusCode);
    }

    [Fact]
    public async Task Register_WithJsonInAnySpellingOfItsMediaType_Registers_R7()
    {
        string[] contentTypes = ["application/json", "Application/JSON; charset=UTF-8", "application/json;charset=utf-8"];
        using var family = await Families.SignedInAsync(factory);
        using var http = factory.CreateClient();

        var statuses = new List<(string ContentType, HttpStatusCode Status)>();
        foreach (var contentType in contentTypes)
        {
            var pairing = await Pairing.CreateAsync(family.Browser);
            using var phone = new Phone(factory.CreateClient());
            using var content = new ByteArrayContent(RegistrationJson(pairing, phone));
            content.Headers.TryAddWithoutValidation("Content-Type", contentType);
            using var response = await http.PostAsync(new Uri("/gminawulkanowo/api/mobile/register", UriKind.Relative), content);
            statuses.Add((contentType, response.StatusCode));
        }

        Assert.All(statuses, answer => Assert.Equal((answer.ContentType, HttpStatusCode.OK), answer));
    }

    [Theory]
    [InlineData("/gminawulkanowo/api/mobile/register", HttpStatusCode.NotFound, "Pairing.TokenUnknown")]
    [InlineData("/nieznanygmina/api/mobile/register", HttpStatusCode.NotFound, "Instance.NotFound")]
    [InlineData("/..%2F..%2Fetc/api/mobile/register", HttpStatusCode.NotFound, "Instance.NotFound")]
    [InlineData("/powiatwulkanowy/api/mobile/register", HttpStatusCode.NotFound, "Pairing.TokenUnknown")]
    public async Task Register_WithUnknownTokenOrSymbol_Answers404(string path, HttpStatusCode status, string code)
    {
        using var http = factory.CreateClient();
        using var phone = new Phone(http);

        var response = await http.PostAsJsonAsync(new Uri(path, UriKind.Relative), new { token = "ABCD-2345", pin = "123456", deviceName = "Telefon", publicKey = Convert.ToBase64String(phone.PublicKey) });

        Assert.Equal(status, response.StatusCode);
        Assert.Equal(code, (await ErrorAsync(response)).Code);
    }

    [Fact]
    public async Task Register_WithTheTokenAtAnotherSymbol_Answers404WrongSymbol_R6()
    {
        using var hand = await PairingAtHandAsync();
        var (browser, pairing, phone) = (hand.Family.Browser, hand.Pairing, hand.Phone);

        var response = await phone.RegisterAsync("powiatwulkanowy", pairing.Token, pairing.Pin);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal(AccessErrorCodes.PairingWrongSymbol, (await ErrorAsync(response)).Code);
    }

    [Fact]
    public async Task SignedRequests_Unsigned_Tampered_Replayed_OrLate_Answer401WithTheirCodes()
    {
        using var registered = await RegisteredPhoneAsync();
        var phone = registered.Phone;
        var now = factory.Time.GetUtcNow();
        using var http = factory.CreateClient();

        var unsigned = await http.GetAsync(new Uri("/gminawulkanowo/api/mobile/pupils", UriKind.Relative));
        using var tampered = phone.Signed("/gminawulkanowo/api/mobile/pupils", now);
        var signature = tampered.Headers.GetValues("Signature").Single();
        tampered.Headers.Remove("Signature");
        tampered.Headers.TryAddWithoutValidation("Signature", signature[..10] + (signature[10] == 'A' ? 'B' : 'A') + signature[11..]);
        var forged = await phone.SendAsync(tampered);
        using var original = phone.Signed("/gminawulkanowo/api/mobile/pupils", now);
        var first = await phone.SendAsync(original);
        using var copy = new HttpRequestMessage(HttpMethod.Get, original.RequestUri);
        foreach (var header in original.Headers)
        {
            copy.Headers.TryAddWithoutValidation(header.Key, header.Value);
        }

        var replayed = await phone.SendAsync(copy);
        var late = await phone.SendAsync(phone.Signed("/gminawulkanowo/api/mobile/pupils", now.AddMinutes(-10)));
        var elsewhere = await phone.SendAsync(phone.Signed("/powiatwulkanowy/api/mobile/pupils", now));

        Assert.Equal((HttpStatusCode.Unauthorized, AccessErrorCodes.SignatureMissing), (unsigned.StatusCode, (await ErrorAsync(unsigned)).Code));
        Assert.Equal((HttpStatusCode.Unauthorized, AccessErrorCodes.SignatureInvalid), (forged.StatusCode, (await ErrorAsync(forged)).Code));
        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal((HttpStatusCode.Unauthorized, AccessErrorCodes.SignatureReplayed), (replayed.StatusCode, (await ErrorAsync(replayed)).Code));
        Assert.Equal((HttpStatusCode.Unauthorized, AccessErrorCodes.SignatureClockSkew), (late.StatusCode, (await ErrorAsync(late)).Code));
        Assert.Equal((HttpStatusCode.Unauthorized, AccessErrorCodes.DeviceNotFound), (elsewhere.StatusCode, (await ErrorAsync(elsewhere)).Code));
    }

    [Fact]
    public async Task SignedRequest_WithMalformedSignatureHeaders_Answers400()
    {
        using var http = factory.CreateClient();
        using var request = new HttpRequestMessage(HttpMethod.Get, "/gminawulkanowo/api/mobile/pupils");
        request.Headers.TryAddWithoutValidation("Signature-Input", "sig1=(\"@method\";created=oops");
        request.Headers.TryAddWithoutValidation("Signature", "sig1=:!!:");

        var response = await http.SendAsync(request);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(AccessErrorCodes.SignatureMalformed, (await ErrorAsync(response)).Code);
    }

    [Fact]
    public async Task SignedRequest_ForAChildTheAccountDoesNotSee_Answers404()
    {
        using var registered = await RegisteredPhoneAsync();
        var phone = registered.Phone;
        var (_, stranger) = await Families.AddAsync(factory);

        var response = await phone.SendAsync(phone.Signed($"/gminawulkanowo/api/mobile/pupils/{stranger.Id}", factory.Time.GetUtcNow()));

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal(AccessErrorCodes.StudentNotFound, (await ErrorAsync(response)).Code);
    }

    [Fact]
    public async Task Wyrejestruj_OnThePage_RevokesThePhone_WhichIsToldWhyInEnglishWhenAsked()
    {
        using var hand = await PairingAtHandAsync();
        var (browser, pairing, phone) = (hand.Family.Browser, hand.Pairing, hand.Phone);
        await phone.RegisterAsync(pairing.Symbol, pairing.Token, pairing.Pin);

        await browser.SubmitAsync("/gminawulkanowo/dostep-mobilny", new Dictionary<string, string> { ["deviceId"] = phone.DeviceId.ToString() }, "/gminawulkanowo/dostep-mobilny?handler=Revoke");
        var polish = await phone.SendAsync(phone.Signed("/gminawulkanowo/api/mobile/pupils", factory.Time.GetUtcNow()));
        var english = await phone.SendAsync(phone.Signed("/gminawulkanowo/api/mobile/pupils", factory.Time.GetUtcNow().AddSeconds(1), "en"));

        Assert.NotNull(browser.Text("revoked"));
        Assert.Equal(HttpStatusCode.Unauthorized, polish.StatusCode);
        var polishError = await ErrorAsync(polish);
        var englishError = await ErrorAsync(english);
        Assert.Equal((AccessErrorCodes.DeviceRevoked, "RevokedByUser"), (polishError.Code, polishError.Arguments["reason"]));
        Assert.Equal(AccessErrorCodes.DeviceRevoked, englishError.Code);
        Assert.NotEqual(polishError.Message, englishError.Message);
    }

    [Fact]
    public async Task Wyrejestruj_ADeviceOfAnotherAccount_ChangesNothing()
    {
        using var registered = await RegisteredPhoneAsync();
        var phone = registered.Phone;
        using var strangerFamily = await Families.SignedInAsync(factory);
        var stranger = strangerFamily.Browser;

        var refused = await stranger.SubmitAsync("/gminawulkanowo/dostep-mobilny", new Dictionary<string, string> { ["deviceId"] = phone.DeviceId.ToString() }, "/gminawulkanowo/dostep-mobilny?handler=Revoke");
        var response = await phone.SendAsync(phone.Signed("/gminawulkanowo/api/mobile/pupils", factory.Time.GetUtcNow()));

        Assert.Equal(HttpStatusCode.NotFound, refused.StatusCode);
        Assert.Equal([AccessErrorCodes.DeviceNotFound], stranger.ErrorCodes());
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task GuardianEmailChangedByTheSchool_RevokesThePhoneWithReasonEmailChanged_R9()
    {
        using var hand = await PairingAtHandAsync();
        var (email, pairing, phone) = (hand.Family.Email, hand.Pairing, hand.Phone);
        await phone.RegisterAsync(pairing.Symbol, pairing.Token, pairing.Pin);

        var changed = await factory.Services.GetRequiredService<GuardianEmailChange>().ApplyAsync(DemoDataset.SecretarySp1, email, "nowy." + email);
        var response = await phone.SendAsync(phone.Signed("/gminawulkanowo/api/mobile/pupils", factory.Time.GetUtcNow()));

        Assert.True(changed.Succeeded);
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        var error = await ErrorAsync(response);
        Assert.Equal((AccessErrorCodes.DeviceRevoked, "EmailChanged"), (error.Code, error.Arguments["reason"]));
    }

    [Fact]
    public async Task PairingPage_ForAStaffMemberWithoutChildren_ShowsTheLibraryRefusal()
    {
        using var browser = new PortalBrowser(factory);
        await browser.FirstLoginAsync(DemoDataset.SecretarySp2.Email, Families.Password);

        await browser.SubmitAsync("/gminawulkanowo/dostep-mobilny", new Dictionary<string, string>(), "/gminawulkanowo/dostep-mobilny?handler=Pair");

        Assert.Equal([AccessErrorCodes.PairingNoPupils], browser.ErrorCodes());
        Assert.DoesNotContain("id=\"pairing-qr\"", browser.Html, StringComparison.Ordinal);
    }

    private async Task<PairingAtHand> RegisteredPhoneAsync()
    {
        var hand = await PairingAtHandAsync();
        Assert.Equal(HttpStatusCode.OK, (await hand.Phone.RegisterAsync(hand.Pairing.Symbol, hand.Pairing.Token, hand.Pairing.Pin)).StatusCode);
        return hand;
    }

    private static byte[] RegistrationJson(Pairing pairing, Phone phone) => JsonSerializer.SerializeToUtf8Bytes(new
    {
        token = pairing.Token,
        pin = pairing.Pin,
        deviceName = "Telefon",
        publicKey = Convert.ToBase64String(phone.PublicKey),
    });

    /// <summary>A signed-in family with a fresh pairing ticket from the page, and a phone that has not registered yet.</summary>
    private async Task<PairingAtHand> PairingAtHandAsync()
    {
        var family = await Families.SignedInAsync(factory);
        return new PairingAtHand(family, await Pairing.CreateAsync(family.Browser), new Phone(factory.CreateClient()));
    }

    private sealed record PairingAtHand(SignedInFamily Family, Pairing Pairing, Phone Phone) : IDisposable
    {
        public void Dispose()
        {
            Phone.Dispose();
            Family.Dispose();
        }
    }

    internal static async Task<ApiError> ErrorAsync(HttpResponseMessage response)
    {
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        var error = await response.Content.ReadFromJsonAsync<ApiError>(new JsonSerializerOptions(JsonSerializerDefaults.Web));
        Assert.NotNull(error);
        return error!;
    }

    internal sealed record ApiError(string Code, string Message, string? Field, Dictionary<string, string> Arguments);
}
