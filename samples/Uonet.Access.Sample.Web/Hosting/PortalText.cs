using System.Globalization;
using Uonet.Access.Localization;

namespace Uonet.Access.Sample.Web.Hosting;

/// <summary>The languages the portal speaks.</summary>
public enum PortalLanguage
{
    /// <summary>Polish, the default: the schools' language.</summary>
    Polish,

    /// <summary>English.</summary>
    English,

    /// <summary>Ukrainian, for the many parents of pupils from Ukraine who read Polish with difficulty.</summary>
    Ukrainian,
}

/// <summary>The portal's own words in the request's language; the library's messages come from the library.</summary>
public static class PortalText
{
    /// <summary>The request's language.</summary>
    public static PortalLanguage Language => PortalCulture.LanguageOf(CultureInfo.CurrentUICulture);

    /// <summary>
    /// The text in the request's language. Every text is written in all three at the place it is shown, so a page
    /// cannot gain a Polish sentence without its English and Ukrainian (the build refuses two arguments).
    /// </summary>
    public static string T(string polish, string english, string ukrainian) => Language switch
    {
        PortalLanguage.Polish => polish,
        PortalLanguage.Ukrainian => ukrainian,
        _ => english,
    };

    /// <summary>A library error in the request's language, with the field it is about.</summary>
    public static string Describe(AccessError error)
    {
        ArgumentNullException.ThrowIfNull(error);
        var text = error.Describe(CultureInfo.CurrentUICulture);
        if (error.Field is null || IsSilentField(error.Field))
        {
            return text;
        }

        // Many messages name their field already ("Pole „nazwisko”…"); the others get it in front.
        var label = AccessMessages.FieldLabel(error.Field, CultureInfo.CurrentUICulture);
        return text.Contains(label, StringComparison.OrdinalIgnoreCase) ? text : label + ": " + text;
    }

    // Fields the person did not type (the link's token, the route's symbol) would only confuse.
    internal static bool IsSilentField(string field) => field is "token" or "symbol" or "studentId" or "guardianId" or "deviceId";
}

/// <summary>Shows times in the schools' time zone (Poland), falling back to UTC where the zone database is missing.</summary>
public static class PortalClock
{
    private static readonly TimeZoneInfo Zone = FindZone();

    public static string Show(DateTimeOffset time) =>
        TimeZoneInfo.ConvertTime(time, Zone).ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture) + (Zone == TimeZoneInfo.Utc ? " UTC" : string.Empty);

    private static TimeZoneInfo FindZone()
    {
        try
        {
            return TimeZoneInfo.FindSystemTimeZoneById("Europe/Warsaw");
        }
        catch (TimeZoneNotFoundException)
        {
            return TimeZoneInfo.Utc;
        }
    }
}
