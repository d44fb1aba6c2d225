using System.Globalization;
using System.Reflection;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Uonet.Access.AspNetCore.Http;
using Uonet.Access.AspNetCore.Tests.Infrastructure;

namespace Uonet.Access.AspNetCore.Tests.Http;

/// <summary>The one map from the library's codes to HTTP statuses, and the answers built on it.</summary>
public sealed class AccessHttpStatusTests
{
    private static readonly Dictionary<string, int> Expected = new(StringComparer.Ordinal)
    {
        [AccessErrorCodes.SignatureMissing] = 401,
        [AccessErrorCodes.SignatureInvalid] = 401,
        [AccessErrorCodes.SignatureClockSkew] = 401,
        [AccessErrorCodes.SignatureReplayed] = 401,
        [AccessErrorCodes.DeviceNotFound] = 401,
        [AccessErrorCodes.DeviceRevoked] = 401,
        [AccessErrorCodes.SignatureMalformed] = 400,
        [AccessErrorCodes.SignatureComponentMissing] = 400,
        [AccessErrorCodes.SignatureDigestMismatch] = 400,
        [AccessErrorCodes.PairingWrongPin] = 403,
        [AccessErrorCodes.SignInNotEligible] = 403,
        [AccessErrorCodes.PairingTokenUnknown] = 404,
        [AccessErrorCodes.PairingWrongSymbol] = 404,
        [AccessErrorCodes.InstanceNotFound] = 404,
        [AccessErrorCodes.InstanceSymbolInvalid] = 404,
        [AccessErrorCodes.StudentNotFound] = 404,
        [AccessErrorCodes.GuardianNotFound] = 404,
        [AccessErrorCodes.UnitNotFound] = 404,
        [AccessErrorCodes.MaintenanceNotFound] = 404,
        [AccessErrorCodes.PasskeyNotFound] = 404,
        [AccessErrorCodes.PairingAlreadyUsed] = 410,
        [AccessErrorCodes.PairingClosed] = 410,
        [AccessErrorCodes.PairingExpired] = 410,
        [HttpErrorCodes.RequestTooLarge] = 413,
        [HttpErrorCodes.RequestUnsupportedMediaType] = 415,
        [AccessErrorCodes.SignInLockedOut] = 423,
        [AccessErrorCodes.RateLimited] = 429,
        [AccessErrorCodes.MaintenanceActive] = 503,
        [HttpErrorCodes.ServerError] = 500,
        [HttpErrorCodes.RequestMalformed] = 400,
    };

    public static TheoryData<string> EveryCode() => [.. Codes()];

    private static IEnumerable<string> Codes() =>
        new[] { typeof(AccessErrorCodes), typeof(HttpErrorCodes) }
            .SelectMany(type => type.GetFields(BindingFlags.Public | BindingFlags.Static))
            .Where(field => field.IsLiteral)
            .Select(field => (string)field.GetRawConstantValue()!);

    [Theory]
    [MemberData(nameof(EveryCode))]
    public void Of_EveryCode_TheStatusOfTheTable(string code)
    {
        var expected = Expected.TryGetValue(code, out var status) ? status
            : code.StartsWith("Session.", StringComparison.Ordinal) ? 401
            : code.StartsWith("Staff.", StringComparison.Ordinal) ? 403
            : 400;

        Assert.Equal(expected, AccessHttpStatus.Of(code));
    }

    [Fact]
    public void Of_StaffAndSessionCodes_AreAllMapped()
    {
        Assert.All(Codes().Where(c => c.StartsWith("Staff.", StringComparison.Ordinal)), c => Assert.Equal(403, AccessHttpStatus.Of(c)));
        Assert.All(Codes().Where(c => c.StartsWith("Session.", StringComparison.Ordinal)), c => Assert.Equal(401, AccessHttpStatus.Of(c)));
        Assert.Equal(6, Codes().Count(c => c.StartsWith("Staff.", StringComparison.Ordinal)));
    }

