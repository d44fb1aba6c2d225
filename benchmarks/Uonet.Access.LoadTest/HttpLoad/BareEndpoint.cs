using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;

namespace Uonet.Access.LoadTest.HttpLoad;

/// <summary>
/// The floor the portal is measured against: a Kestrel app with nothing but routing, run as its own process. A phone's
/// request costs one ECDSA P-256 verification of a fixed signature over a fixed message (the one step a signed request
/// cannot skip) and a fixed answer of the portal's size; a page is a fixed page of the portal's size.
/// </summary>
internal static class BareEndpoint
{
    /// <summary>The argument that makes the load test's program this app instead of the load client.</summary>
    public const string Command = "bare-endpoint";

    private static readonly byte[] Message = Encoding.ASCII.GetBytes("\"@method\": GET\n\"@target-uri\": http://127.0.0.1/gminawulkanowo/api/mobile/pupils\n\"@signature-params\": (\"@method\" \"@target-uri\");created=1764979200;keyid=\"bare\";alg=\"ecdsa-p256-sha256\"");

    /// <summary>Serves until stopped: <c>bare-endpoint --urls http://127.0.0.1:port --pupils &lt;json file&gt; --page &lt;html file&gt;</c>.</summary>
    public static async Task<int> RunAsync(string[] args)
    {
        var builder = WebApplication.CreateSlimBuilder(args);
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        var pupils = await File.ReadAllBytesAsync(builder.Configuration["pupils"] ?? throw new InvalidOperationException("--pupils <file> is missing"));
        var page = await File.ReadAllBytesAsync(builder.Configuration["page"] ?? throw new InvalidOperationException("--page <file> is missing"));

        using var signer = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var publicKey = signer.ExportSubjectPublicKeyInfo();
        var signature = signer.SignData(Message, HashAlgorithmName.SHA256);

        // Imported once per thread, as the library's key cache imports a device's key once: the bare side pays the
        // verification, not the import, and no key object is shared between threads.
        using var keys = new ThreadLocal<ECDsa>(() =>
        {
            var key = ECDsa.Create();
            key.ImportSubjectPublicKeyInfo(publicKey, out _);
            return key;
        }, trackAllValues: true);

        var app = builder.Build();
        app.MapGet("/{symbol}/api/mobile/pupils", () => keys.Value!.VerifyData(Message, signature, HashAlgorithmName.SHA256)
            ? Results.Bytes(pupils, "application/json; charset=utf-8")
            : Results.StatusCode(StatusCodes.Status500InternalServerError));
        app.MapGet("/{symbol}/uczen", () => Results.Bytes(page, "text/html; charset=utf-8"));
        await app.RunAsync();
        foreach (var key in keys.Values)
        {
            key.Dispose();
        }

        return 0;
    }
}
