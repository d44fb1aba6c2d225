using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Uonet.Access.AspNetCore.Tests.Infrastructure;
using Uonet.Access.Devices;
using Uonet.Access.Records;

namespace Uonet.Access.AspNetCore.Tests.MobileApi;

/// <summary>The mobile API of <c>MapUonetMobileApi</c> (R7, R8, R9): the contract of the portal's API, kept for existing phones.</summary>
public sealed class MobileApiTests : IAsyncLifetime
{
    private AccessHost _host = null!;

    public async Task InitializeAsync() => _host = await AccessHost.StartAsync();

    public async Task DisposeAsync() => await _host.DisposeAsync();

    [Fact]
    public async Task Register_WithTheTicket_AnswersTheChildrenAndSignedRequestsSeeThem_R7_R8()
    {
        var (hand, record) = await PairingAtHandAsync();
        using var phone = hand.Phone;

        var registered = await phone.RegisterAsync(AccessHost.Symbol, hand.Ticket.Token.ToLowerInvariant(), hand.Ticket.Pin);
        using var body = JsonDocument.Parse(await registered.Content.ReadAsStringAsync());
        using var pupils = await phone.SendAsync(phone.Signed("/gminawulkanowo/api/mobile/pupils", _host.Time.GetUtcNow()));
        using var pupilsBody = JsonDocument.Parse(await pupils.Content.ReadAsStringAsync());
        using var one = await phone.SendAsync(phone.Signed($"/gminawulkanowo/api/mobile/pupils/{record.Id}", _host.Time.GetUtcNow()));
        using var oneBody = JsonDocument.Parse(await one.Content.ReadAsStringAsync());

        Assert.Equal(HttpStatusCode.OK, registered.StatusCode);
        Assert.Equal(phone.DeviceId, body.RootElement.GetProperty("deviceId").GetGuid());
        var pupil = Assert.Single(body.RootElement.GetProperty("pupils").EnumerateArray());
        Assert.Equal(record.Id, pupil.GetProperty("studentId").GetGuid());
        Assert.Equal(("Zuzia", "Testowa", "SP1", "Szkoła Podstawowa nr 1"), (pupil.GetProperty("firstName").GetString(), pupil.GetProperty("lastName").GetString(), pupil.GetProperty("unit").GetString(), pupil.GetProperty("unitName").GetString()));
        Assert.Equal(("4A", "gminawulkanowo", "mother"), (pupil.GetProperty("class").GetString(), pupil.GetProperty("instance").GetString(), pupil.GetProperty("relation").GetString()));
        Assert.Equal(HttpStatusCode.OK, pupils.StatusCode);
        Assert.Equal(record.Id, Assert.Single(pupilsBody.RootElement.GetProperty("pupils").EnumerateArray()).GetProperty("studentId").GetGuid());
        Assert.Equal(HttpStatusCode.OK, one.StatusCode);
        Assert.Equal(record.Id, oneBody.RootElement.GetProperty("studentId").GetGuid());
    }

    [Fact]
    public async Task Register_WithWrongPins_Answers403WithTriesLeft_ThenTheTicketIsGone410()
    {
        var (hand, _) = await PairingAtHandAsync();
        using var phone = hand.Phone;
        var wrong = hand.Ticket.Pin == "000000" ? "111111" : "000000";

        var answers = new List<(HttpStatusCode, string, string?)>();
        for (var i = 0; i < 3; i++)
        {
            var response = await phone.RegisterAsync(AccessHost.Symbol, hand.Ticket.Token, wrong);
            var error = await ApiError.ReadAsync(response);
            answers.Add((response.StatusCode, error.Code, error.Arguments.GetValueOrDefault("remainingTries")));
        }

        var afterwards = await phone.RegisterAsync(AccessHost.Symbol, hand.Ticket.Token, hand.Ticket.Pin);

        Assert.Equal([(HttpStatusCode.Forbidden, "Pairing.WrongPin", "2"), (HttpStatusCode.Forbidden, "Pairing.WrongPin", "1"), (HttpStatusCode.Forbidden, "Pairing.WrongPin", "0")], answers);
        Assert.Equal((HttpStatusCode.Gone, AccessErrorCodes.PairingClosed), (afterwards.StatusCode, (await ApiError.ReadAsync(afterwards)).Code));
    }

    [Fact]
    public async Task Register_AfterTheTicketExpired_Answers410()
    {
        var (hand, _) = await PairingAtHandAsync();
        using var phone = hand.Phone;

        _host.Time.Advance(TimeSpan.FromMinutes(11));
        var response = await phone.RegisterAsync(AccessHost.Symbol, hand.Ticket.Token, hand.Ticket.Pin);

        Assert.Equal((HttpStatusCode.Gone, AccessErrorCodes.PairingExpired), (response.StatusCode, (await ApiError.ReadAsync(response)).Code));
    }

