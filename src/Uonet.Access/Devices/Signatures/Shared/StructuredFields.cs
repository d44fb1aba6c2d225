using System.Globalization;
using System.Text;

namespace Uonet.Access.Devices;

/// <summary>The kinds of RFC 8941 bare items.</summary>
internal enum SfKind
{
    Integer,
    Decimal,
    String,
    Token,
    ByteSequence,
    Boolean,
}

/// <summary>An RFC 8941 bare item. <see cref="Text"/> holds strings, tokens and decimals as written.</summary>
internal readonly record struct SfBareItem(SfKind Kind, long Integer = 0, string? Text = null, byte[]? Bytes = null, bool Boolean = false);

/// <summary>A parameter (<c>;key=value</c>) of an item or inner list.</summary>
internal sealed record SfParameter(string Key, SfBareItem Value);

/// <summary>An item with its parameters.</summary>
internal sealed record SfItem(SfBareItem Value, IReadOnlyList<SfParameter> Parameters);

/// <summary>A dictionary member: either an item or an inner list (with the list's own parameters).</summary>
internal sealed record SfMember(string Key, SfItem? Item, IReadOnlyList<SfItem>? InnerList, IReadOnlyList<SfParameter> Parameters);

/// <summary>
/// A strict parser and serializer of RFC 8941 dictionaries, the structured-field form of <c>Signature-Input</c>,
/// <c>Signature</c> (RFC 9421) and <c>Content-Digest</c> (RFC 9530). Any syntax error fails the whole field, as
/// RFC 8941 requires; duplicate keys fail too, because a later member silently replacing an earlier one would let a
/// proxy and this verifier read different signatures from the same header.
/// </summary>
internal static class StructuredFields
{
    /// <summary>Longest field value accepted (after joining its lines).</summary>
    public const int MaxFieldLength = 4096;

    private const int MaxMembers = 16;
    private const int MaxListItems = 32;
    private const int MaxParameters = 16;
    private const int MaxIntegerDigits = 15;

    /// <summary>Parses a dictionary; <see langword="null"/> when the text is not one (or exceeds the bounds).</summary>
    public static IReadOnlyList<SfMember>? ParseDictionary(string text)
    {
        if (text.Length > MaxFieldLength)
        {
            return null;
        }

        var reader = new Reader(text);
        reader.SkipSpaces();
        var members = new List<SfMember>();
        while (!reader.AtEnd)
        {
            var key = reader.ReadKey();
            if (key is null || members.Count == MaxMembers || members.Exists(m => m.Key == key))
            {
                return null;
            }

            SfMember? member;
            if (reader.TryConsume('='))
            {
                member = reader.Peek == '('
                    ? reader.ReadInnerList() is { } list && reader.ReadParameters() is { } listParameters ? new SfMember(key, null, list, listParameters) : null
                    : reader.ReadItem() is { } item ? new SfMember(key, item, null, item.Parameters) : null;
            }
            else
            {
                member = reader.ReadParameters() is { } parameters ? new SfMember(key, new SfItem(new SfBareItem(SfKind.Boolean, Boolean: true), parameters), null, parameters) : null;
            }

            if (member is null)
            {
                return null;
            }

            members.Add(member);
            reader.SkipOptionalWhitespace();
            if (reader.AtEnd)
            {
                break;
            }

            if (!reader.TryConsume(','))
            {
                return null;
            }

            reader.SkipOptionalWhitespace();
            if (reader.AtEnd)
            {
                return null;
            }
        }

        return members;
    }

    /// <summary>Serializes an inner list with its parameters in the canonical RFC 8941 form (§4.1.1.1).</summary>
    public static string SerializeInnerList(IReadOnlyList<SfItem> items, IReadOnlyList<SfParameter> parameters)
    {
        var builder = new StringBuilder("(");
        for (var i = 0; i < items.Count; i++)
        {
            if (i > 0)
            {
                builder.Append(' ');
            }

            AppendBareItem(builder, items[i].Value);
            AppendParameters(builder, items[i].Parameters);
        }

        builder.Append(')');
        AppendParameters(builder, parameters);
        return builder.ToString();
    }

