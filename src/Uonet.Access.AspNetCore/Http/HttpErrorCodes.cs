namespace Uonet.Access.AspNetCore.Http;

/// <summary>
/// The stable codes of refusals that only an HTTP host can meet (the library never sees such a request), in the same
/// error body as the library's <see cref="AccessErrorCodes"/>.
/// </summary>
public static class HttpErrorCodes
{
    /// <summary>The body is not JSON of the expected shape. 400.</summary>
    public const string RequestMalformed = "Request.Malformed";

    /// <summary>The body is larger than any valid request. 413.</summary>
    public const string RequestTooLarge = "Request.TooLarge";

    /// <summary>The body is not of a media type the endpoint takes (the mobile API takes <c>application/json</c>). 415.</summary>
    public const string RequestUnsupportedMediaType = "Request.UnsupportedMediaType";

    /// <summary>The anti-forgery token of a request that reads or sets the session cookie is missing or wrong: reload the page. 400.</summary>
    public const string AntiforgeryInvalid = "Request.AntiforgeryInvalid";

    /// <summary>Something failed that should not have; the cause is in the server's log. 500.</summary>
    public const string ServerError = "Server.Error";
}
