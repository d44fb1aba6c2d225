using System.Globalization;
using System.Text;

namespace Uonet.Access.Sample.Console.Output;

/// <summary>
/// The tool's own codes and texts, for what is not a library refusal: wrong usage, a store or portal that cannot be
/// reached, a key file that is not a key. They start with <c>Cli.</c> so scripts can tell them from library codes.
/// </summary>
internal static class ToolMessages
{
    public const string Usage = "Cli.Usage";
    public const string StoreFailed = "Cli.StoreFailed";
    public const string FileFailed = "Cli.FileFailed";
    public const string PortalUnreachable = "Cli.PortalUnreachable";
    public const string PortalAnswer = "Cli.PortalAnswer";
    public const string KeyFileInvalid = "Cli.KeyFileInvalid";
    public const string DeviceNotRegistered = "Cli.DeviceNotRegistered";
    public const string DeliveryFailed = "Cli.DeliveryFailed";
    public const string Configuration = "Cli.Configuration";
    public const string Failed = "Cli.Failed";

    /// <summary>The answer of <c>access start</c>: the same for every address, so the tool cannot be used to enumerate them.</summary>
    public const string AccessStarted = "Cli.AccessStarted";

    private static readonly Dictionary<string, (string Polish, string English, string Ukrainian)> Texts = new(StringComparer.Ordinal)
    {
        [Usage] = ("Błędne wywołanie: {detail}", "Wrong usage: {detail}", "Неправильний виклик: {detail}"),
        [StoreFailed] = ("Baza danych nie odpowiada lub odmówiła zapisu: {detail}", "The database cannot be reached or refused the write: {detail}", "База даних не відповідає або відмовила в записі: {detail}"),
        [FileFailed] = ("Nie udało się odczytać lub zapisać pliku: {detail}", "A file could not be read or written: {detail}", "Не вдалося прочитати або записати файл: {detail}"),
        [PortalUnreachable] = ("Portal {url} nie odpowiada: {detail}", "The portal {url} does not answer: {detail}", "Сайт {url} не відповідає: {detail}"),
        [PortalAnswer] = ("Portal odpowiedział {status} bez opisu błędu w formacie API.", "The portal answered {status} without an error in the API's format.", "Сайт відповів {status} без опису помилки у форматі API."),
        [KeyFileInvalid] = ("Plik {path} nie zawiera klucza prywatnego ECDSA P-256 (PKCS#8 PEM).", "The file {path} holds no ECDSA P-256 private key (PKCS#8 PEM).", "Файл {path} не містить закритого ключа ECDSA P-256 (PKCS#8 PEM)."),
        [DeviceNotRegistered] = ("Klucz w pliku {path} nie jest jeszcze zarejestrowany: użyj najpierw „device register”.", "The key in {path} is not registered yet: run \"device register\" first.", "Ключ у файлі {path} ще не зареєстровано: спершу виконайте «device register»."),
        [DeliveryFailed] = ("Nie doręczono {failed} wiadomości; zostają w kolejce i zostaną wysłane ponownie.", "{failed} messages were not delivered; they stay queued and will be retried.", "Не доставлено листів: {failed}; вони залишаються в черзі й будуть надіслані повторно."),
        [Configuration] = ("Błędna konfiguracja: {detail}", "Wrong configuration: {detail}", "Неправильна конфігурація: {detail}"),
        [Failed] = ("Nieoczekiwany błąd: {detail}", "Unexpected error: {detail}", "Неочікувана помилка: {detail}"),
        [AccessStarted] = (
            "Jeśli ten adres może logować się pod adresem /{symbol}/, wysłaliśmy na niego wiadomość z linkiem do ustawienia hasła. Wiadomości znajdziesz poleceniem „outbox list”.",
            "If this address may sign in at /{symbol}/, a message with a link to set the password was sent to it. See the mail with \"outbox list\".",
            "Якщо ця адреса може входити за адресою /{symbol}/, на неї надіслано лист із посиланням для встановлення пароля. Листи можна переглянути командою «outbox list»."),
    };

    /// <summary>Every tool code with its texts in Polish, English and Ukrainian, as written.</summary>
    public static IReadOnlyDictionary<string, (string Polish, string English, string Ukrainian)> All => Texts;

    /// <summary>The text of a tool code in the culture's language, with its placeholders filled.</summary>
    public static string Describe(string code, IReadOnlyDictionary<string, string> arguments, CultureInfo culture)
    {
        var (polish, english, ukrainian) = Texts[code];
        var text = new StringBuilder(CommandOutput.InLanguage(culture, polish, english, ukrainian));
        foreach (var (name, value) in arguments)
        {
            text.Replace("{" + name + "}", value);
        }

        return text.ToString();
    }
}
