using System.Globalization;
using System.Text;
using Uonet.Access.Localization;

namespace Uonet.Access.Mail;

/// <summary>
/// The built-in mails of every <see cref="MailKind"/>, written for parents: what happened, what to do, whom to ask. The
/// words come from <see cref="AccessTextProvider.MailText"/> (Polish, English, Ukrainian, or a host's own), the layout
/// from here. Times are shown in UTC so the same mail renders the same everywhere. Every value is HTML-encoded in the
/// HTML body, and subjects are one line of at most 120 characters.
/// </summary>
public sealed class DefaultMailTemplates : IMailTemplates
{
    // A longer subject (a very long instance name) is cut with an ellipsis.
    internal const int MaxSubjectLength = 120;

    private readonly AccessTextProvider _texts;

    /// <summary>Mails with the built-in texts.</summary>
    public DefaultMailTemplates()
        : this(AccessTextProvider.Default)
    {
    }

    /// <summary>Mails with a host's texts.</summary>
    /// <param name="texts">The texts.</param>
    public DefaultMailTemplates(AccessTextProvider texts)
    {
        ArgumentNullException.ThrowIfNull(texts);
        _texts = texts;
    }

    /// <inheritdoc />
    /// <exception cref="ArgumentException">The model lacks a member the kind needs, or a link is not an absolute http(s) address.</exception>
    public MailContent Render(MailKind kind, MailTemplateModel model, CultureInfo culture)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(culture);
        var values = new Values(model, _texts, culture);
        var (subject, mail) = kind switch
        {
            MailKind.AccessLink => AccessLink(values, RequireWebAddress(model.Link, nameof(model.Link), kind), Require(model.ExpiresAt, nameof(model.ExpiresAt), kind)),
            MailKind.NotRegistered => NotRegistered(values),
            MailKind.PasswordSet => PasswordSet(values, Require(model.OccurredAt, nameof(model.OccurredAt), kind)),
            MailKind.EmailChanged => EmailChanged(values, model.OccurredAt),
            MailKind.AccountClosed => AccountClosed(values, model.OccurredAt),
            MailKind.NewDevice => NewDevice(values, RequireText(model.DeviceName, nameof(model.DeviceName), kind), Require(model.OccurredAt, nameof(model.OccurredAt), kind)),
            MailKind.SecondFactorEnabled or MailKind.SecondFactorDisabled => SecondFactorChanged(values, kind, Require(model.OccurredAt, nameof(model.OccurredAt), kind)),
            MailKind.PasskeyAdded or MailKind.PasskeyRemoved => PasskeyChanged(values, kind, RequireText(model.PasskeyName, nameof(model.PasskeyName), kind), Require(model.OccurredAt, nameof(model.OccurredAt), kind)),
            _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "Unknown mail kind."),
        };

        var footer = values.Line("Footer");
        var line = SubjectLine(subject + " – " + values.Instance);
        return new MailContent(line, mail.Text(footer), mail.Html(line, footer, _texts.LanguageTag(culture)));
    }

    private static (string Subject, Body Body) AccessLink(Values v, Uri link, DateTimeOffset expiresAt)
    {
        v.Set("expiry", v.Time(expiresAt));
        var body = new Body();
        body.Paragraph(v.Parts("Greeting"));
        body.Paragraph(v.Parts("AccessLink.Request"));
        body.Paragraph(v.Parts("AccessLink.OpenLink"));
        body.Button(link, v.Line("AccessLink.Button"), v.Line("AccessLink.ButtonFallback"));
        body.Paragraph(v.Parts("AccessLink.Expiry"));
        body.Paragraph(v.Parts("AccessLink.NotYou"));
        body.Paragraph(v.Parts("AccessLink.Login"));
        return (v.Line("AccessLink.Subject"), body);
    }

    // Sent instead of a link, so it carries no link at all: only who can fix the record (R1, R2) and that the school
    // alone gives out the site address (R6).
    private static (string Subject, Body Body) NotRegistered(Values v)
    {
        var body = new Body();
        body.Paragraph(v.Parts("Greeting"));
        body.Paragraph(v.Parts("NotRegistered.Request"));
        body.Paragraph(v.Parts("NotRegistered.NotFound"));
        body.Paragraph(v.Parts("NotRegistered.Login"));
        body.Paragraph(v.Parts("NotRegistered.WhatToDo"));
        body.Bullets(v.Parts("NotRegistered.AskSchool"), v.Parts("NotRegistered.CheckAddress"));
        body.Paragraph(v.Parts("NotRegistered.NotYou"));
        return (v.Line("NotRegistered.Subject"), body);
    }

    private static (string Subject, Body Body) PasswordSet(Values v, DateTimeOffset occurredAt)
    {
        v.Set("time", v.Time(occurredAt));
        var body = new Body();
        body.Paragraph(v.Parts("Greeting"));
        body.Paragraph(v.Parts("PasswordSet.Done"));
        body.Paragraph(v.Parts("IfThisWasYou"));
        body.Paragraph(v.Parts("PasswordSet.NotYou"));
        return (v.Line("PasswordSet.Subject"), body);
    }

    // Goes to the old address (R9): that account is closed, and the app can be re-paired without a reinstall.
    private static (string Subject, Body Body) EmailChanged(Values v, DateTimeOffset? occurredAt)
    {
        v.When("EmailChanged.When", occurredAt);
        var body = new Body();
        body.Paragraph(v.Parts("Greeting"));
        body.Paragraph(v.Parts("EmailChanged.Replaced"));
        body.Paragraph(v.Parts("EmailChanged.Closed"));
        body.Paragraph(v.Parts("EmailChanged.ToKeepUsing"));
        body.Bullets(v.Parts("EmailChanged.RestoreAccess"), v.Parts("EmailChanged.RegisterDevice"));
        body.Paragraph(v.Parts("EmailChanged.NotYou"));
        return (v.Line("EmailChanged.Subject"), body);
    }

    private static (string Subject, Body Body) AccountClosed(Values v, DateTimeOffset? occurredAt)
    {
        v.When("AccountClosed.When", occurredAt);
        var body = new Body();
        body.Paragraph(v.Parts("Greeting"));
        body.Paragraph(v.Parts("AccountClosed.Closed"));
        body.Paragraph(v.Parts("AccountClosed.Mistake"));
        return (v.Line("AccountClosed.Subject"), body);
    }

    // A changed second factor is a changed way in (ASVS V6: notify on every change of authentication details): the owner
    // learns of it even if the session that made it was not theirs.
    private static (string Subject, Body Body) SecondFactorChanged(Values v, MailKind kind, DateTimeOffset occurredAt)
    {
        v.Set("time", v.Time(occurredAt));
        var body = new Body();
        body.Paragraph(v.Parts("Greeting"));
        body.Paragraph(v.Parts(kind + ".Changed"));
        body.Paragraph(v.Parts("IfThisWasYou"));
        body.Paragraph(v.Parts("SecondFactor.NotYou"));
        return (v.Line(kind + ".Subject"), body);
    }

    private static (string Subject, Body Body) NewDevice(Values v, string device, DateTimeOffset occurredAt)
    {
        v.Set("time", v.Time(occurredAt));
        v.Set("device", device);
        var body = new Body();
        body.Paragraph(v.Parts("Greeting"));
        body.Paragraph(v.Parts("NewDevice.Registered"));
        body.Paragraph(v.Parts("IfThisWasYou"));
        body.Paragraph(v.Parts("NewDevice.NotYou"));
        return (v.Line("NewDevice.Subject"), body);
    }

    // A passkey is a way in like a password (ASVS V6: notify on every change of authentication details); the same
    // words whether the person, someone in their session or the school office made the change.
    private static (string Subject, Body Body) PasskeyChanged(Values v, MailKind kind, string passkey, DateTimeOffset occurredAt)
    {
        v.Set("time", v.Time(occurredAt));
        v.Set("passkey", passkey);
        var body = new Body();
        body.Paragraph(v.Parts("Greeting"));
        body.Paragraph(v.Parts(kind + ".Changed"));
        body.Paragraph(v.Parts("IfThisWasYou"));
        body.Paragraph(v.Parts("Passkey.NotYou"));
        return (v.Line(kind + ".Subject"), body);
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

    /// <summary>The model's values, cleaned once, and the texts of the language.</summary>
    private sealed class Values
    {
        private readonly AccessTextProvider _texts;
        private readonly CultureInfo _culture;
        private readonly Dictionary<string, string> _values;

        public Values(MailTemplateModel model, AccessTextProvider texts, CultureInfo culture)
        {
            _texts = texts;
            _culture = culture;
            Instance = RequireText(model.InstanceName, nameof(model.InstanceName));
            _values = new Dictionary<string, string>(StringComparer.Ordinal)
            {
                ["recipient"] = RequireText(model.Recipient, nameof(model.Recipient)),
                ["instance"] = Instance,
                ["site"] = RequireWebAddress(model.InstanceUrl, nameof(model.InstanceUrl)).AbsoluteUri,
            };
        }

        public string Instance { get; }

        public void Set(string name, string value) => _values[name] = value;

        // An optional sentence about when it happened: empty without a time.
        public void When(string name, DateTimeOffset? occurredAt)
        {
            if (occurredAt is { } at)
            {
                Set("time", Time(at));
            }

            Set("when", occurredAt is null ? string.Empty : Line(name));
        }

        /// <summary>A text with its values, as one plain line (subjects, labels, the footer).</summary>
        public string Line(string name) => _texts.Format(_texts.MailText(name, _culture), _values, _culture);

        /// <summary>
        /// A text split at <c>**</c> into plain and bold parts before its values are filled, so that a value (a device's
        /// name) can never make anything bold.
        /// </summary>
        public Part[] Parts(string name)
        {
            var pieces = _texts.MailText(name, _culture).Split("**");
            var parts = new List<Part>(pieces.Length);
            for (var i = 0; i < pieces.Length; i++)
            {
                if (pieces[i].Length > 0)
                {
                    parts.Add(new Part(_texts.Format(pieces[i], _values, _culture), i % 2 == 1));
                }
            }

            return [.. parts];
        }

        // UTC with the zone named, so a mail renders the same on every server; day and month names are spelled out
        // so that 03.05 cannot be read as either March or May.
        public string Time(DateTimeOffset value)
        {
            var utc = value.UtcDateTime;
            var clock = utc.ToString("HH:mm", CultureInfo.InvariantCulture);
            var day = utc.Day.ToString(CultureInfo.InvariantCulture);
            var year = utc.Year.ToString(CultureInfo.InvariantCulture);
            var month = _texts.MailText("MonthsGenitive", _culture).Split('|')[utc.Month - 1];
            return $"{day} {month} {year}, {clock} UTC";
        }
    }

    /// <summary>A piece of a paragraph; <paramref name="Strong"/> marks names of buttons and menus parents look for.</summary>
    private readonly record struct Part(string Text, bool Strong);

    /// <summary>The blocks of a mail, rendered once as plain text and once as HTML.</summary>
    private sealed class Body
    {
        private readonly List<Block> _blocks = [];

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
