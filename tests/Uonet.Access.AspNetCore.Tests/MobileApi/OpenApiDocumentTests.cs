using System.Net;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Uonet.Access.AspNetCore.MobileApi;
using Uonet.Access.AspNetCore.Tests.Infrastructure;

namespace Uonet.Access.AspNetCore.Tests.MobileApi;

/// <summary>The shipped OpenAPI document describes exactly the endpoints <c>MapUonetMobileApi</c> maps.</summary>
public sealed class OpenApiDocumentTests : IAsyncLifetime
{
    private AccessHost _host = null!;

    public async Task InitializeAsync() => _host = await AccessHost.StartAsync();

    public async Task DisposeAsync() => await _host.DisposeAsync();

    [Fact]
    public void Document_PathsMethodsAndStatuses_AreThoseOfTheMappedEndpoints()
    {
        using var document = JsonDocument.Parse(MobileApiDocument.Json);
        var documented = document.RootElement.GetProperty("paths").EnumerateObject()
            .SelectMany(path => path.Value.EnumerateObject().Select(operation => (
                Route: path.Name,
                Method: operation.Name.ToUpperInvariant(),
                Statuses: string.Join(",", operation.Value.GetProperty("responses").EnumerateObject().Select(r => r.Name).Order(StringComparer.Ordinal)))))
            .OrderBy(o => o.Route + " " + o.Method, StringComparer.Ordinal)
            .ToList();

        var mapped = _host.Services.GetServices<EndpointDataSource>().SelectMany(source => source.Endpoints).OfType<RouteEndpoint>()
            .Where(endpoint => endpoint.RoutePattern.RawText!.StartsWith("/{symbol}/api/mobile", StringComparison.Ordinal))
            .SelectMany(endpoint => endpoint.Metadata.GetMetadata<IHttpMethodMetadata>()!.HttpMethods.Select(method => (
                Route: endpoint.RoutePattern.RawText!,
                Method: method,
                Statuses: string.Join(",", endpoint.Metadata.GetOrderedMetadata<IProducesResponseTypeMetadata>().Select(p => p.StatusCode.ToString(System.Globalization.CultureInfo.InvariantCulture)).Distinct().Order(StringComparer.Ordinal)))))
            .OrderBy(o => o.Route + " " + o.Method, StringComparer.Ordinal)
            .ToList();

        Assert.Equal(4, mapped.Count);
        Assert.Equal(documented, mapped);
    }

    [Fact]
    public void Document_EveryStatusOfAnEndpoint_IsTheStatusOfTheCodesItNames()
    {
        using var document = JsonDocument.Parse(MobileApiDocument.Json);
        var mismatches = new List<string>();
        foreach (var path in document.RootElement.GetProperty("paths").EnumerateObject())
        {
            foreach (var operation in path.Value.EnumerateObject())
            {
                foreach (var response in operation.Value.GetProperty("responses").EnumerateObject().Where(r => r.Name != "200" && r.Value.TryGetProperty("description", out _)))
                {
                    var described = response.Value.GetProperty("description").GetString()!;
                    foreach (var code in System.Text.RegularExpressions.Regex.Matches(described, "[A-Z][A-Za-z]+\\.[A-Z][A-Za-z]+").Select(m => m.Value))
                    {
                        if (AspNetCore.Http.AccessHttpStatus.Of(code).ToString(System.Globalization.CultureInfo.InvariantCulture) != response.Name)
                        {
                            mismatches.Add($"{path.Name} {operation.Name} {response.Name}: {code}");
                        }
                    }
                }
            }
        }

        Assert.Empty(mismatches);
    }

    [Fact]
    public async Task GetDocument_AtAKnownInstance_TheShippedDocument_AtAnUnknownOne404()
    {
        using var http = _host.Client();

        var known = await http.GetAsync(new Uri("/gminawulkanowo/api/mobile/openapi.json", UriKind.Relative));
        var unknown = await http.GetAsync(new Uri("/nieznana/api/mobile/openapi.json", UriKind.Relative));

        Assert.Equal(HttpStatusCode.OK, known.StatusCode);
        Assert.Equal(MobileApiDocument.Json, await known.Content.ReadAsStringAsync());
        Assert.Equal((HttpStatusCode.NotFound, "Instance.NotFound"), (unknown.StatusCode, (await ApiError.ReadAsync(unknown)).Code));
    }
}