    /// <summary>Serializes a string item: quoted, with <c>"</c> and <c>\</c> escaped.</summary>
    public static string SerializeString(string value)
    {
        var builder = new StringBuilder();
        AppendBareItem(builder, new SfBareItem(SfKind.String, Text: value));
        return builder.ToString();
    }

    private static void AppendParameters(StringBuilder builder, IReadOnlyList<SfParameter> parameters)
    {
        foreach (var parameter in parameters)
        {
            builder.Append(';').Append(parameter.Key);
            if (parameter.Value is not { Kind: SfKind.Boolean, Boolean: true })
            {
                builder.Append('=');
                AppendBareItem(builder, parameter.Value);
            }
        }
    }

    private static void AppendBareItem(StringBuilder builder, SfBareItem item)
    {
        switch (item.Kind)
        {
            case SfKind.Integer:
                builder.Append(item.Integer.ToString(CultureInfo.InvariantCulture));
                break;
            case SfKind.String:
                builder.Append('"');
                foreach (var c in item.Text!)
                {
                    if (c is '"' or '\\')
                    {
                        builder.Append('\\');
                    }

                    builder.Append(c);
                }

                builder.Append('"');
                break;
            case SfKind.ByteSequence:
                builder.Append(':').Append(Convert.ToBase64String(item.Bytes!)).Append(':');
                break;
            case SfKind.Boolean:
                builder.Append(item.Boolean ? "?1" : "?0");
                break;
            default:
                // Tokens are canonical as written. Decimals are too, but for trailing zeros: none of the signature
                // parameters is a decimal, so they never reach a signature base.
                builder.Append(item.Text);
                break;
        }
    }

    private static bool IsLcAlpha(char c) => c is >= 'a' and <= 'z';

    private static bool IsTokenChar(char c) =>
        char.IsAsciiLetterOrDigit(c) || c is '!' or '#' or '$' or '%' or '&' or '\'' or '*' or '+' or '-' or '.' or '^' or '_' or '`' or '|' or '~' or ':' or '/';

    private static bool IsBase64Char(char c) => char.IsAsciiLetterOrDigit(c) || c is '+' or '/' or '=';

