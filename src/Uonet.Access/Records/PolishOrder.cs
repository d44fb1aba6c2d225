using System.Globalization;

namespace Uonet.Access.Records;

/// <summary>
/// The order of names shown to people: Polish collation (Ł after L, Ś after S), the same on every server whatever
/// its current culture.
/// </summary>
internal static class PolishOrder
{
    public static readonly StringComparer Names = StringComparer.Create(CultureInfo.GetCultureInfo("pl-PL"), CompareOptions.None);
}
