using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Uonet.Access.Sample.Web.Tests.Infrastructure;

namespace Uonet.Access.Sample.Web.Tests.Attacks;

/// <summary>
/// Hostile bodies for the mobile API's registration (R7), sent with a live pairing ticket: each is refused with a
/// 4xx and the API's JSON error, and none uses up the ticket or a PIN try, so the real phone registers afterwards.
/// </summary>
public sealed class BadApiInputTests(PortalFactory factory) : IClassFixture<PortalFactory>
{
    public static TheoryData<string, string, HttpStatusCode> HostileBodies => new()
    {
        { "application/json", string.Concat(Enumerable.Repeat("[", 5_000)) + string.Concat(Enumerable.Repeat("]", 5_000)), HttpStatusCode.BadRequest },
        { "application/json", "{\"token\":\"{token}\",\"pin\":\"{pin}\",\"deviceName\":\"x\",\"publicKey\":\"AAAA\",\"extra\":" + new string('[', 200) + new string(']', 200) + "}", HttpStatusCode.BadRequest },
        { "application/json", "null", HttpStatusCode.BadRequest },
        { "application/json", "\"{token}\"", HttpStatusCode.BadRequest },
        { "application/json", "{\"token\":\"{token}\",\"pin\":\"{pin}\",\"deviceName\":\"x\",\"publicKey\":\"\\u00\"}", HttpStatusCode.BadRequest },
        { "application/json", "{\"token\":\"{token}\",\"pin\":\"{pin}\",\"token\":{\"$ref\":\"1\"},\"deviceName\":\"x\"}", HttpStatusCode.BadRequest },
        { "application/json", "{\"token\":\"{token}\",\"pin\":\"{pin}\",\"deviceName\":\"" + new string('x', 15_000) + "\",\"publicKey\":\"AAAA\"}", HttpStatusCode.BadRequest },
        { "application/xml", "<register><token>{token}</token><pin>{pin}</pin></register>", HttpStatusCode.UnsupportedMediaType },
        { "application/x-www-form-urlencoded", "token={token}&pin={pin}&deviceName=x&publicKey=AAAA", HttpStatusCode.UnsupportedMediaType },
        { "multipart/form-data; boundary=b", "--b\r\nContent-Disposition: form-data; name=\"token\"\r\n\r\n{token}\r\n--b--", HttpStatusCode.UnsupportedMediaType },
        { "application/json", string.Empty, HttpStatusCode.BadRequest },
    };

    [Theory]
    [MemberData(nameof(HostileBodies))]
    public async Task Register_WithAHostileBody_Answers4xxJsonAndLeavesTheTicketUsable_R7(string contentType, string body, HttpStatusCode expected)
    {
        ArgumentNullException.ThrowIfNull(body);
        using var family = await Families.SignedInAsync(factory);
        var ticket = await Pairing.CreateAsync(family.Browser);
        using var hostile = new ByteArrayContent(Encoding.UTF8.GetBytes(body.Replace("{token}", ticket.Token, StringComparison.Ordinal).Replace("{pin}", ticket.Pin, StringComparison.Ordinal)));
        hostile.Headers.TryAddWithoutValidation("Content-Type", contentType);

        var refused = await family.Browser.Http.PostAsync(new Uri("/gminawulkanowo/api/mobile/register", UriKind.Relative), hostile);

        Assert.Equal(expected, refused.StatusCode);
        await AssertApiErrorAsync(refused);
        await AssertTheTicketStillRegistersAsync(family, ticket);
    }

    [Fact]
    public async Task Register_WithInvalidUtf8_Answers400AndLeavesTheTicketUsable_R7()
    {
        using var family = await Families.SignedInAsync(factory);
        var ticket = await Pairing.CreateAsync(family.Browser);
        byte[] body = [.. Encoding.UTF8.GetBytes($"{{\"token\":\"{ticket.Token}\",\"pin\":\"{ticket.Pin}\",\"deviceName\":\""), 0xC3, 0x28, 0xFF, 0xFE, .. "\",\"publicKey\":\"AAAA\"}"u8.ToArray()];
        using var content = new ByteArrayContent(body);
        content.Headers.TryAddWithoutValidation("Content-Type", "application/json");

        var refused = await family.Browser.Http.PostAsync(new Uri("/gminawulkanowo/api/mobile/register", UriKind.Relative), content);

        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        await AssertApiErrorAsync(refused);
        await AssertTheTicketStillRegistersAsync(family, ticket);
    }

    [Theory]
    [InlineData("/%EF%BD%87minawulkanowo/api/mobile/register")]
    [InlineData("/gminawulkanowo%E2%80%8B/api/mobile/register")]
    [InlineData("/gminawulkanowo%2F..%2Fpowiatwulkanowy/api/mobile/register")]
    [InlineData("/%252e%252e/api/mobile/register")]
    public async Task Register_UnderAForgedSymbol_Answers404InstanceNotFound(string path)
    {
        using var http = factory.CreateClient();

        var refused = await http.PostAsJsonAsync(new Uri(path, UriKind.Relative), new { token = "ABCD2345", pin = "123456", deviceName = "x", publicKey = "AAAA" });

        Assert.Equal(HttpStatusCode.NotFound, refused.StatusCode);
        Assert.Equal("Instance.NotFound", await AssertApiErrorAsync(refused));
    }

    private static async Task<string> AssertApiErrorAsync(HttpResponseMessage response)
    {
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        using var error = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var code = error.RootElement.GetProperty("code").GetString();
        Assert.False(string.IsNullOrEmpty(error.RootElement.GetProperty("message").GetString()));
        Assert.NotEqual("Server.Error", code);
        return code!;
    }

    /// <summary>No PIN try was spent (a wrong PIN now leaves 2 of 3) and the right PIN still registers exactly one phone.</summary>
    private async Task AssertTheTicketStillRegistersAsync(SignedInFamily family, Pairing ticket)
    {
        using var phone = new Phone(factory.CreateClient());
        var wrongPin = await phone.RegisterAsync(ticket.Symbol, ticket.Token, ticket.Pin == "000000" ? "111111" : "000000");
        using (var error = JsonDocument.Parse(await wrongPin.Content.ReadAsStringAsync()))
        {
            Assert.Equal("2", error.RootElement.GetProperty("arguments").GetProperty("remainingTries").GetString());
        }

        var registered = await phone.RegisterAsync(ticket.Symbol, ticket.Token, ticket.Pin);
        Assert.Equal(HttpStatusCode.OK, registered.StatusCode);
        await family.Browser.GetAsync("/gminawulkanowo/dostep-mobilny");
        Assert.Single(System.Text.RegularExpressions.Regex.Matches(family.Browser.Html, "handler=Revoke"));
    }
}
