using System.Text;
using Uonet.Access.Storage;

namespace Uonet.Access.Import;

/// <summary>
/// The name an upload came with, made fit to show with its run: the browser sends any text it likes, so only the last
/// part of a path is kept, control characters and broken UTF-16 are dropped, and the length is capped.
/// </summary>
internal static class ImportFileName
{
    public static string? Clean(string? fileName)
    {
        if (fileName is null)
        {
            return null;
        }

        var name = fileName[(fileName.LastIndexOfAny(['/', '\\']) + 1)..];
        var clean = new StringBuilder(Math.Min(name.Length, StoreLimits.FileName));
        for (var i = 0; i < name.Length && clean.Length < StoreLimits.FileName; i++)
        {
            var c = name[i];
            if (char.IsHighSurrogate(c) && i + 1 < name.Length && char.IsLowSurrogate(name[i + 1]))
            {
                if (clean.Length + 2 > StoreLimits.FileName)
                {
                    break;
                }

                clean.Append(c).Append(name[++i]);
            }
            else if (!char.IsControl(c) && !char.IsSurrogate(c))
            {
                clean.Append(c);
            }
        }

        var text = clean.ToString().Trim();
        return text.Length == 0 ? null : text;
    }
}