    private ref struct Reader(string text)
    {
        private readonly string _text = text;
        private int _position;

        public readonly bool AtEnd => _position >= _text.Length;

        public readonly char Peek => AtEnd ? '\0' : _text[_position];

        public bool TryConsume(char c)
        {
            if (AtEnd || _text[_position] != c)
            {
                return false;
            }

            _position++;
            return true;
        }

        public void SkipSpaces()
        {
            while (!AtEnd && _text[_position] == ' ')
            {
                _position++;
            }
        }

        public void SkipOptionalWhitespace()
        {
            while (!AtEnd && _text[_position] is ' ' or '\t')
            {
                _position++;
            }
        }

        public string? ReadKey()
        {
            var start = _position;
            if (AtEnd || !(IsLcAlpha(Peek) || Peek == '*'))
            {
                return null;
            }

            _position++;
            while (!AtEnd && (IsLcAlpha(Peek) || char.IsAsciiDigit(Peek) || Peek is '_' or '-' or '.' or '*'))
            {
                _position++;
            }

            return _text[start.._position];
        }

        public List<SfItem>? ReadInnerList()
        {
            if (!TryConsume('('))
            {
                return null;
            }

            var items = new List<SfItem>();
            while (!AtEnd)
            {
                SkipSpaces();
                if (TryConsume(')'))
                {
                    return items;
                }

                if (items.Count == MaxListItems || ReadItem() is not { } item)
                {
                    return null;
                }

                items.Add(item);
                if (Peek is not (' ' or ')'))
                {
                    return null;
                }
            }

            return null;
        }

        public SfItem? ReadItem() =>
            ReadBareItem() is { } value && ReadParameters() is { } parameters ? new SfItem(value, parameters) : null;

        public List<SfParameter>? ReadParameters()
        {
            var parameters = new List<SfParameter>();
            while (TryConsume(';'))
            {
                SkipSpaces();
                var key = ReadKey();
                if (key is null || parameters.Count == MaxParameters || parameters.Exists(p => p.Key == key))
                {
                    return null;
                }

                SfBareItem value;
                if (TryConsume('='))
                {
                    if (ReadBareItem() is not { } read)
                    {
                        return null;
                    }

                    value = read;
                }
                else
                {
                    value = new SfBareItem(SfKind.Boolean, Boolean: true);
                }

                parameters.Add(new SfParameter(key, value));
            }

            return parameters;
        }

        private SfBareItem? ReadBareItem()
        {
            var c = Peek;
            if (AtEnd)
            {
                return null;
            }

            return c switch
            {
                '-' or (>= '0' and <= '9') => ReadNumber(),
                '"' => ReadString(),
                ':' => ReadByteSequence(),
                '?' => ReadBoolean(),
                _ when char.IsAsciiLetter(c) || c == '*' => ReadToken(),
                _ => null,
            };
        }

        private SfBareItem? ReadNumber()
        {
            var start = _position;
            var negative = TryConsume('-');
            var digitsStart = _position;
            var dot = -1;
            while (!AtEnd && (char.IsAsciiDigit(Peek) || (Peek == '.' && dot < 0)))
            {
                if (Peek == '.')
                {
                    // RFC 8941 §4.2.4: at most 12 integer digits before the point.
                    if (_position - digitsStart > 12)
                    {
                        return null;
                    }

                    dot = _position;
                }

                _position++;
                if (_position - digitsStart > (dot < 0 ? MaxIntegerDigits : 16))
                {
                    return null;
                }
            }

            if (_position == digitsStart || (dot >= 0 && (dot == _position - 1 || _position - dot - 1 > 3)))
            {
                return null;
            }

            var text = _text[start.._position];
            if (dot >= 0)
            {
                return new SfBareItem(SfKind.Decimal, Text: text);
            }

            var value = long.Parse(_text.AsSpan(digitsStart, _position - digitsStart), NumberStyles.None, CultureInfo.InvariantCulture);
            return new SfBareItem(SfKind.Integer, Integer: negative ? -value : value);
        }

        private SfBareItem? ReadString()
        {
            _position++;
            var builder = new StringBuilder();
            while (!AtEnd)
            {
                var c = _text[_position++];
                if (c == '\\')
                {
                    if (AtEnd || _text[_position] is not ('"' or '\\'))
                    {
                        return null;
                    }

                    builder.Append(_text[_position++]);
                }
                else if (c == '"')
                {
                    return new SfBareItem(SfKind.String, Text: builder.ToString());
                }
                else if (c is < ' ' or > '~')
                {
                    return null;
                }
                else
                {
                    builder.Append(c);
                }
            }

            return null;
        }

        private SfBareItem ReadToken()
        {
            var start = _position;
            _position++;
            while (!AtEnd && IsTokenChar(Peek))
            {
                _position++;
            }

            return new SfBareItem(SfKind.Token, Text: _text[start.._position]);
        }

        private SfBareItem? ReadByteSequence()
        {
            _position++;
            var start = _position;
            while (!AtEnd && IsBase64Char(Peek))
            {
                _position++;
            }

            if (!TryConsume(':'))
            {
                return null;
            }

            var encoded = _text.AsSpan(start, _position - 1 - start);
            var padding = encoded.Length % 4;

            // RFC 8941 §4.2.7 asks parsers not to fail on missing "=" padding, so it is restored before decoding.
            if (padding == 1 || encoded.TrimEnd('=').Contains('='))
            {
                return null;
            }

            var padded = padding == 0 ? encoded.ToString() : string.Concat(encoded, new string('=', 4 - padding));
            var bytes = new byte[padded.Length / 4 * 3];
            return Convert.TryFromBase64String(padded, bytes, out var written)
                ? new SfBareItem(SfKind.ByteSequence, Bytes: bytes[..written])
                : null;
        }

        private SfBareItem? ReadBoolean()
        {
            _position++;
            if (TryConsume('1'))
            {
                return new SfBareItem(SfKind.Boolean, Boolean: true);
            }

            return TryConsume('0') ? new SfBareItem(SfKind.Boolean, Boolean: false) : null;
        }
    }
}
