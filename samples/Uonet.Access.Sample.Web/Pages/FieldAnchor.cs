using System.Globalization;
using System.Text;
using Uonet.Access.Sample.Web.Hosting;

namespace Uonet.Access.Sample.Web.Pages;

/// <summary>
/// The id of the input a library error is about, so that the error summary can link to it (WCAG 3.3.1): the error's
/// field with every run of characters other than letters and digits turned into a dash, lower-cased, after
/// <c>field-</c> (<c>guardians[0].email</c> → <c>field-guardians-0-email</c>). Pages give their inputs these ids.
/// </summary>
public static class FieldAnchor
{
    /// <summary>The id for <paramref name="field"/>.</summary>
    public static string For(string field)
    {
        ArgumentNullException.ThrowIfNull(field);
        var id = new StringBuilder("field-", field.Length + 6);
        var dash = false;
        foreach (var c in field)
        {
            if (char.IsAsciiLetterOrDigit(c))
            {
                if (dash && id[^1] != '-')
                {
                    id.Append('-');
                }

                id.Append(char.ToLower(c, CultureInfo.InvariantCulture));
                dash = false;
            }
            else
            {
                dash = true;
            }
        }

        return id.ToString();
    }

    /// <summary>The id of the input <paramref name="error"/> is about, or <see langword="null"/> when no input on the page is.</summary>
    public static string? For(AccessError error)
    {
        ArgumentNullException.ThrowIfNull(error);
        return error.Field is null || PortalText.IsSilentField(error.Field) ? null : For(error.Field);
    }
}