    [Fact]
    public async Task Register_TheSameTicketTwice_Answers410ForTheSecond()
    {
        var (hand, _) = await PairingAtHandAsync();
        using var phone = hand.Phone;
        using var other = new Phone(_host.Client());

        await phone.RegisterAsync(AccessHost.Symbol, hand.Ticket.Token, hand.Ticket.Pin);
        var second = await other.RegisterAsync(AccessHost.Symbol, hand.Ticket.Token, hand.Ticket.Pin);

        Assert.Equal((HttpStatusCode.Gone, AccessErrorCodes.PairingAlreadyUsed), (second.StatusCode, (await ApiError.ReadAsync(second)).Code));
    }

    [Theory]
    [InlineData("{", "Request.Malformed", null)]
    [InlineData("[1,2,3]", "Request.Malformed", null)]
    [InlineData("null", "Request.Malformed", null)]
    [InlineData("", "Request.Malformed", null)]
    [InlineData("{\"token\":12345678,\"pin\":\"123456\",\"deviceName\":\"x\",\"publicKey\":\"AAAA\"}", "Request.Malformed", null)]
    [InlineData("{\"pin\":\"123456\",\"deviceName\":\"x\",\"publicKey\":\"AAAA\"}", "Field.Required", "token")]
    [InlineData("{\"token\":\"ABCD2345\",\"pin\":\"123456\",\"publicKey\":\"AAAA\"}", "Field.Required", "deviceName")]
    [InlineData("{\"token\":\"ABCD2345\",\"pin\":\"123456\",\"deviceName\":\"x\"}", "Field.Required", "publicKey")]
    [InlineData("{\"token\":\"ABCD2345\",\"pin\":\"123456\",\"deviceName\":\"x\",\"publicKey\":\"not base64!\"}", "Pairing.KeyRefused", "publicKey")]
    public async Task Register_WithMalformedBody_Answers400WithTheField(string json, string code, string? field)
    {
        using var http = _host.Client();
        using var content = new StringContent(json, Encoding.UTF8, "application/json");

        var response = await http.PostAsync(new Uri("/gminawulkanowo/api/mobile/register", UriKind.Relative), content);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var error = await ApiError.ReadAsync(response);
        Assert.Equal((code, field), (error.Code, error.Field));
    }

    [Fact]
    public async Task Register_WithHostileBodies_Refused4xxAndTheTicketStillRegisters_R7()
    {
        var (hand, _) = await PairingAtHandAsync();
        using var phone = hand.Phone;
        using var http = _host.Client();
        string[] hostile =
        [
            string.Concat(Enumerable.Repeat("[", 5_000)) + string.Concat(Enumerable.Repeat("]", 5_000)),
            $"{{\"token\":\"{hand.Ticket.Token}\",\"pin\":\"{hand.Ticket.Pin}\",\"deviceName\":\"x\",\"publicKey\":\"AAAA\",\"extra\":" + new string('[', 200) + new string(']', 200) + "}",
            $"{{\"token\":\"{hand.Ticket.Token}\",\"pin\":\"{hand.Ticket.Pin}\",\"deviceName\":\"x\",\"publicKey\":\"\\u00\"}}",
            $"{{\"token\":\"{hand.Ticket.Token}\",\"pin\":\"{hand.Ticket.Pin}\",\"deviceName\":\"" + new string('x', 15_000) + "\",\"publicKey\":\"AAAA\"}",
        ];

        var statuses = new List<HttpStatusCode>();
        foreach (var body in hostile)
        {
            using var content = new StringContent(body, Encoding.UTF8, "application/json");
            var response = await http.PostAsync(new Uri("/gminawulkanowo/api/mobile/register", UriKind.Relative), content);
            await ApiError.ReadAsync(response);
            statuses.Add(response.StatusCode);
        }

        var genuine = await phone.RegisterAsync(AccessHost.Symbol, hand.Ticket.Token, hand.Ticket.Pin);

        Assert.All(statuses, status => Assert.Equal(HttpStatusCode.BadRequest, status));
        Assert.Equal(HttpStatusCode.OK, genuine.StatusCode);
    }