    [Fact]
    public void RetryAfter_LockedOut_SecondsUntilTheLockEnds()
    {
        var now = new DateTimeOffset(2026, 11, 30, 7, 0, 0, TimeSpan.Zero);
        var error = new AccessError(AccessErrorCodes.SignInLockedOut, null, new Dictionary<string, string> { ["lockedUntil"] = now.AddMinutes(5).ToString("u", CultureInfo.InvariantCulture) });

        Assert.Equal(TimeSpan.FromMinutes(5), AccessHttpStatus.RetryAfter(error, now));
        Assert.Equal(TimeSpan.FromSeconds(1), AccessHttpStatus.RetryAfter(error, now.AddHours(1)));
    }

    [Fact]
    public async Task Refusal_RateLimited_429WithRetryAfterAndTheErrorBody()
    {
        await using var host = await AccessHost.StartAsync();
        var context = NewContext(host);
        var error = new AccessError(AccessErrorCodes.RateLimited, null, new Dictionary<string, string> { ["retryAfterSeconds"] = "42" });

        await AccessHttpResults.Refusal(error).ExecuteAsync(context);

        Assert.Equal(429, context.Response.StatusCode);
        Assert.Equal("42", context.Response.Headers.RetryAfter.ToString());
        using var body = JsonDocument.Parse(((MemoryStream)context.Response.Body).ToArray());
        Assert.Equal(AccessErrorCodes.RateLimited, body.RootElement.GetProperty("code").GetString());
        Assert.Equal("42", body.RootElement.GetProperty("arguments").GetProperty("retryAfterSeconds").GetString());
        Assert.False(string.IsNullOrEmpty(body.RootElement.GetProperty("message").GetString()));
    }

    [Fact]
    public async Task Refusal_LockedOut_423WithRetryAfterFromTheFakeClock()
    {
        await using var host = await AccessHost.StartAsync();
        var context = NewContext(host);
        var until = host.Time.GetUtcNow().AddSeconds(90).ToString("u", CultureInfo.InvariantCulture);

        await AccessHttpResults.Refusal(new AccessError(AccessErrorCodes.SignInLockedOut, null, new Dictionary<string, string> { ["lockedUntil"] = until })).ExecuteAsync(context);

        Assert.Equal((423, "90"), (context.Response.StatusCode, context.Response.Headers.RetryAfter.ToString()));
    }

    [Fact]
    public async Task SetStatus_RateLimited_429WithRetryAfterAndNoBody()
    {
        await using var host = await AccessHost.StartAsync();
        var context = NewContext(host);

        await AccessHttpResults.SetStatusAsync(context, new AccessError(AccessErrorCodes.RateLimited, null, new Dictionary<string, string> { ["retryAfterSeconds"] = "42" }));

        Assert.Equal((429, "42", 0L), (context.Response.StatusCode, context.Response.Headers.RetryAfter.ToString(), context.Response.Body.Length));
    }

    [Fact]
    public async Task Refusal_MaintenanceWithoutABreak_503WithTheDefaultRetryAfter()
    {
        await using var host = await AccessHost.StartAsync();
        var context = NewContext(host);

        await AccessHttpResults.Refusal(new AccessError(AccessErrorCodes.MaintenanceActive)).ExecuteAsync(context);

        Assert.Equal((503, "300"), (context.Response.StatusCode, context.Response.Headers.RetryAfter.ToString()));
    }

    [Fact]
    public async Task Problem_StaffRefusal_403ProblemDetailsWithCodeFieldAndArguments()
    {
        await using var host = await AccessHost.StartAsync();
        var context = NewContext(host);

        await AccessHttpResults.Problem(new AccessError(AccessErrorCodes.StaffOtherUnit, "unit")).ExecuteAsync(context);

        Assert.Equal(403, context.Response.StatusCode);
        Assert.StartsWith("application/problem+json", context.Response.ContentType, StringComparison.Ordinal);
        using var body = JsonDocument.Parse(((MemoryStream)context.Response.Body).ToArray());
        Assert.Equal(403, body.RootElement.GetProperty("status").GetInt32());
        Assert.Equal((AccessErrorCodes.StaffOtherUnit, "unit"), (body.RootElement.GetProperty("code").GetString(), body.RootElement.GetProperty("field").GetString()));
        Assert.False(string.IsNullOrEmpty(body.RootElement.GetProperty("title").GetString()));
    }

    private static DefaultHttpContext NewContext(AccessHost host) => new()
    {
        RequestServices = host.Services.CreateScope().ServiceProvider,
        Response = { Body = new MemoryStream() },
        Request = { Path = "/gminawulkanowo/x" },
    };
}
