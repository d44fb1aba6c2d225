using System.Text.Json;
using System.Text.Json.Serialization;

namespace Uonet.Access.AspNetCore.Http;

/// <summary>
/// The package's JSON, kept apart from the host's own JSON options so that a host's settings never change the mobile
/// API's contract: camelCase names and enum values, argument names as the library gives them (<c>message.en</c>).
/// </summary>
internal static class AccessJson
{
    public static JsonSerializerOptions Options { get; } = Create();

    private static JsonSerializerOptions Create()
    {
        var options = new JsonSerializerOptions(JsonSerializerDefaults.Web)
        {
            PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
            PropertyNameCaseInsensitive = true,
            DictionaryKeyPolicy = null,
            MaxDepth = 32,
        };
        options.Converters.Add(new JsonStringEnumConverter(JsonNamingPolicy.CamelCase, allowIntegerValues: false));
        options.MakeReadOnly(populateMissingResolver: true);
        return options;
    }
}