    [Theory]
    [InlineData("application/xml", "<register><token>ABCD2345</token></register>")]
    [InlineData("application/x-www-form-urlencoded", "token=ABCD2345&pin=123456&deviceName=x&publicKey=AAAA")]
    [InlineData("multipart/form-data; boundary=b", "--b\r\nContent-Disposition: form-data; name=\"token\"\r\n\r\nABCD2345\r\n--b--")]
    [InlineData("text/plain", "{\"token\":\"ABCD2345\",\"pin\":\"123456\",\"deviceName\":\"x\",\"publicKey\":\"AAAA\"}")]
    [InlineData("application/json; charset=iso-8859-2", "{\"token\":\"ABCD2345\",\"pin\":\"123456\",\"deviceName\":\"x\",\"publicKey\":\"AAAA\"}")]
    [InlineData(null, "{\"token\":\"ABCD2345\",\"pin\":\"123456\",\"deviceName\":\"x\",\"publicKey\":\"AAAA\"}")]
    public async Task Register_WithAnotherContentType_Answers415(string? contentType, string body)
    {
        using var http = _host.Client();
        using var content = new ByteArrayContent(Encoding.UTF8.GetBytes(body));
        if (contentType is not null)
        {
            content.Headers.TryAddWithoutValidation("Content-Type", contentType);
        }

        var response = await http.PostAsync(new Uri("/gminawulkanowo/api/mobile/register", UriKind.Relative), content);

        Assert.Equal(HttpStatusCode.UnsupportedMediaType, response.StatusCode);
        Assert.Equal("Request.UnsupportedMediaType", (await ApiError.ReadAsync(response)).Code);
    }

    [Fact]
    public async Task Register_WithAKeyThatIsNoDeviceKeyOrATooLongName_Answers400AndCostsNoPinTry()
    {
        var (hand, _) = await PairingAtHandAsync();
        using var phone = hand.Phone;
        using var http = _host.Client();

        var refused = await http.PostAsJsonAsync(new Uri("/gminawulkanowo/api/mobile/register", UriKind.Relative), new { token = hand.Ticket.Token, pin = hand.Ticket.Pin, deviceName = "Telefon", publicKey = Convert.ToBase64String(new byte[91]) });
        var tooLongName = await http.PostAsJsonAsync(new Uri("/gminawulkanowo/api/mobile/register", UriKind.Relative), new { token = hand.Ticket.Token, pin = hand.Ticket.Pin, deviceName = new string('x', 101), publicKey = Convert.ToBase64String(phone.PublicKey) });
        var accepted = await phone.RegisterAsync(AccessHost.Symbol, hand.Ticket.Token, hand.Ticket.Pin);

        Assert.Equal((HttpStatusCode.BadRequest, AccessErrorCodes.PairingKeyRefused), (refused.StatusCode, (await ApiError.ReadAsync(refused)).Code));
        var nameError = await ApiError.ReadAsync(tooLongName);
        Assert.Equal((HttpStatusCode.BadRequest, AccessErrorCodes.FieldTooLong, "deviceName"), (tooLongName.StatusCode, nameError.Code, nameError.Field));
        Assert.Equal(HttpStatusCode.OK, accepted.StatusCode);
    }

    [Fact]
    public async Task Register_WithOversizedBody_Answers413()
    {
        using var http = _host.Client();
        using var content = new StringContent("{\"token\":\"" + new string('A', 20_000) + "\"}", Encoding.UTF8, "application/json");

        var response = await http.PostAsync(new Uri("/gminawulkanowo/api/mobile/register", UriKind.Relative), content);

        Assert.Equal((HttpStatusCode.RequestEntityTooLarge, "Request.TooLarge"), (response.StatusCode, (await ApiError.ReadAsync(response)).Code));
    }

    [Fact]
    public async Task Register_WithOversizedBodyWithoutContentLength_Answers413()
    {
        using var http = _host.Client();
        using var content = new StreamContent(new ChunkedStream(Encoding.UTF8.GetBytes("{\"token\":\"" + new string('A', 40_000) + "\"}")));
        content.Headers.TryAddWithoutValidation("Content-Type", "application/json");

        var response = await http.PostAsync(new Uri("/gminawulkanowo/api/mobile/register", UriKind.Relative), content);

        Assert.Null(content.Headers.ContentLength);
        Assert.Equal((HttpStatusCode.RequestEntityTooLarge, "Request.TooLarge"), (response.StatusCode, (await ApiError.ReadAsync(response)).Code));
    }

