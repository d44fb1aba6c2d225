namespace Uonet.Access.AspNetCore.MobileApi;

/// <summary>
/// The OpenAPI 3.1 document of the mobile API that <c>MapUonetMobileApi</c> maps, shipped inside the package and served
/// at <c>GET /{symbol}/api/mobile/openapi.json</c>.
/// </summary>
public static class MobileApiDocument
{
    private static readonly Lazy<string> Text = new(Load);

    /// <summary>The document as JSON text.</summary>
    public static string Json => Text.Value;

    private static string Load()
    {
        using var stream = typeof(MobileApiDocument).Assembly.GetManifestResourceStream("Uonet.Access.AspNetCore.openapi.json")
            ?? throw new InvalidOperationException("The package was built without its OpenAPI document.");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}
