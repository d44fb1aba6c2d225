using System.Globalization;
using System.Text;

namespace Uonet.Access.Mail;

/// <summary>
/// Writes an <see cref="OutboxMessage"/> as an RFC 5322 / MIME message: folded headers (RFC 2047 encoded-words for
/// non-ASCII text), a multipart/alternative body with base64 text and HTML parts, CRLF line endings.
/// </summary>
internal static class Rfc5322Writer
{
    // RFC 5322 §2.1.1: lines SHOULD stay within 78 characters.
    private const int MaxHeaderLine = 78;

    // RFC 2045 §6.8: base64 lines are at most 76 characters.
    private const int BodyLine = 76;

    // 39 bytes make 52 base64 characters, so "=?utf-8?B?…?=" is 64 characters and fits a folded line with room for
    // the header name. RFC 2047 §2 caps an encoded-word at 75.
    private const int EncodedWordBytes = 39;

    // A longer word could not be folded under the line limit; such text is sent as encoded-words, which may be split anywhere.
    private const int MaxPlainWord = 60;

    /// <summary>Validates a mailbox and returns its header tokens (display name, then <c>&lt;address&gt;</c>).</summary>
    /// <exception cref="ArgumentException">The name or the address holds a line break or control character, or the address is malformed.</exception>
    public static IReadOnlyList<string> Mailbox(string? displayName, string address, string parameterName)
    {
        var tokens = new List<string>();
        if (!string.IsNullOrEmpty(displayName))
        {
            RefuseControlCharacters(displayName, parameterName);
            tokens.AddRange(IsPlain(displayName) && displayName.Length <= MaxPlainWord ? [Quote(displayName)] : EncodedWords(displayName));
        }

        tokens.Add("<" + Address(address, parameterName) + ">");
        return tokens;
    }

    /// <summary>Renders the whole message as UTF-8 bytes.</summary>
    /// <exception cref="ArgumentException">A header value holds a line break or control character (header injection), or an address or the Message-Id is malformed.</exception>
    public static byte[] Write(OutboxMessage message, IReadOnlyList<string> from, DateTimeOffset date)
    {
        ArgumentNullException.ThrowIfNull(message);
        var messageId = MessageId(message.MessageId);
        var to = Address(message.To, nameof(message.To));
        RefuseControlCharacters(message.Subject, nameof(message.Subject));
        var boundary = "=_uonet_" + message.Id.ToString("N", CultureInfo.InvariantCulture);

        var text = new StringBuilder();
        Header(text, "Message-Id", [messageId]);
        Header(text, "Date", [date.ToUniversalTime().ToString("ddd, dd MMM yyyy HH:mm:ss '+0000'", CultureInfo.InvariantCulture)]);
        Header(text, "From", from);
        Header(text, "To", [to]);
        Header(text, "Subject", Unstructured(message.Subject));
        Header(text, "MIME-Version", ["1.0"]);

        // RFC 3834: tells auto-responders (out-of-office replies) not to answer a notification.
        Header(text, "Auto-Submitted", ["auto-generated"]);
        Header(text, "Content-Type", ["multipart/alternative;", "boundary=\"" + boundary + "\""]);
        text.Append("\r\n");
        Part(text, boundary, "text/plain", message.TextBody);
        Part(text, boundary, "text/html", message.HtmlBody);
        text.Append("--").Append(boundary).Append("--\r\n");
        return Encoding.UTF8.GetBytes(text.ToString());
    }

    private static void Header(StringBuilder output, string name, IEnumerable<string> tokens)
    {
        output.Append(name).Append(':');
        var line = name.Length + 1;
        foreach (var token in tokens)
        {
            // Folding inserts CRLF before the separating space, so unfolding restores the value exactly. An empty
            // token (two spaces in a row) never starts a line: a line of only white space is forbidden.
            if (token.Length > 0 && line + 1 + token.Length > MaxHeaderLine && line > name.Length + 1)
            {
                output.Append("\r\n");
                line = 0;
            }

            output.Append(' ').Append(token);
            line += 1 + token.Length;
        }

        output.Append("\r\n");
    }

