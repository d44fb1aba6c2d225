using System.Globalization;
using System.Text;

namespace Uonet.Access.Properties.Tests.Checks;

/// <summary>Inputs in failure messages: printable ASCII as it is, everything else as <c>\uXXXX</c>, so that a reported bug can be pasted back.</summary>
internal static class Shown
{
    private const int MaxShown = 300;

    public static string Text(string? text)
    {
        if (text is null)
        {
            return "null";
        }

        var builder = new StringBuilder("\"");
        foreach (var c in text.Length > MaxShown ? text[..MaxShown] : text)
        {
            if (c is >= ' ' and <= '~' and not '"' and not '\\')
            {
                builder.Append(c);
            }
            else
            {
                builder.Append(CultureInfo.InvariantCulture, $"\\u{(int)c:X4}");
            }
        }

        builder.Append('"');
        return text.Length > MaxShown ? builder.Append(CultureInfo.InvariantCulture, $"… ({text.Length} chars)").ToString() : builder.ToString();
    }
}
