using System.Globalization;
using System.Resources;

namespace Uonet.Access.Client;

/// <summary>
/// The texts of the codes the client itself gives (<c>ClientTexts*.resx</c>): Polish by default, English for <c>en</c>
/// and Ukrainian for <c>uk</c>, like the server's.
/// </summary>
internal static class ClientMessages
{
    private static readonly ResourceManager Resources = new("Uonet.Access.Client.ClientTexts", typeof(ClientMessages).Assembly);

    /// <summary>An error of the client's own, described in <paramref name="culture"/>.</summary>
    public static ClientError Error(string code, CultureInfo culture, string? field = null, IReadOnlyDictionary<string, string>? arguments = null) => new()
    {
        Code = code,
        Message = Describe(code, culture),
        Field = field,
        Arguments = arguments ?? new Dictionary<string, string>(),
    };

    public static string Describe(string code, CultureInfo culture) =>
        Resources.GetString(code, culture) ?? throw new ArgumentOutOfRangeException(nameof(code), code, "Not a code of the client.");
}
