using System.Text.Json;
using System.Text.Json.Serialization;

namespace Uonet.Access.Sample.Web.Api;

/// <summary>The mobile API's JSON: camelCase names and enum values, argument names as the library gives them.</summary>
internal static class MobileApiJson
{
    public static void Configure(JsonSerializerOptions options)
    {
        options.PropertyNamingPolicy = JsonNamingPolicy.CamelCase;
        options.PropertyNameCaseInsensitive = true;
        options.DictionaryKeyPolicy = null;
        options.Converters.Add(new JsonStringEnumConverter(JsonNamingPolicy.CamelCase, allowIntegerValues: false));
    }
}
