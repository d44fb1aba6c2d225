using Uonet.Access.Devices;

namespace Uonet.Access.Properties.Tests.Signatures;

/// <summary>
/// <c>Signature-Input</c>, <c>Signature</c> and <c>Content-Digest</c> are RFC 8941 dictionaries sent by phones (R7):
/// the parser reads what the grammar means, refuses the rest as a whole, and never throws.
/// </summary>
public sealed class StructuredFieldProperties
{
    [Property(MaxTest = Generated.Inputs)]
    public Property ParseDictionary_AnyText_NeverThrows_AndKeysAreDistinct_R7() => Prop.ForAll(
        NearValid.NonNullInputs(StructuredFieldText.Dictionary.Select(d => d.Written)),
        text =>
        {
            var members = StructuredFields.ParseDictionary(text);

            // A field of spaces only is the empty dictionary (RFC 8941 §4.2: leading and trailing spaces are discarded).
            Expect.That(members is null || ((members.Count > 0 || text.Trim(' ').Length == 0) && members.Select(m => m.Key).Distinct().Count() == members.Count), () => Shown.Text(text));
        });

    [Property(MaxTest = Generated.Inputs)]
    public Property ParseDictionary_WrittenFromTheGrammar_ReadsEveryMemberItemAndParameter_R7() => Prop.ForAll(
        Arb.From(StructuredFieldText.Dictionary),
        dictionary =>
        {
            var members = StructuredFields.ParseDictionary(dictionary.Written);

            Expect.That(members is not null, () => Shown.Text(dictionary.Written));
            Expect.That(members.Count == dictionary.Expected.Count && members.Zip(dictionary.Expected).All(p => StructuredFieldText.Same(p.First, p.Second)), () => Shown.Text(dictionary.Written));
        });

    [Property(MaxTest = Generated.Inputs)]
    public Property SerializeInnerList_ParsedList_IsTheCanonicalRfc8941Form_AndReadsBackTheSame_R7() => Prop.ForAll(
        Arb.From(StructuredFieldText.InnerList),
        list =>
        {
            var parsed = StructuredFields.ParseDictionary("sig1=" + list.Written)?.SingleOrDefault();
            Expect.That(parsed?.InnerList is not null, () => Shown.Text(list.Written));

            var serialized = StructuredFields.SerializeInnerList(parsed.InnerList, parsed.Parameters);

            Expect.That(serialized == list.Canonical, () => $"{Shown.Text(list.Written)} → {Shown.Text(serialized)}, canonical {Shown.Text(list.Canonical)}");
            var again = StructuredFields.ParseDictionary("sig1=" + serialized)?.SingleOrDefault();
            Expect.That(again?.InnerList is not null && StructuredFieldText.Same(again, parsed), () => Shown.Text(serialized));
        });
}
