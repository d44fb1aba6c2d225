using System.Globalization;
using System.Text;
using Uonet.Access.Records;

namespace Uonet.Access.Properties.Tests.Records;

/// <summary>
/// The login (R3) is the e-mail address, compared in one normal form: trimmed, NFC, lower case, the domain in its
/// Unicode form. Every address typed on any form or read from any CSV goes through <see cref="EmailAddress"/>.
/// </summary>
public sealed class EmailAddressProperties
{
    private static readonly string[] EmailCodes =
    [
        AccessErrorCodes.EmailRequired, AccessErrorCodes.EmailTooLong, AccessErrorCodes.EmailFormat,
        AccessErrorCodes.EmailLocalPartInvalid, AccessErrorCodes.EmailDomainInvalid,
    ];

    private static readonly IdnMapping Idn = new() { UseStd3AsciiRules = true };

    private static readonly Arbitrary<string?> Addresses = NearValid.Inputs(EmailInputs.Valid);

    [Property(MaxTest = Generated.Inputs)]
    public Property TryNormalize_AnyInput_NormalFormOrAnEmailCode_R3() => Prop.ForAll(Addresses, input =>
    {
        var error = EmailAddress.TryNormalize(input, out var normalized);
        var result = EmailAddress.Normalize(input);

        if (error is null)
        {
            Expect.That(!string.IsNullOrEmpty(normalized), () => Shown.Text(input));
            Expect.That(result.Succeeded && result.Value == normalized, () => Shown.Text(input));
        }
        else
        {
            Expect.That(EmailCodes.Contains(error.Code) && error.Field == "email", () => $"{error} for {Shown.Text(input)}");
            Assert.Equal(string.Empty, normalized);
            Assert.Equal(error.Code, result.Error?.Code);
        }
    });

    [Property(MaxTest = Generated.Inputs)]
    public Property TryNormalize_Accepted_NormalFormIsAcceptedUnchanged_R3() => Prop.ForAll(Addresses, input =>
    {
        if (EmailAddress.TryNormalize(input, out var normalized) is null)
        {
            var again = EmailAddress.TryNormalize(normalized, out var twice);
            Expect.That(again is null && twice == normalized, () => $"{Shown.Text(input)} → {Shown.Text(normalized)} → {again?.Code ?? Shown.Text(twice)}");
        }
    });

    [Property(MaxTest = Generated.Inputs)]
    public Property TryNormalize_Accepted_IsTrimmedNfcLowerCaseWithinLimits_DomainTheSameIdn_R3() => Prop.ForAll(Addresses, input =>
    {
        if (EmailAddress.TryNormalize(input, out var normalized) is not null)
        {
            return;
        }

        var typed = input!.Trim().Normalize(NormalizationForm.FormC);
        var typedAt = typed.IndexOf('@', StringComparison.Ordinal);
        var at = normalized.IndexOf('@', StringComparison.Ordinal);
        var (local, domain) = (normalized[..at], normalized[(at + 1)..]);
        string Described() => $"{Shown.Text(input)} → {Shown.Text(normalized)}";

        Expect.That(normalized.Length <= EmailAddress.MaxLength && local.Length <= EmailAddress.MaxLocalPartLength, Described);
        Expect.That(normalized.IsNormalized(NormalizationForm.FormC), Described);
        Expect.That(normalized.Count(c => c == '@') == 1 && !normalized.Any(char.IsWhiteSpace), Described);
        Expect.That(local == typed[..typedAt].ToLowerInvariant(), Described);
        Expect.That(domain == domain.ToLowerInvariant(), Described);
        Expect.That(string.Equals(Idn.GetAscii(domain), Idn.GetAscii(typed[(typedAt + 1)..]), StringComparison.OrdinalIgnoreCase), Described);
    });

    [Property(MaxTest = Generated.Inputs)]
    public Property AreSame_RetypedWithOtherCaseSpacesOrDecomposedLetters_IsTheSameLogin_R3() => Prop.ForAll(
        Arb.From(EmailInputs.Valid.SelectMany(address => EmailInputs.Retyped(address).Select(retyped => (address, retyped)))),
        pair =>
        {
            Expect.That(EmailAddress.TryNormalize(pair.address, out var normalized) is null, () => Shown.Text(pair.address));
            Expect.That(EmailAddress.AreSame(pair.address, pair.retyped), () => $"{Shown.Text(pair.address)} vs {Shown.Text(pair.retyped)}");
            Expect.That(EmailAddress.TryNormalize(pair.retyped, out var retyped) is null && retyped == normalized, () => Shown.Text(pair.retyped));
        });
}
