using System.Globalization;
using Uonet.Access.Localization;

namespace Uonet.Access.AspNetCore.Http;

/// <summary>The package's own texts, Polish or English after the request's UI culture like the library's.</summary>
internal static class HttpTexts
{
    public static string T(string polish, string english) =>
        AccessMessages.IsPolish(CultureInfo.CurrentUICulture) ? polish : english;

    /// <summary>The description of an error for people: the package's own codes here, the library's through <see cref="AccessError.Describe"/>.</summary>
    public static string Describe(AccessError error) => error.Code switch
    {
        HttpErrorCodes.RequestMalformed => T("Treść żądania nie jest poprawnym JSON-em o oczekiwanych polach.", "The request body is not JSON with the expected fields."),
        HttpErrorCodes.RequestTooLarge => T("Treść żądania jest za duża.", "The request body is too large."),
        HttpErrorCodes.RequestUnsupportedMediaType => T("Treść żądania musi być typu application/json.", "The request body must be application/json."),
        HttpErrorCodes.AntiforgeryInvalid => T("Formularz wygasł albo nie pochodzi z tej strony. Odśwież stronę i spróbuj ponownie.", "The form expired or did not come from this site. Reload the page and try again."),
        HttpErrorCodes.ServerError => T("Wystąpił nieoczekiwany błąd serwera. Spróbuj ponownie później.", "An unexpected server error occurred. Please try again later."),
        _ => error.Describe(CultureInfo.CurrentUICulture),
    };
}
