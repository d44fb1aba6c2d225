using System.Globalization;
using System.Text;
using Uonet.Access.Devices;

namespace Uonet.Access.Properties.Tests.Signatures;

/// <summary>A bare item as generated: as written in a field, as RFC 8941 §4.1 serializes it, and what a parser must read.</summary>
internal sealed record GeneratedItem(string Written, string Canonical, SfBareItem Expected);

/// <summary>Parameters as written, as serialized, and as a parser must read them.</summary>
internal sealed record GeneratedParameters(string Written, string Canonical, IReadOnlyList<SfParameter> Expected);

/// <summary>An inner list with its parameters, as written, as serialized, and as a parser must read it.</summary>
internal sealed record GeneratedInnerList(string Written, string Canonical, IReadOnlyList<SfItem> Items, IReadOnlyList<SfParameter> Parameters);

/// <summary>A dictionary as written and the members a parser must read from it.</summary>
internal sealed record GeneratedDictionary(string Written, IReadOnlyList<SfMember> Expected)
{
    public override string ToString() => Shown.Text(Written);
}

/// <summary>
/// RFC 8941 dictionaries generated from the grammar and written by this class — not by the library — with every optional
/// space the grammar allows, so that the library's parser can be compared with what was meant.
/// </summary>
internal static class StructuredFieldText
{
    private const string LcAlpha = "abcdefghijklmnopqrstuvwxyz";
    private const string Digits = "0123456789";
    private const string Printable = " !\"#$%&'()*+,-./0123456789:;<=>?@ABCDEFGHIJKLMNOPQRSTUVWXYZ[\\]^_`abcdefghijklmnopqrstuvwxyz{|}~";
    private const string TokenStart = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ*";
    private const string TokenChars = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789!#$%&'*+-.^_`|~:/";

    public static Gen<GeneratedInnerList> InnerList { get; } = Seeded.From(NewInnerList);

    /// <summary>A dictionary of one to eight members with distinct keys: items, inner lists and bare keys (true booleans).</summary>
    public static Gen<GeneratedDictionary> Dictionary { get; } = Seeded.From(random =>
    {
        var written = new StringBuilder(Spaces(random));
        var expected = new List<SfMember>();
        var count = random.Next(1, 9);
        while (expected.Count < count)
        {
            var key = NewKey(random);
            if (expected.Exists(m => m.Key == key))
            {
                continue;
            }

            if (expected.Count > 0)
            {
                written.Append(OptionalWhitespace(random)).Append(',').Append(OptionalWhitespace(random));
            }

            written.Append(key);
            switch (random.Next(6))
            {
                case < 3:
                    var (itemText, _, item) = NewItem(random);
                    written.Append('=').Append(itemText);
                    expected.Add(new SfMember(key, item, null, item.Parameters));
                    break;
                case < 5:
                    var list = NewInnerList(random);
                    written.Append('=').Append(list.Written);
                    expected.Add(new SfMember(key, null, list.Items, list.Parameters));
                    break;
                default:
                    var parameters = NewParameters(random);
                    written.Append(parameters.Written);
                    expected.Add(new SfMember(key, new SfItem(new SfBareItem(SfKind.Boolean, Boolean: true), parameters.Expected), null, parameters.Expected));
                    break;
            }
        }

        return new GeneratedDictionary(written.ToString(), expected);
    });

