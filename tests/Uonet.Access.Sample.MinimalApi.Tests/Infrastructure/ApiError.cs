using System.Net.Http.Json;

namespace Uonet.Access.Sample.MinimalApi.Tests.Infrastructure;

/// <summary>The package's refusal body <c>{"code","message","field","arguments"}</c>.</summary>
public sealed record ApiError(string Code, string Message, string? Field, Dictionary<string, string> Arguments)
{
    public static async Task<ApiError> ReadAsync(HttpResponseMessage response)
    {
        ArgumentNullException.ThrowIfNull(response);
        return (await response.Content.ReadFromJsonAsync<ApiError>())!;
    }
}
