using System.Text;
using System.Text.RegularExpressions;

namespace Uonet.Access.Tests.Mail;

/// <summary>
/// A deliberately independent reader of the <c>.eml</c> files the pickup sender writes: unfolds headers, decodes
/// RFC 2047 encoded-words and the base64 parts of a multipart/alternative body.
/// </summary>
internal sealed partial class EmlMessage
{
    private EmlMessage(string raw, IReadOnlyList<string> headerLines, Dictionary<string, string> headers, IReadOnlyList<EmlPart> parts)
    {
        Raw = raw;
        HeaderLines = headerLines;
        Headers = headers;
        Parts = parts;
    }

    /// <summary>The file as text.</summary>
    public string Raw { get; }

    /// <summary>The header block's physical lines, before unfolding.</summary>
    public IReadOnlyList<string> HeaderLines { get; }

    /// <summary>Unfolded header values by name (case-insensitive), as written.</summary>
    public IReadOnlyDictionary<string, string> Headers { get; }

    public IReadOnlyList<EmlPart> Parts { get; }

    public static EmlMessage Parse(byte[] bytes)
    {
        var raw = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true).GetString(bytes);
        var split = raw.IndexOf("\r\n\r\n", StringComparison.Ordinal);
        Assert.True(split > 0, "The message has no blank line after its headers.");
        var headerBlock = raw[..split];
        var headers = ParseHeaders(headerBlock);

        var boundary = BoundaryPattern().Match(headers["Content-Type"]).Groups[1].Value;
        Assert.False(string.IsNullOrEmpty(boundary), "Content-Type names no boundary.");
        var body = raw[(split + 4)..];
        var sections = body.Split("--" + boundary);
        Assert.Equal("--\r\n", sections[^1]);
        var parts = sections[1..^1].Select(ParsePart).ToList();
        return new EmlMessage(raw, headerBlock.Split("\r\n"), headers, parts);
    }

    /// <summary>A header's value with encoded-words decoded.</summary>
    public string Decoded(string name) => DecodeWords(Headers[name]);

    public EmlPart Part(string mediaType) => Assert.Single(Parts, p => p.Headers["Content-Type"].StartsWith(mediaType + ";", StringComparison.Ordinal));

    private static Dictionary<string, string> ParseHeaders(string block)
    {
        var unfolded = block.Replace("\r\n ", " ", StringComparison.Ordinal).Replace("\r\n\t", "\t", StringComparison.Ordinal);
        var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var line in unfolded.Split("\r\n"))
        {
            var colon = line.IndexOf(':', StringComparison.Ordinal);
            Assert.True(colon > 0, $"Not a header line: {line}");
            Assert.True(headers.TryAdd(line[..colon], line[(colon + 1)..].TrimStart(' ')), $"Header {line[..colon]} appears twice.");
        }

        return headers;
    }

    private static EmlPart ParsePart(string section)
    {
        Assert.StartsWith("\r\n", section, StringComparison.Ordinal);
        var text = section[2..];
        var split = text.IndexOf("\r\n\r\n", StringComparison.Ordinal);
        var headers = ParseHeaders(text[..split]);
        Assert.Equal("base64", headers["Content-Transfer-Encoding"]);
        var lines = text[(split + 4)..].Split("\r\n");
        Assert.Equal(string.Empty, lines[^1]);
        var content = Encoding.UTF8.GetString(Convert.FromBase64String(string.Concat(lines)));
        return new EmlPart(headers, content, lines);
    }

    // Adjacent encoded-words are separated by white space that is not part of the text (RFC 2047 §6.2). Each word is
    // decoded on its own, so a word that splits a character fails here.
    private static string DecodeWords(string value)
    {
        var joined = BetweenWordsPattern().Replace(value, "?==?");
        return EncodedWordPattern().Replace(joined, m => new UTF8Encoding(false, throwOnInvalidBytes: true).GetString(Convert.FromBase64String(m.Groups[1].Value)));
    }

    [GeneratedRegex("boundary=\"([^\"]+)\"")]
    private static partial Regex BoundaryPattern();

    [GeneratedRegex(@"\?=\s+=\?")]
    private static partial Regex BetweenWordsPattern();

    [GeneratedRegex(@"=\?utf-8\?B\?([A-Za-z0-9+/=]*)\?=")]
    private static partial Regex EncodedWordPattern();
}

internal sealed record EmlPart(IReadOnlyDictionary<string, string> Headers, string Content, IReadOnlyList<string> Base64Lines);
