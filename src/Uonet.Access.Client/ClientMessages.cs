using System.Globalization;

namespace Uonet.Access.Client;

/// <summary>The texts of the codes the client itself gives, in Polish (the default) and English, like the server's.</summary>
internal static class ClientMessages
{
    /// <summary>An error of the client's own, described in <paramref name="culture"/>.</summary>
    public static ClientError Error(string code, CultureInfo culture, string? field = null, IReadOnlyDictionary<string, string>? arguments = null) => new()
    {
        Code = code,
        Message = Describe(code, culture),
        Field = field,
        Arguments = arguments ?? new Dictionary<string, string>(),
    };

    public static string Describe(string code, CultureInfo culture)
    {
        var polish = culture.TwoLetterISOLanguageName != "en";
        return code switch
        {
            ClientErrorCodes.ClientUnreachable => polish
                ? "Nie udało się połączyć z dziennikiem. Sprawdź połączenie z internetem i spróbuj ponownie."
                : "Could not connect to the e-register. Check the internet connection and try again.",
            ClientErrorCodes.ClientUnexpectedAnswer => polish
                ? "Serwer odpowiedział w nieoczekiwany sposób. Sprawdź adres i spróbuj ponownie później."
                : "The server gave an unexpected answer. Check the address and try again later.",
            ClientErrorCodes.PairingPayloadVersionUnsupported => polish
                ? "Ten kod QR pochodzi z nowszej wersji dziennika. Zaktualizuj aplikację."
                : "This QR code comes from a newer version of the e-register. Update the app.",
            ClientErrorCodes.PairingPayloadInvalid => polish
                ? "To nie jest kod QR rejestracji urządzenia. Zeskanuj kod z zakładki Dostęp mobilny."
                : "This is not a device registration QR code. Scan the code shown under Mobile access.",
            _ => throw new ArgumentOutOfRangeException(nameof(code), code, "Not a code of the client."),
        };
    }
}
