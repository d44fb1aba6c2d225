using System.Globalization;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Uonet.Access.Maintenance;

namespace Uonet.Access.AspNetCore.Http;

/// <summary>
/// Answers for refusals: the status of <see cref="AccessHttpStatus.Of"/>, <c>Retry-After</c> where one applies (423,
/// 429, 503), and either the mobile API's body <c>{"code","message","field","arguments"}</c> or, as an option, RFC 9457
/// problem details with the same members as extensions.
/// </summary>
public static class AccessHttpResults
{
    /// <summary>The refusal with the body <c>{"code","message","field","arguments"}</c> (<c>application/json</c>).</summary>
    /// <param name="error">The refusal.</param>
    public static IResult Refusal(AccessError error)
    {
        ArgumentNullException.ThrowIfNull(error);
        return new RefusalResult(error, problemDetails: false);
    }

    /// <summary>The refusal as problem details (<c>application/problem+json</c>): <c>title</c> is the message; <c>code</c>, <c>field</c> and <c>arguments</c> are extensions.</summary>
    /// <param name="error">The refusal.</param>
    public static IResult Problem(AccessError error)
    {
        ArgumentNullException.ThrowIfNull(error);
        return new RefusalResult(error, problemDetails: true);
    }

    internal static async Task WriteBodyAsync(HttpContext context, AccessError error, bool problemDetails)
    {
        var status = context.Response.StatusCode;
        if (problemDetails)
        {
            var problem = new ProblemDetails { Status = status, Title = HttpTexts.Describe(context, error), Type = "https://www.rfc-editor.org/rfc/rfc9110#section-15" };
            problem.Extensions["code"] = error.Code;
            problem.Extensions["field"] = error.Field;
            problem.Extensions["arguments"] = error.Arguments;
            context.Response.ContentType = "application/problem+json; charset=utf-8";
            await JsonSerializer.SerializeAsync(context.Response.Body, problem, AccessJson.Options, context.RequestAborted).ConfigureAwait(false);
            return;
        }

        context.Response.ContentType = "application/json; charset=utf-8";
        await JsonSerializer.SerializeAsync(context.Response.Body, new ErrorBody(error.Code, HttpTexts.Describe(context, error), error.Field, error.Arguments), AccessJson.Options, context.RequestAborted).ConfigureAwait(false);
    }

    /// <summary>
    /// Sets the response's status for the refusal (<see cref="AccessHttpStatus.Of"/>) and its <c>Retry-After</c> (423,
    /// 429, and 503 until the technical break of the request's instance is expected to end), without a body: for a
    /// page that shows the refusal itself.
    /// </summary>
    /// <param name="context">The request, before its response has started.</param>
    /// <param name="error">The refusal.</param>
    public static async Task SetStatusAsync(HttpContext context, AccessError error)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(error);
        var status = AccessHttpStatus.Of(error.Code);
        context.Response.StatusCode = status;
        var services = context.RequestServices;
        var wait = AccessHttpStatus.RetryAfter(error, services.GetRequiredService<TimeProvider>().GetUtcNow());
        if (status == StatusCodes.Status503ServiceUnavailable && wait is null)
        {
            var maintenance = await services.GetRequiredService<MaintenanceSchedule>().GetStatusAsync(InstancePath.Symbol(context.Request.Path), context.RequestAborted).ConfigureAwait(false);
            wait = maintenance.Active ? maintenance.RetryAfter : services.GetRequiredService<IOptions<UonetAccessOptions>>().Value.Maintenance.DefaultRetryAfter;
        }

        if (wait is { } retry && status is StatusCodes.Status423Locked or StatusCodes.Status429TooManyRequests or StatusCodes.Status503ServiceUnavailable)
        {
            context.Response.Headers.RetryAfter = ((long)Math.Ceiling(retry.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
        }
    }

    private sealed class RefusalResult(AccessError error, bool problemDetails) : IResult
    {
        public async Task ExecuteAsync(HttpContext httpContext)
        {
            ArgumentNullException.ThrowIfNull(httpContext);
            await SetStatusAsync(httpContext, error).ConfigureAwait(false);
            await WriteBodyAsync(httpContext, error, problemDetails).ConfigureAwait(false);
        }
    }

    /// <summary>Every refusal of the mobile API (the contract of its OpenAPI document).</summary>
    private sealed record ErrorBody(string Code, string Message, string? Field, IReadOnlyDictionary<string, string> Arguments);
}
