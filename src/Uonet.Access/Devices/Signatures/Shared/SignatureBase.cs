using System.Text;

namespace Uonet.Access.Devices;

/// <summary>
/// Builds the signature base of a request (RFC 9421 §2.5): one line <c>"name": value</c> per covered component, in
/// the signer's order, then <c>"@signature-params": …</c>, joined by LF with no trailing LF.
/// </summary>
internal static class SignatureBase
{
    /// <summary>
    /// The base as ASCII bytes, or <see langword="null"/> when a covered component cannot be resolved: a field the
    /// request lacks, or a value with characters a base may not hold (a line break in a value could forge a line).
    /// </summary>
    public static byte[]? Build(IReadOnlyList<string> components, string signatureParams, string method, Uri targetUri, IReadOnlyList<KeyValuePair<string, string>> headers)
    {
        var builder = new StringBuilder();
        foreach (var component in components)
        {
            var value = component.StartsWith('@') ? DerivedValue(component, method, targetUri) : FieldValue(component, headers);
            if (value is null || !IsBaseText(value))
            {
                return null;
            }

            builder.Append(StructuredFields.SerializeString(component)).Append(": ").Append(value).Append('\n');
        }

        builder.Append("\"@signature-params\": ").Append(signatureParams);
        return Encoding.ASCII.GetBytes(builder.ToString());
    }

    /// <summary>The value of a derived component of a request (RFC 9421 §2.2), from the target URI as the server sees it.</summary>
    public static string? DerivedValue(string name, string method, Uri targetUri) => name switch
    {
        "@method" => method,
        "@target-uri" => targetUri.Scheme + "://" + Authority(targetUri) + targetUri.PathAndQuery,
        "@authority" => Authority(targetUri),
        "@scheme" => targetUri.Scheme,
        "@request-target" => targetUri.PathAndQuery,
        "@path" => targetUri.AbsolutePath.Length == 0 ? "/" : targetUri.AbsolutePath,
        "@query" => targetUri.Query.Length == 0 ? "?" : targetUri.Query,
        _ => null,
    };

    /// <summary>
    /// The value of a field (RFC 9421 §2.1): every line of it in order, obsolete line folding replaced by one space,
    /// leading and trailing whitespace removed, joined with <c>", "</c>; <see langword="null"/> when the request has no such field.
    /// </summary>
    public static string? FieldValue(string name, IReadOnlyList<KeyValuePair<string, string>> headers)
    {
        List<string>? lines = null;
        foreach (var (key, value) in headers)
        {
            if (string.Equals(key, name, StringComparison.OrdinalIgnoreCase))
            {
                (lines ??= []).Add(Unfold(value ?? string.Empty).Trim(' ', '\t'));
            }
        }

        return lines is null ? null : string.Join(", ", lines);
    }

    // Host names go out in their ASCII (punycode) form so that signer and verifier agree whatever Uri displays.
    private static string Authority(Uri uri)
    {
        var host = uri.HostNameType == UriHostNameType.Dns ? uri.IdnHost : uri.GetComponents(UriComponents.Host, UriFormat.UriEscaped);
        return uri.IsDefaultPort ? host : host + ":" + uri.Port.ToString(System.Globalization.CultureInfo.InvariantCulture);
    }

    // Replaces obs-fold (OWS CRLF RWS, RFC 9112 §5.2) by a single space; other line breaks stay and fail IsBaseText.
    private static string Unfold(string value)
    {
        if (value.AsSpan().IndexOfAny('\r', '\n') < 0)
        {
            return value;
        }

        var builder = new StringBuilder(value.Length);
        for (var i = 0; i < value.Length; i++)
        {
            var end = value[i] == '\r' && i + 1 < value.Length && value[i + 1] == '\n' ? i + 2 : i + 1;
            if (value[i] is '\r' or '\n' && end < value.Length && value[end] is ' ' or '\t')
            {
                while (builder.Length > 0 && builder[^1] is ' ' or '\t')
                {
                    builder.Length--;
                }

                while (end < value.Length && value[end] is ' ' or '\t')
                {
                    end++;
                }

                builder.Append(' ');
                i = end - 1;
            }
            else
            {
                builder.Append(value[i]);
            }
        }

        return builder.ToString();
    }

    private static bool IsBaseText(string value)
    {
        foreach (var c in value)
        {
            if (c is not ('\t' or (>= ' ' and <= '~')))
            {
                return false;
            }
        }

        return true;
    }
}
