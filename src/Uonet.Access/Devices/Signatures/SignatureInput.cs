namespace Uonet.Access.Devices;

/// <summary>
/// One signature read from the <c>Signature-Input</c> and <c>Signature</c> fields (RFC 9421 §4): its label, covered
/// components, parameters, the <c>@signature-params</c> value and the signature bytes.
/// </summary>
internal sealed record SignatureInput
{
    /// <summary>The label the library signs with and prefers when a request carries several signatures.</summary>
    public const string PreferredLabel = RequestSigning.Label;

    /// <summary>The most covered components accepted.</summary>
    public const int MaxComponents = 16;

    /// <summary>The derived components (RFC 9421 §2.2) the base builder resolves for requests.</summary>
    public static readonly IReadOnlySet<string> DerivedComponents = new HashSet<string>(StringComparer.Ordinal)
    {
        "@method", "@target-uri", "@authority", "@scheme", "@request-target", "@path", "@query",
    };

    public required string Label { get; init; }

    /// <summary>The component identifiers in signing order: derived names (<c>@…</c>) and lower-case field names.</summary>
    public required IReadOnlyList<string> Components { get; init; }

    public long? Created { get; init; }

    public long? Expires { get; init; }

    public string? KeyId { get; init; }

    public string? Algorithm { get; init; }

    /// <summary>The value of <c>"@signature-params"</c>: the inner list with its parameters in canonical RFC 8941 form.</summary>
    public required string SignatureParams { get; init; }

    public required byte[] Signature { get; init; }

    /// <summary>
    /// Reads the signature to verify: the only one, or the one labelled <see cref="PreferredLabel"/> when there are
    /// several. When the fields do not hold exactly that, returns instead the name of the field that is malformed.
    /// </summary>
    public static (SignatureInput? Input, string? ErrorField) Parse(string signatureInput, string signature)
    {
        if (StructuredFields.ParseDictionary(signatureInput) is not { Count: > 0 } inputs)
        {
            return (null, SignatureHeaderNames.SignatureInput);
        }

        if (StructuredFields.ParseDictionary(signature) is not { } signatures)
        {
            return (null, SignatureHeaderNames.Signature);
        }

        var chosen = inputs.Count == 1 ? inputs[0] : inputs.FirstOrDefault(m => m.Key == PreferredLabel);
        if (chosen?.InnerList is not { } items || items.Count > MaxComponents)
        {
            return (null, SignatureHeaderNames.SignatureInput);
        }

        var components = new List<string>(items.Count);
        foreach (var item in items)
        {
            if (item.Value.Kind != SfKind.String || item.Parameters.Count > 0 || !IsComponentName(item.Value.Text!) || components.Contains(item.Value.Text!))
            {
                return (null, SignatureHeaderNames.SignatureInput);
            }

            components.Add(item.Value.Text!);
        }

        if (signatures.FirstOrDefault(m => m.Key == chosen.Key) is not { Item: { Value.Kind: SfKind.ByteSequence, Parameters.Count: 0 } signed })
        {
            return (null, SignatureHeaderNames.Signature);
        }

        long? created = null, expires = null;
        string? keyId = null, algorithm = null;
        foreach (var parameter in chosen.Parameters)
        {
            var value = parameter.Value;
            switch (parameter.Key, value.Kind)
            {
                case ("created", SfKind.Integer):
                    created = value.Integer;
                    break;
                case ("expires", SfKind.Integer):
                    expires = value.Integer;
                    break;
                case ("keyid", SfKind.String):
                    keyId = value.Text;
                    break;
                case ("alg", SfKind.String or SfKind.Token):
                    algorithm = value.Text;
                    break;
                case ("nonce" or "tag", SfKind.String):
                    // Covered by @signature-params; replay protection rests on the signature itself, not on a nonce.
                    break;
                default:
                    // An unknown parameter may restrict the signature in a way this verifier would not honour.
                    return (null, SignatureHeaderNames.SignatureInput);
            }
        }

        var input = new SignatureInput
        {
            Label = chosen.Key,
            Components = components,
            Created = created,
            Expires = expires,
            KeyId = keyId,
            Algorithm = algorithm,
            SignatureParams = StructuredFields.SerializeInnerList(items, chosen.Parameters),
            Signature = signed.Value.Bytes!,
        };

        return (input, null);
    }

    // A derived component this library resolves, or an HTTP field name (token characters) in lower case (RFC 9421 §2.1).
    private static bool IsComponentName(string name)
    {
        if (name.StartsWith('@'))
        {
            return DerivedComponents.Contains(name);
        }

        if (name.Length == 0)
        {
            return false;
        }

        foreach (var c in name)
        {
            if (!(char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c is '!' or '#' or '$' or '%' or '&' or '\'' or '*' or '+' or '-' or '.' or '^' or '_' or '`' or '|' or '~'))
            {
                return false;
            }
        }

        return true;
    }
}