    private static void Part(StringBuilder output, string boundary, string mediaType, string body)
    {
        output.Append("--").Append(boundary).Append("\r\n")
            .Append("Content-Type: ").Append(mediaType).Append("; charset=utf-8\r\n")
            .Append("Content-Transfer-Encoding: base64\r\n\r\n");

        // RFC 2046 §4.1.1: line breaks in text are CRLF in canonical form, whatever the platform wrote.
        var base64 = Convert.ToBase64String(Encoding.UTF8.GetBytes(body.ReplaceLineEndings("\r\n")));
        for (var start = 0; start < base64.Length; start += BodyLine)
        {
            output.Append(base64, start, Math.Min(BodyLine, base64.Length - start)).Append("\r\n");
        }
    }

    private static IEnumerable<string> Unstructured(string value)
    {
        var words = value.Split(' ');
        return IsPlain(value) && words.All(w => w.Length <= MaxPlainWord) ? words : EncodedWords(value);
    }

    // Printable ASCII that no reader would take for an encoded-word.
    private static bool IsPlain(string value) =>
        value.All(c => c is >= ' ' and <= '~') && !value.Contains("=?", StringComparison.Ordinal);

    private static string Quote(string value) => "\"" + value.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal) + "\"";

    // RFC 2047: each word holds whole characters, so no reader sees half of a Polish letter.
    private static List<string> EncodedWords(string value)
    {
        var words = new List<string>();
        var chunk = new List<byte>(EncodedWordBytes);
        Span<byte> buffer = stackalloc byte[4];
        foreach (var rune in value.EnumerateRunes())
        {
            var length = rune.EncodeToUtf8(buffer);
            if (chunk.Count + length > EncodedWordBytes)
            {
                words.Add(EncodedWord(chunk));
                chunk.Clear();
            }

            chunk.AddRange(buffer[..length]);
        }

        if (chunk.Count > 0 || words.Count == 0)
        {
            words.Add(EncodedWord(chunk));
        }

        return words;
    }

    private static string EncodedWord(List<byte> bytes) => "=?utf-8?B?" + Convert.ToBase64String([.. bytes]) + "?=";

    private static void RefuseControlCharacters(string? value, string parameterName)
    {
        ArgumentNullException.ThrowIfNull(value, parameterName);
        foreach (var c in value)
        {
            if (char.IsControl(c))
            {
                throw new ArgumentException("A mail header value must not contain line breaks or control characters (header injection).", parameterName);
            }
        }
    }

    // One addr-spec, nothing that could add a recipient or a comment. A Unicode domain is written in its ASCII
    // (punycode) form; a Unicode local part stays UTF-8 (RFC 6532), as no ASCII form of it exists.
    private static string Address(string? address, string parameterName)
    {
        RefuseControlCharacters(address, parameterName);
        var at = address!.IndexOf('@', StringComparison.Ordinal);
        if (at <= 0 || at == address.Length - 1 || address.IndexOf('@', at + 1) >= 0 || address.Any(c => char.IsWhiteSpace(c) || "<>(),;:\"[]\\".Contains(c, StringComparison.Ordinal)))
        {
            throw new ArgumentException("A mail address must be a single address without a display name or spaces.", parameterName);
        }

        return address[..(at + 1)] + new IdnMapping().GetAscii(address[(at + 1)..]);
    }

    private static string MessageId(string? value)
    {
        RefuseControlCharacters(value, nameof(OutboxMessage.MessageId));
        if (value!.Length < 5 || value[0] != '<' || value[^1] != '>' || !value.Contains('@', StringComparison.Ordinal) || value.AsSpan(1, value.Length - 2).ContainsAny(" <>"))
        {
            throw new ArgumentException("A Message-Id must look like <id@domain>.", nameof(OutboxMessage.MessageId));
        }

        return value;
    }
}
