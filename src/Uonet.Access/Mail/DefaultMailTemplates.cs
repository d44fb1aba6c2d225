using System.Globalization;
using System.Text;
using Uonet.Access.Localization;

namespace Uonet.Access.Mail;

/// <summary>
/// The built-in Polish (culture <c>pl</c>) and English (any other culture) texts of every <see cref="MailKind"/>,
/// written for parents: what happened, what to do, whom to ask. Times are shown in UTC so the same mail renders the
/// same everywhere. Every value is HTML-encoded in the HTML body, and subjects are one line of at most 120 characters.
/// </summary>
public sealed class DefaultMailTemplates : IMailTemplates
{
    // A longer subject (a very long instance name) is cut with an ellipsis.
    internal const int MaxSubjectLength = 120;

    private static readonly string[] PolishMonthsGenitive =
    [
        "stycznia", "lutego", "marca", "kwietnia", "maja", "czerwca",
        "lipca", "sierpnia", "września", "października", "listopada", "grudnia",
    ];

    /// <inheritdoc />
    /// <exception cref="ArgumentException">The model lacks a member the kind needs, or a link is not an absolute http(s) address.</exception>
    public MailContent Render(MailKind kind, MailTemplateModel model, CultureInfo culture)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(culture);
        var values = new Values(model, AccessMessages.IsPolish(culture));
        var (subject, mail) = kind switch
        {
            MailKind.AccessLink => AccessLink(values, RequireWebAddress(model.Link, nameof(model.Link), kind), Require(model.ExpiresAt, nameof(model.ExpiresAt), kind)),
            MailKind.NotRegistered => NotRegistered(values),
            MailKind.PasswordSet => PasswordSet(values, Require(model.OccurredAt, nameof(model.OccurredAt), kind)),
            MailKind.EmailChanged => EmailChanged(values, model.OccurredAt),
            MailKind.AccountClosed => AccountClosed(values, model.OccurredAt),
            MailKind.NewDevice => NewDevice(values, RequireText(model.DeviceName, nameof(model.DeviceName), kind), Require(model.OccurredAt, nameof(model.OccurredAt), kind)),
            MailKind.SecondFactorEnabled or MailKind.SecondFactorDisabled => SecondFactorChanged(values, kind == MailKind.SecondFactorEnabled, Require(model.OccurredAt, nameof(model.OccurredAt), kind)),
            MailKind.PasskeyAdded or MailKind.PasskeyRemoved => PasskeyChanged(values, kind == MailKind.PasskeyAdded, RequireText(model.PasskeyName, nameof(model.PasskeyName), kind), Require(model.OccurredAt, nameof(model.OccurredAt), kind)),
            _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "Unknown mail kind."),
        };

        var footer = values.Polish
            ? $"Wiadomość wysłana automatycznie z dziennika elektronicznego {values.Instance} ({values.Site}). Prosimy na nią nie odpowiadać."
            : $"This message was sent automatically by the e-register {values.Instance} ({values.Site}). Please do not reply to it.";
        var line = SubjectLine(subject + " – " + values.Instance);
        return new MailContent(line, mail.Text(footer), mail.Html(line, footer, values.Polish ? "pl" : "en"));
    }

    private static (string Subject, Body Body) AccessLink(Values v, Uri link, DateTimeOffset expiresAt)
    {
        var body = new Body();
        var expiry = v.Time(expiresAt);
        if (v.Polish)
        {
            body.Paragraph("Dzień dobry,");
            body.Paragraph($"otrzymaliśmy prośbę o ustawienie hasła (pierwsze logowanie lub „Przywróć dostęp”) w dzienniku elektronicznym {v.Instance} dla adresu {v.Recipient}.");
            body.Paragraph("Aby ustawić hasło, otwórz ten link:");
            body.Button(link, "Ustaw hasło", "Jeśli przycisk nie działa, skopiuj ten adres do przeglądarki:");
            body.Paragraph($"Z linku można skorzystać tylko raz. Jest ważny do {expiry}. Później na stronie logowania wybierz ponownie „Przywróć dostęp”, aby otrzymać nowy link.");
            body.Paragraph(new Part("Jeśli ta prośba nie pochodzi od Ciebie, zignoruj tę wiadomość – ", false), new Part("Twoje hasło pozostaje bez zmian.", true));
            body.Paragraph($"Twoim loginem jest adres e-mail {v.Recipient}. Adres dziennika: {v.Site}");
            return ("Ustaw hasło lub przywróć dostęp", body);
        }

        body.Paragraph("Hello,");
        body.Paragraph($"we received a request to set a password (first sign-in or “Przywróć dostęp”, restore access) in the e-register {v.Instance} for the address {v.Recipient}.");
        body.Paragraph("To set your password, open this link:");
        body.Button(link, "Set password", "If the button does not work, copy this address into your browser:");
        body.Paragraph($"The link works only once and is valid until {expiry}. After that, choose “Przywróć dostęp” (restore access) on the sign-in page again to get a new link.");
        body.Paragraph(new Part("If you did not ask for this, ignore this message – ", false), new Part("your password stays unchanged.", true));
        body.Paragraph($"Your login is your e-mail address {v.Recipient}. E-register address: {v.Site}");
        return ("Set your password or restore access", body);
    }

    // Sent instead of a link, so it carries no link at all: only who can fix the record (R1, R2) and that the school
    // alone gives out the site address (R6).
    private static (string Subject, Body Body) NotRegistered(Values v)
    {
        var body = new Body();
        if (v.Polish)
        {
            body.Paragraph("Dzień dobry,");
            body.Paragraph($"otrzymaliśmy prośbę o ustawienie hasła lub przywrócenie dostępu w dzienniku elektronicznym {v.Instance} ({v.Site}) dla adresu {v.Recipient}.");
            body.Paragraph("Tego adresu e-mail nie ma w kartotece żadnego ucznia w szkołach, które korzystają z tego adresu dziennika, albo dane w kartotece są niepełne (np. brakuje imienia, nazwiska lub numeru PESEL), dlatego nie możemy wysłać linku do ustawienia hasła.");
            body.Paragraph("Loginem jest adres e-mail wpisany w kartotece ucznia przez sekretarza szkoły lub wychowawcę klasy: adres ucznia albo adres rodzica/opiekuna (inny niż adres dziecka).");
            body.Paragraph("Co możesz zrobić:");
            body.Bullets(
                [new Part("Skontaktuj się z sekretariatem szkoły lub wychowawcą klasy i poproś o sprawdzenie, jaki adres e-mail jest wpisany w kartotece dziecka, albo o jego wpisanie lub poprawienie.", false)],
                [new Part("Sprawdź, czy korzystasz z właściwego adresu dziennika: szkoły mogą korzystać z różnych adresów. ", false), new Part("Adres witryny przekazuje szkoła i jest to jedyne źródło prawidłowego adresu.", true)]);
            body.Paragraph("Jeśli ta prośba nie pochodzi od Ciebie, zignoruj tę wiadomość.");
            return ("Nie możemy wysłać linku do ustawienia hasła", body);
        }

        body.Paragraph("Hello,");
        body.Paragraph($"we received a request to set a password or restore access in the e-register {v.Instance} ({v.Site}) for the address {v.Recipient}.");
        body.Paragraph("This e-mail address is not in any pupil's record at the schools that use this e-register address, or the record is incomplete (for example, a name or the PESEL number is missing), so we cannot send a link to set a password.");
        body.Paragraph("Your login is the e-mail address that the school secretary or the class teacher entered in the pupil's record: the pupil's own address or the parent's/guardian's address (different from the child's).");
        body.Paragraph("What you can do:");
        body.Bullets(
            [new Part("Contact the school secretary or your child's class teacher and ask them to check which e-mail address is in your child's record, or to add or correct it.", false)],
            [new Part("Check that you are using the right e-register address: schools may use different addresses. ", false), new Part("The site address comes only from the school; it is the only source of the correct address.", true)]);
        body.Paragraph("If you did not make this request, ignore this message.");
        return ("We cannot send you a link to set a password", body);
    }

    private static (string Subject, Body Body) PasswordSet(Values v, DateTimeOffset occurredAt)
    {
        var body = new Body();
        var time = v.Time(occurredAt);
        if (v.Polish)
        {
            body.Paragraph("Dzień dobry,");
            body.Paragraph($"hasło do konta {v.Recipient} w dzienniku elektronicznym {v.Instance} zostało ustawione. Data i godzina: {time}.");
            body.Paragraph("Jeśli to Ty, nie musisz nic robić.");
            body.Paragraph(new Part($"Jeśli to nie Ty, jak najszybciej ustaw nowe hasło: na stronie logowania {v.Site} wybierz „", false), new Part("Przywróć dostęp", true), new Part("”. Następnie skontaktuj się ze szkołą (sekretariat lub wychowawca klasy).", false));
            return ("Hasło do dziennika zostało ustawione", body);
        }

        body.Paragraph("Hello,");
        body.Paragraph($"the password of the account {v.Recipient} in the e-register {v.Instance} was set on {time}.");
        body.Paragraph("If this was you, there is nothing more to do.");
        body.Paragraph(new Part($"If it was not you, set a new password as soon as possible: on the sign-in page {v.Site} choose “", false), new Part("Przywróć dostęp", true), new Part("” (restore access). Then contact the school (the secretary or the class teacher).", false));
        return ("Your e-register password was set", body);
    }

    // Goes to the old address (R9): that account is closed, and the app can be re-paired without a reinstall.
    private static (string Subject, Body Body) EmailChanged(Values v, DateTimeOffset? occurredAt)
    {
        var body = new Body();
        if (v.Polish)
        {
            var when = occurredAt is { } at ? $" Data i godzina zmiany: {v.Time(at)}." : string.Empty;
            body.Paragraph("Dzień dobry,");
            body.Paragraph($"szkoła zastąpiła Twój adres {v.Recipient} innym adresem w kartotece ucznia w dzienniku elektronicznym {v.Instance}.{when}");
            body.Paragraph($"Dlatego konto dla adresu {v.Recipient} zostało zamknięte: nastąpiło wylogowanie ze wszystkich przeglądarek, a zarejestrowane urządzenia mobilne zostały odłączone od konta.");
            body.Paragraph("Aby dalej korzystać z dziennika:");
            body.Bullets(
                [new Part($"Na stronie logowania {v.Site} wybierz „", false), new Part("Przywróć dostęp", true), new Part("”, wpisz nowy adres e-mail podany szkole i ustaw hasło.", false)],
                [new Part("Zarejestruj ponownie urządzenie mobilne: po zalogowaniu na komputerze wybierz ", false), new Part("Dostęp mobilny → Zarejestruj urządzenie mobilne", true), new Part(", a w aplikacji zeskanuj kod QR i wpisz PIN. Nie trzeba odinstalowywać ani ponownie instalować aplikacji.", false)]);
            body.Paragraph("Jeśli zmiana nie została zgłoszona przez Ciebie, skontaktuj się z sekretariatem szkoły lub wychowawcą klasy.");
            return ("Zmiana adresu e-mail w dzienniku", body);
        }

        var changed = occurredAt is { } time ? $" Changed on {v.Time(time)}." : string.Empty;
        body.Paragraph("Hello,");
        body.Paragraph($"the school replaced your address {v.Recipient} with another address in the pupil's record in the e-register {v.Instance}.{changed}");
        body.Paragraph($"The account for {v.Recipient} is therefore closed: it was signed out of every browser, and its registered mobile devices were disconnected.");
        body.Paragraph("To keep using the e-register:");
        body.Bullets(
            [new Part($"On the sign-in page {v.Site}, choose “", false), new Part("Przywróć dostęp", true), new Part("” (restore access), enter the new e-mail address you gave the school, and set a password.", false)],
            [new Part("Register your mobile device again: signed in on a computer, choose ", false), new Part("Dostęp mobilny → Zarejestruj urządzenie mobilne", true), new Part(" (mobile access → register mobile device), then scan the QR code in the app and enter the PIN. You do not need to uninstall or reinstall the app.", false)]);
        body.Paragraph("If you did not ask for this change, contact the school secretary or the class teacher.");
        return ("Your e-mail address in the e-register was changed", body);
    }

    private static (string Subject, Body Body) AccountClosed(Values v, DateTimeOffset? occurredAt)
    {
        var body = new Body();
        var when = occurredAt is { } at ? v.Time(at) : null;
        if (v.Polish)
        {
            body.Paragraph("Dzień dobry,");
            body.Paragraph($"konto {v.Recipient} w dzienniku elektronicznym {v.Instance} zostało zamknięte{(when is null ? string.Empty : $" ({when})")}, ponieważ ten adres e-mail nie jest już wpisany w kartotece żadnego ucznia. Zarejestrowane urządzenia mobilne zostały wyrejestrowane.");
            body.Paragraph("Jeśli to pomyłka, poproś sekretarza szkoły lub wychowawcę klasy o wpisanie adresu w kartotece dziecka. Potem ustaw hasło przez „Przywróć dostęp” i zarejestruj urządzenie ponownie (Dostęp mobilny → Zarejestruj urządzenie mobilne) — bez reinstalacji aplikacji.");
            return ("Twoje konto w dzienniku zostało zamknięte", body);
        }

        body.Paragraph("Hello,");
        body.Paragraph($"the account {v.Recipient} in the e-register {v.Instance} was closed{(when is null ? string.Empty : $" ({when})")} because no pupil's record lists this e-mail address any more. Its registered mobile devices were unregistered.");
        body.Paragraph("If this is a mistake, ask the school secretary or the class teacher to enter the address in the child's record. Then set a password with “Przywróć dostęp” (restore access) and register the device again (Dostęp mobilny → Zarejestruj urządzenie mobilne) — no need to reinstall the app.");
        return ("Your e-register account was closed", body);
    }

    // A changed second factor is a changed way in (ASVS V6: notify on every change of authentication details): the owner
    // learns of it even if the session that made it was not theirs.
    private static (string Subject, Body Body) SecondFactorChanged(Values v, bool enabled, DateTimeOffset occurredAt)
    {
        var body = new Body();
        var time = v.Time(occurredAt);
        if (v.Polish)
        {
            body.Paragraph("Dzień dobry,");
            body.Paragraph(enabled
                ? $"na koncie {v.Recipient} w dzienniku elektronicznym {v.Instance} włączono logowanie dwuetapowe (kod z aplikacji) albo wygenerowano nowe kody odzyskiwania. Data i godzina: {time}."
                : $"na koncie {v.Recipient} w dzienniku elektronicznym {v.Instance} wyłączono logowanie dwuetapowe (kod z aplikacji). Data i godzina: {time}.");
            body.Paragraph("Jeśli to Ty, nie musisz nic robić.");
            body.Paragraph(new Part($"Jeśli to nie Ty, na stronie logowania {v.Site} wybierz „", false), new Part("Przywróć dostęp", true), new Part("”, ustaw nowe hasło, a po zalogowaniu wybierz „Wyloguj wszędzie”. Powiadom szkołę.", false));
            return (enabled ? "Zmiana logowania dwuetapowego w dzienniku" : "Logowanie dwuetapowe zostało wyłączone", body);
        }

        body.Paragraph("Hello,");
        body.Paragraph(enabled
            ? $"two-step sign-in (a code from an app) was switched on, or new recovery codes were made, for the account {v.Recipient} in the e-register {v.Instance}, on {time}."
            : $"two-step sign-in (a code from an app) was switched off for the account {v.Recipient} in the e-register {v.Instance}, on {time}.");
        body.Paragraph("If this was you, there is nothing more to do.");
        body.Paragraph(new Part($"If it was not you, choose “", false), new Part("Przywróć dostęp", true), new Part($"” (restore access) on the sign-in page {v.Site}, set a new password, then choose “sign out everywhere” once signed in, and tell the school.", false));
        return (enabled ? "Two-step sign-in changed in your e-register account" : "Two-step sign-in was switched off", body);
    }

    private static (string Subject, Body Body) NewDevice(Values v, string device, DateTimeOffset occurredAt)
    {
        var body = new Body();
        var time = v.Time(occurredAt);
        if (v.Polish)
        {
            body.Paragraph("Dzień dobry,");
            body.Paragraph($"do konta {v.Recipient} w dzienniku elektronicznym {v.Instance} zarejestrowano nowe urządzenie mobilne: {device}. Data i godzina: {time}.");
            body.Paragraph("Jeśli to Ty, nie musisz nic robić.");
            body.Paragraph(new Part($"Jeśli nie znasz tego urządzenia, zaloguj się na stronie {v.Site}, wybierz ", false), new Part("Dostęp mobilny → Wyrejestruj", true), new Part(" przy tym urządzeniu, a następnie zmień hasło przez „Przywróć dostęp” i powiadom szkołę.", false));
            return ("Nowe urządzenie mobilne na Twoim koncie", body);
        }

        body.Paragraph("Hello,");
        body.Paragraph($"a new mobile device was registered to the account {v.Recipient} in the e-register {v.Instance}: {device}, on {time}.");
        body.Paragraph("If this was you, there is nothing more to do.");
        body.Paragraph(new Part($"If you do not recognise this device, sign in at {v.Site}, choose ", false), new Part("Dostęp mobilny → Wyrejestruj", true), new Part(" (mobile access → unregister) next to the device, then change your password with “Przywróć dostęp” (restore access) and tell the school.", false));
        return ("A new mobile device was registered to your account", body);
    }

    private static (string Subject, Body Body) PasskeyChanged(Values v, bool added, string passkey, DateTimeOffset occurredAt)
    {
        var body = new Body();
        var time = v.Time(occurredAt);
        if (v.Polish)
        {
            body.Paragraph("Dzień dobry,");
            body.Paragraph(added
                ? $"do konta {v.Recipient} w dzienniku elektronicznym {v.Instance} dodano klucz dostępu: {passkey}. Data i godzina: {time}."
                : $"z konta {v.Recipient} w dzienniku elektronicznym {v.Instance} usunięto klucz dostępu: {passkey}. Data i godzina: {time}.");
            body.Paragraph("Jeśli to Ty, nie musisz nic robić.");
            body.Paragraph(new Part($"Jeśli to nie Ty, zaloguj się na stronie {v.Site}, sprawdź ", false), new Part("Konto → Klucze dostępu", true), new Part(", zmień hasło przez „Przywróć dostęp” i powiadom szkołę.", false));
            return (added ? "Dodano klucz dostępu do Twojego konta" : "Usunięto klucz dostępu z Twojego konta", body);
        }

        body.Paragraph("Hello,");
        body.Paragraph(added
            ? $"a passkey was added to the account {v.Recipient} in the e-register {v.Instance}: {passkey}, on {time}."
            : $"a passkey was removed from the account {v.Recipient} in the e-register {v.Instance}: {passkey}, on {time}.");
        body.Paragraph("If this was you, there is nothing more to do.");
        body.Paragraph(new Part($"If it was not you, sign in at {v.Site}, check ", false), new Part("Konto → Klucze dostępu", true), new Part(" (account → passkeys), change your password with “Przywróć dostęp” (restore access) and tell the school.", false));
        return (added ? "A passkey was added to your account" : "A passkey was removed from your account", body);
    }

    private static T Require<T>(T? value, string member, MailKind kind)
        where T : struct =>
        value ?? throw Missing(member, kind);

    private static string RequireText(string? value, string member, MailKind? kind = null) =>
        OneLine(value ?? string.Empty) is { Length: > 0 } text ? text : throw Missing(member, kind);

    // Only http(s) addresses may become links: a javascript: or data: URI in a mail is an attack, never a bug to render.
    private static Uri RequireWebAddress(Uri? value, string member, MailKind? kind = null)
    {
        if (value is null)
        {
            throw Missing(member, kind);
        }

        if (!value.IsAbsoluteUri || (value.Scheme != Uri.UriSchemeHttps && value.Scheme != Uri.UriSchemeHttp))
        {
            throw new ArgumentException($"{nameof(MailTemplateModel)}.{member} must be an absolute http(s) address.", "model");
        }

        return value;
    }

    private static ArgumentException Missing(string member, MailKind? kind) =>
        new(kind is null ? $"{nameof(MailTemplateModel)}.{member} is required." : $"A {kind} mail needs {nameof(MailTemplateModel)}.{member}.", "model");

    // Values come from records and devices: a line break or control character in them must not forge lines of the
    // plain-text body or headers of the subject.
    private static string OneLine(string value)
    {
        var builder = new StringBuilder(value.Length);
        var space = false;
        foreach (var c in value)
        {
            var blank = char.IsWhiteSpace(c) || char.GetUnicodeCategory(c) is UnicodeCategory.Control or UnicodeCategory.Format or UnicodeCategory.LineSeparator or UnicodeCategory.ParagraphSeparator;
            if (blank)
            {
                space = builder.Length > 0;
                continue;
            }

            if (space)
            {
                builder.Append(' ');
                space = false;
            }

            builder.Append(c);
        }

        return builder.ToString();
    }

    private static string SubjectLine(string subject)
    {
        var line = OneLine(subject);
        if (line.Length <= MaxSubjectLength)
        {
            return line;
        }

        var cut = MaxSubjectLength - 1;
        if (char.IsLowSurrogate(line[cut]))
        {
            cut--;
        }

        return line[..cut].TrimEnd() + "…";
    }

    private static string HtmlEncode(string text)
    {
        var builder = new StringBuilder(text.Length + 16);
        foreach (var c in text)
        {
            _ = c switch
            {
                '&' => builder.Append("&amp;"),
                '<' => builder.Append("&lt;"),
                '>' => builder.Append("&gt;"),
                '"' => builder.Append("&quot;"),
                '\'' => builder.Append("&#39;"),
                _ => builder.Append(c),
            };
        }

        return builder.ToString();
    }

    /// <summary>The model's values, cleaned once, and the language.</summary>
    private sealed class Values
    {
        public Values(MailTemplateModel model, bool polish)
        {
            Polish = polish;
            Recipient = RequireText(model.Recipient, nameof(model.Recipient));
            Instance = RequireText(model.InstanceName, nameof(model.InstanceName));
            Site = RequireWebAddress(model.InstanceUrl, nameof(model.InstanceUrl)).AbsoluteUri;
        }

        public bool Polish { get; }

        public string Recipient { get; }

        public string Instance { get; }

        public string Site { get; }

        // UTC with the zone named, so a mail renders the same on every server; day and month names are spelled out
        // so that 03.05 cannot be read as either March or May.
        public string Time(DateTimeOffset value)
        {
            var utc = value.UtcDateTime;
            var clock = utc.ToString("HH:mm", CultureInfo.InvariantCulture);
            var day = utc.Day.ToString(CultureInfo.InvariantCulture);
            var year = utc.Year.ToString(CultureInfo.InvariantCulture);
            var month = Polish ? PolishMonthsGenitive[utc.Month - 1] : CultureInfo.InvariantCulture.DateTimeFormat.GetMonthName(utc.Month);
            return $"{day} {month} {year}, {clock} UTC";
        }
    }

    /// <summary>A piece of a paragraph; <paramref name="Strong"/> marks names of buttons and menus parents look for.</summary>
    private readonly record struct Part(string Text, bool Strong);

    /// <summary>The blocks of a mail, rendered once as plain text and once as HTML.</summary>
    private sealed class Body
    {
        private readonly List<Block> _blocks = [];

        public void Paragraph(string text) => _blocks.Add(new Block([[new Part(text, false)]], false, null, null, null));

        public void Paragraph(params Part[] parts) => _blocks.Add(new Block([parts], false, null, null, null));

        public void Bullets(params Part[][] items) => _blocks.Add(new Block(items, true, null, null, null));

        public void Button(Uri link, string label, string fallback) => _blocks.Add(new Block([], false, link, label, fallback));

        public string Text(string footer)
        {
            var text = new StringBuilder();
            foreach (var block in _blocks)
            {
                if (block.Link is not null)
                {
                    text.Append(block.Link.AbsoluteUri).Append("\n\n");
                    continue;
                }

                foreach (var item in block.Items)
                {
                    text.Append(block.Bulleted ? "- " : string.Empty);
                    foreach (var part in item)
                    {
                        text.Append(part.Text);
                    }

                    text.Append('\n');
                }

                text.Append('\n');
            }

            return text.Append("-- \n").Append(footer).Append('\n').ToString();
        }

        public string Html(string subject, string footer, string language)
        {
            var html = new StringBuilder();
            html.Append("<!DOCTYPE html>\n<html lang=\"").Append(language).Append("\">\n<head>\n<meta charset=\"utf-8\">\n")
                .Append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>").Append(HtmlEncode(subject)).Append("</title>\n</head>\n")
                .Append("<body style=\"font-family: Arial, Helvetica, sans-serif; font-size: 15px; line-height: 1.5; color: #1a1a1a;\">\n");
            foreach (var block in _blocks)
            {
                if (block.Link is not null)
                {
                    var href = HtmlEncode(block.Link.AbsoluteUri);
                    html.Append("<p><a href=\"").Append(href)
                        .Append("\" style=\"display: inline-block; padding: 10px 20px; background: #1f5fbf; color: #ffffff; text-decoration: none; border-radius: 4px; font-weight: bold;\">")
                        .Append(HtmlEncode(block.Label!)).Append("</a></p>\n")
                        .Append("<p style=\"font-size: 13px; color: #555555;\">").Append(HtmlEncode(block.Fallback!)).Append("<br>").Append(href).Append("</p>\n");
                    continue;
                }

                html.Append(block.Bulleted ? "<ul>\n" : string.Empty);
                foreach (var item in block.Items)
                {
                    html.Append(block.Bulleted ? "<li>" : "<p>");
                    foreach (var part in item)
                    {
                        html.Append(part.Strong ? "<strong>" : string.Empty).Append(HtmlEncode(part.Text)).Append(part.Strong ? "</strong>" : string.Empty);
                    }

                    html.Append(block.Bulleted ? "</li>\n" : "</p>\n");
                }

                html.Append(block.Bulleted ? "</ul>\n" : string.Empty);
            }

            return html.Append("<hr>\n<p style=\"font-size: 13px; color: #555555;\">").Append(HtmlEncode(footer)).Append("</p>\n</body>\n</html>\n").ToString();
        }

        private sealed record Block(Part[][] Items, bool Bulleted, Uri? Link, string? Label, string? Fallback);
    }
}