    [Theory]
    [InlineData("/gminawulkanowo/api/mobile/register", "Pairing.TokenUnknown")]
    [InlineData("/nieznanygmina/api/mobile/register", "Instance.NotFound")]
    [InlineData("/..%2F..%2Fetc/api/mobile/register", "Instance.NotFound")]
    [InlineData("/%EF%BD%87minawulkanowo/api/mobile/register", "Instance.NotFound")]
    [InlineData("/powiatwulkanowy/api/mobile/register", "Pairing.TokenUnknown")]
    public async Task Register_WithUnknownTokenOrSymbol_Answers404(string path, string code)
    {
        using var http = _host.Client();
        using var phone = new Phone(http);

        var response = await http.PostAsJsonAsync(new Uri(path, UriKind.Relative), new { token = "ABCD-2345", pin = "123456", deviceName = "Telefon", publicKey = Convert.ToBase64String(phone.PublicKey) });

        Assert.Equal((HttpStatusCode.NotFound, code), (response.StatusCode, (await ApiError.ReadAsync(response)).Code));
    }

    [Fact]
    public async Task Register_WithTheTokenAtAnotherSymbol_Answers404WrongSymbol_R6()
    {
        var (hand, _) = await PairingAtHandAsync();
        using var phone = hand.Phone;

        var response = await phone.RegisterAsync(AccessHost.OtherSymbol, hand.Ticket.Token, hand.Ticket.Pin);

        Assert.Equal((HttpStatusCode.NotFound, AccessErrorCodes.PairingWrongSymbol), (response.StatusCode, (await ApiError.ReadAsync(response)).Code));
    }

    [Fact]
    public async Task SignedRequests_Unsigned_Tampered_Replayed_Late_OrElsewhere_Answer401WithTheirCodes()
    {
        using var phone = await RegisteredPhoneAsync();
        var now = _host.Time.GetUtcNow();
        using var http = _host.Client();

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
        var early = await phone.SendAsync(phone.Signed("/gminawulkanowo/api/mobile/pupils", now.AddMinutes(10)));
        var elsewhere = await phone.SendAsync(phone.Signed("/powiatwulkanowy/api/mobile/pupils", now));

        Assert.Equal((HttpStatusCode.Unauthorized, AccessErrorCodes.SignatureMissing), (unsigned.StatusCode, (await ApiError.ReadAsync(unsigned)).Code));
        Assert.Equal((HttpStatusCode.Unauthorized, AccessErrorCodes.SignatureInvalid), (forged.StatusCode, (await ApiError.ReadAsync(forged)).Code));
        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal((HttpStatusCode.Unauthorized, AccessErrorCodes.SignatureReplayed), (replayed.StatusCode, (await ApiError.ReadAsync(replayed)).Code));
        Assert.Equal((HttpStatusCode.Unauthorized, AccessErrorCodes.SignatureClockSkew), (late.StatusCode, (await ApiError.ReadAsync(late)).Code));
        Assert.Equal((HttpStatusCode.Unauthorized, AccessErrorCodes.SignatureClockSkew), (early.StatusCode, (await ApiError.ReadAsync(early)).Code));
        Assert.Equal((HttpStatusCode.Unauthorized, AccessErrorCodes.DeviceNotFound), (elsewhere.StatusCode, (await ApiError.ReadAsync(elsewhere)).Code));
    }

    [Fact]
    public async Task SignedRequest_WithMalformedSignatureHeaders_Answers400()
    {
        using var http = _host.Client();
        using var request = new HttpRequestMessage(HttpMethod.Get, "/gminawulkanowo/api/mobile/pupils");
        request.Headers.TryAddWithoutValidation("Signature-Input", "sig1=(\"@method\";created=oops");
        request.Headers.TryAddWithoutValidation("Signature", "sig1=:!!:");

        var response = await http.SendAsync(request);

        Assert.Equal((HttpStatusCode.BadRequest, AccessErrorCodes.SignatureMalformed), (response.StatusCode, (await ApiError.ReadAsync(response)).Code));
    }

    [Fact]
    public async Task SignedRequest_WithABodyOverTheLimit_Answers413()
    {
        using var phone = await RegisteredPhoneAsync();

        var response = await phone.SendAsync(phone.Signed("/gminawulkanowo/api/mobile/pupils", _host.Time.GetUtcNow(), body: new byte[20_000]));

        Assert.Equal((HttpStatusCode.RequestEntityTooLarge, "Request.TooLarge"), (response.StatusCode, (await ApiError.ReadAsync(response)).Code));
    }

    [Fact]
    public async Task SignedRequest_ForAChildTheAccountDoesNotSee_Answers404_R8()
    {
        using var phone = await RegisteredPhoneAsync();
        var (_, stranger) = await _host.AddFamilyAsync();

        var response = await phone.SendAsync(phone.Signed($"/gminawulkanowo/api/mobile/pupils/{stranger.Id}", _host.Time.GetUtcNow()));

        Assert.Equal((HttpStatusCode.NotFound, AccessErrorCodes.StudentNotFound), (response.StatusCode, (await ApiError.ReadAsync(response)).Code));
    }

