using System.Net.Http.Json;
using System.Text.Json;

namespace Uonet.Access.AspNetCore.Tests.Infrastructure;

/// <summary>The mobile API's error body <c>{"code","message","field","arguments"}</c>.</summary>
public sealed record ApiError(string Code, string Message, string? Field, Dictionary<string, string> Arguments)
{
    public static async Task<ApiError> ReadAsync(HttpResponseMessage response)
    {
        ArgumentNullException.ThrowIfNull(response);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        var error = await response.Content.ReadFromJsonAsync<ApiError>(new JsonSerializerOptions(JsonSerializerDefaults.Web));
        Assert.NotNull(error);
        Assert.False(string.IsNullOrWhiteSpace(error.Message));
        return error;
    }
}
