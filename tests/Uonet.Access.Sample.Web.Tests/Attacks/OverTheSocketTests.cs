using System.Net;
using System.Text.Json;
using Uonet.Access.Sample.Web.Tests.Infrastructure;

namespace Uonet.Access.Sample.Web.Tests.Attacks;

/// <summary>
/// Attacks that only a real socket carries, so these go through Kestrel as an attacker's would: a NUL in the symbol
/// (<c>%00</c>, which the in-memory test server refuses to even send) and a chunked body of unknown length.
/// </summary>
public sealed class OverTheSocketTests(OverTheSocketTests.OnKestrel portal) : IClassFixture<OverTheSocketTests.OnKestrel>
{
    [Theory]
    [InlineData("GET", "gminawulkanowo%00/dostep")]
    [InlineData("GET", "gminawulkanowo%00.html/dostep")]
    [InlineData("GET", "%00/dostep")]
    [InlineData("POST", "gminawulkanowo%00/dostep")]
    [InlineData("POST", "gminawulkanowo%00/api/mobile/register")]
    [InlineData("GET", "gminawulkanowo%00/api/mobile/pupils")]
    public async Task AnyRequest_WithANulInTheSymbol_IsRefusedBelow500(string method, string path)
    {
        using var http = new HttpClient { BaseAddress = portal.ListeningAddress };
        using var request = new HttpRequestMessage(new HttpMethod(method), new Uri(path, UriKind.Relative));
        if (method == "POST")
        {
            request.Content = new StringContent("{\"token\":\"ABCD2345\",\"pin\":\"123456\",\"deviceName\":\"x\",\"publicKey\":\"AAAA\"}", System.Text.Encoding.UTF8, "application/json");
        }

        using var response = await http.SendAsync(request);

        Assert.Contains(response.StatusCode, new[] { HttpStatusCode.BadRequest, HttpStatusCode.NotFound });
    }

    [Fact]
    public async Task Register_WithABodyOverTheLimitOfUnknownLength_Answers413()
    {
        using var http = new HttpClient { BaseAddress = portal.ListeningAddress };
        using var content = new StreamContent(new EndlessJson());
        content.Headers.TryAddWithoutValidation("Content-Type", "application/json");

        var refused = await http.PostAsync(new Uri("/gminawulkanowo/api/mobile/register", UriKind.Relative), content);

        using var error = JsonDocument.Parse(await refused.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, refused.StatusCode);
        Assert.Equal("Request.TooLarge", error.RootElement.GetProperty("code").GetString());
    }

    /// <summary>A request body of unknown length (no Content-Length, so chunked): the API must stop reading at its limit.</summary>
    private sealed class EndlessJson : Stream
    {
        private long _position;

        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => throw new NotSupportedException();

        public override long Position { get => _position; set => throw new NotSupportedException(); }

        public override int Read(byte[] buffer, int offset, int count)
        {
            // 1 MiB: far over the API's 16 KiB, yet under the server's own 30 MB cap, so only the API's limit can answer 413.
            if (_position >= 1024 * 1024)
            {
                return 0;
            }

            Array.Fill(buffer, (byte)' ', offset, count);
            if (_position == 0)
            {
                buffer[offset] = (byte)'{';
            }

            _position += count;
            return count;
        }

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }

    /// <summary>The portal on a loopback port.</summary>
    public sealed class OnKestrel : PortalFactory
    {
        public OnKestrel()
        {
            UseKestrel(0);
            StartServer();
        }
    }
}