    [Fact]
    public async Task SignedRequest_RevokedDevice_Answers401WithTheReason_InEnglishWhenAsked()
    {
        var (hand, _) = await PairingAtHandAsync();
        using var phone = hand.Phone;
        await phone.RegisterAsync(AccessHost.Symbol, hand.Ticket.Token, hand.Ticket.Pin);

        var revoked = await _host.Services.GetRequiredService<MobileDevices>().RevokeDeviceAsync(hand.SessionTicket, phone.DeviceId);
        var polish = await phone.SendAsync(phone.Signed("/gminawulkanowo/api/mobile/pupils", _host.Time.GetUtcNow()));
        var english = await phone.SendAsync(phone.Signed("/gminawulkanowo/api/mobile/pupils", _host.Time.GetUtcNow().AddSeconds(1), "en"));

        Assert.True(revoked.Succeeded);
        Assert.Equal(HttpStatusCode.Unauthorized, polish.StatusCode);
        var polishError = await ApiError.ReadAsync(polish);
        var englishError = await ApiError.ReadAsync(english);
        Assert.Equal((AccessErrorCodes.DeviceRevoked, "RevokedByUser"), (polishError.Code, polishError.Arguments["reason"]));
        Assert.Equal(AccessErrorCodes.DeviceRevoked, englishError.Code);
        Assert.NotEqual(polishError.Message, englishError.Message);
    }

    [Fact]
    public async Task GuardianEmailChangedByTheSchool_RevokesThePhoneWithReasonEmailChanged_R9()
    {
        var (hand, _) = await PairingAtHandAsync();
        using var phone = hand.Phone;
        await phone.RegisterAsync(AccessHost.Symbol, hand.Ticket.Token, hand.Ticket.Pin);

        var changed = await _host.Services.GetRequiredService<GuardianEmailChange>().ApplyAsync(AccessHost.SecretarySp1, hand.Email, "nowy." + hand.Email);
        var response = await phone.SendAsync(phone.Signed("/gminawulkanowo/api/mobile/pupils", _host.Time.GetUtcNow()));

        Assert.True(changed.Succeeded);
        var error = await ApiError.ReadAsync(response);
        Assert.Equal((HttpStatusCode.Unauthorized, AccessErrorCodes.DeviceRevoked, "EmailChanged"), (response.StatusCode, error.Code, error.Arguments["reason"]));
    }

    [Fact]
    public async Task DeviceScheme_OnAHostsOwnEndpoint_PrincipalOfTheDevice_AndTheChallengeAnswersTheCode()
    {
        using var phone = await RegisteredPhoneAsync();
        using var http = _host.Client();

        var signed = await phone.SendAsync(phone.Signed("/gminawulkanowo/device/me", _host.Time.GetUtcNow()));
        var unsigned = await http.GetAsync(new Uri("/gminawulkanowo/device/me", UriKind.Relative));

        Assert.Equal(phone.DeviceId.ToString(), await signed.Content.ReadAsStringAsync());
        Assert.Equal((HttpStatusCode.Unauthorized, AccessErrorCodes.SignatureMissing), (unsigned.StatusCode, (await ApiError.ReadAsync(unsigned)).Code));
    }

    private async Task<Phone> RegisteredPhoneAsync()
    {
        var (hand, _) = await PairingAtHandAsync();
        Assert.Equal(HttpStatusCode.OK, (await hand.Phone.RegisterAsync(AccessHost.Symbol, hand.Ticket.Token, hand.Ticket.Pin)).StatusCode);
        return hand.Phone;
    }

    /// <summary>A signed-in family with a fresh pairing ticket, and a phone that has not registered yet.</summary>
    private async Task<(PairingAtHand Hand, StudentRecord Record)> PairingAtHandAsync()
    {
        var (email, record) = await _host.AddFamilyAsync();
        var ticket = await _host.SignInAsync(email);
        var pairing = await _host.Services.GetRequiredService<MobileDevices>().CreatePairingAsync(ticket);
        Assert.True(pairing.Succeeded, pairing.ToString());
        return (new PairingAtHand(email, ticket, pairing.Value, new Phone(_host.Client())), record);
    }

    private sealed record PairingAtHand(string Email, string SessionTicket, PairingTicketView Ticket, Phone Phone);

    /// <summary>A body of unknown length, so that the server learns its size only by reading it.</summary>
    private sealed class ChunkedStream(byte[] bytes) : MemoryStream(bytes)
    {
        public override bool CanSeek => false;
    }
}
