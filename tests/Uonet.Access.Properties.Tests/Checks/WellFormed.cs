using System.Buffers;
using System.Text;

namespace Uonet.Access.Properties.Tests.Checks;

/// <summary>Checks on text written independently of the library's own.</summary>
internal static class WellFormed
{
    /// <summary>Whether <paramref name="text"/> is valid UTF-16: every surrogate in a pair.</summary>
    public static bool Utf16(string text)
    {
        var rest = text.AsSpan();
        while (!rest.IsEmpty)
        {
            if (Rune.DecodeFromUtf16(rest, out _, out var used) != OperationStatus.Done)
            {
                return false;
            }

            rest = rest[used..];
        }

        return true;
    }

    /// <summary>
    /// Whether <see cref="string.Normalize()"/> accepts <paramref name="text"/>: valid UTF-16 without U+FFFE, the one
    /// noncharacter .NET's normalization (ICU) refuses with an exception.
    /// </summary>
    public static bool Normalizable(string text) => Utf16(text) && !text.Contains('\uFFFE', StringComparison.Ordinal);
}