    public static string Quoted(string text) => "\"" + text.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal) + "\"";

    public static bool Same(SfBareItem a, SfBareItem b) => a.Kind == b.Kind && a.Kind switch
    {
        SfKind.Integer => a.Integer == b.Integer,
        SfKind.Boolean => a.Boolean == b.Boolean,
        SfKind.ByteSequence => a.Bytes.AsSpan().SequenceEqual(b.Bytes),
        _ => a.Text == b.Text,
    };

    public static bool Same(IReadOnlyList<SfParameter> a, IReadOnlyList<SfParameter> b) =>
        a.Count == b.Count && a.Zip(b).All(p => p.First.Key == p.Second.Key && Same(p.First.Value, p.Second.Value));

    public static bool Same(SfItem a, SfItem b) => Same(a.Value, b.Value) && Same(a.Parameters, b.Parameters);

    public static bool Same(SfMember a, SfMember b) =>
        a.Key == b.Key
        && Same(a.Parameters, b.Parameters)
        && (a.Item is null ? b.Item is null : b.Item is not null && Same(a.Item, b.Item))
        && (a.InnerList is null ? b.InnerList is null : b.InnerList is not null && a.InnerList.Count == b.InnerList.Count && a.InnerList.Zip(b.InnerList).All(p => Same(p.First, p.Second)));

    public static string NewKey(Random random) => random.Text(LcAlpha + "*", 1, 1) + random.Text(LcAlpha + Digits + "_-.*", 0, 6);

    public static GeneratedItem NewString(Random random)
    {
        var text = random.Text(Printable, 0, 16);
        return new GeneratedItem(Quoted(text), Quoted(text), new SfBareItem(SfKind.String, Text: text));
    }

    public static GeneratedItem NewToken(Random random)
    {
        var token = random.Text(TokenStart, 1, 1) + random.Text(TokenChars, 0, 10);
        return new GeneratedItem(token, token, new SfBareItem(SfKind.Token, Text: token));
    }

    private static string Spaces(Random random) => random.Chance(4) ? random.Pick([" ", "  "]) : string.Empty;

    private static string OptionalWhitespace(Random random) => random.Chance(4) ? random.Pick([" ", "\t", " \t "]) : string.Empty;

    private static GeneratedItem NewBareItem(Random random) => random.Next(11) switch
    {
        < 2 => NewInteger(random),
        < 3 => NewDecimal(random),
        < 6 => NewString(random),
        < 8 => NewToken(random),
        < 10 => NewBytes(random),
        _ => random.Chance(2)
            ? new GeneratedItem("?1", "?1", new SfBareItem(SfKind.Boolean, Boolean: true))
            : new GeneratedItem("?0", "?0", new SfBareItem(SfKind.Boolean, Boolean: false)),
    };

    // Leading zeros and "-0" are valid input; the serialized form has neither.
    private static GeneratedItem NewInteger(Random random)
    {
        var negative = random.Chance(3);
        var digits = random.Text(Digits, 1, 15);
        var value = long.Parse(digits, CultureInfo.InvariantCulture) * (negative ? -1 : 1);
        return new GeneratedItem((negative ? "-" : string.Empty) + digits, value.ToString(CultureInfo.InvariantCulture), new SfBareItem(SfKind.Integer, Integer: value));
    }

    private static GeneratedItem NewDecimal(Random random)
    {
        var written = (random.Chance(2) ? "-" : string.Empty) + random.Text(Digits, 1, 12) + "." + random.Text(Digits, 1, 3);
        return new GeneratedItem(written, written, new SfBareItem(SfKind.Decimal, Text: written));
    }

    // Parsers must accept a byte sequence without its "=" padding (§4.2.7); serializers write it.
    private static GeneratedItem NewBytes(Random random)
    {
        var bytes = new byte[random.Next(41)];
        random.NextBytes(bytes);
        var base64 = Convert.ToBase64String(bytes);
        return new GeneratedItem(":" + (random.Chance(2) ? base64 : base64.TrimEnd('=')) + ":", ":" + base64 + ":", new SfBareItem(SfKind.ByteSequence, Bytes: bytes));
    }

    /// <summary>Up to five parameters with distinct keys; a true boolean is written bare or as <c>=?1</c>, and serialized bare.</summary>
    private static GeneratedParameters NewParameters(Random random)
    {
        var written = new StringBuilder();
        var canonical = new StringBuilder();
        var expected = new List<SfParameter>();
        for (var i = random.Next(6); i > 0; i--)
        {
            var key = NewKey(random);
            if (expected.Exists(p => p.Key == key))
            {
                continue;
            }

            var value = NewBareItem(random);
            var isTrue = value.Expected is { Kind: SfKind.Boolean, Boolean: true };
            written.Append(';').Append(Spaces(random)).Append(key).Append(isTrue && random.Chance(2) ? string.Empty : "=" + value.Written);
            canonical.Append(';').Append(key).Append(isTrue ? string.Empty : "=" + value.Canonical);
            expected.Add(new SfParameter(key, value.Expected));
        }

        return new GeneratedParameters(written.ToString(), canonical.ToString(), expected);
    }

    private static (string Written, string Canonical, SfItem Expected) NewItem(Random random)
    {
        var value = NewBareItem(random);
        var parameters = NewParameters(random);
        return (value.Written + parameters.Written, value.Canonical + parameters.Canonical, new SfItem(value.Expected, parameters.Expected));
    }

    /// <summary>An inner list of up to six items, separated by one or more spaces, with its own parameters.</summary>
    private static GeneratedInnerList NewInnerList(Random random)
    {
        var items = Enumerable.Range(0, random.Next(7)).Select(_ => NewItem(random)).ToList();
        var parameters = NewParameters(random);
        var written = "(" + Spaces(random) + string.Join(string.Empty, items.Select((item, i) => (i == 0 ? string.Empty : random.Pick([" ", "  "])) + item.Written)) + Spaces(random) + ")" + parameters.Written;
        var canonical = "(" + string.Join(' ', items.Select(item => item.Canonical)) + ")" + parameters.Canonical;
        return new GeneratedInnerList(written, canonical, [.. items.Select(item => item.Expected)], parameters.Expected);
    }
}
