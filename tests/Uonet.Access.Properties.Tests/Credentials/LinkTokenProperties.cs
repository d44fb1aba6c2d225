using System.Text.RegularExpressions;
using Uonet.Access.Credentials;
using Uonet.Access.Properties.Tests.Schools;

namespace Uonet.Access.Properties.Tests.Credentials;

/// <summary>
/// The token of a first-login / restore link (R3, R4) arrives in a URL anyone can edit: only the token mailed — 43
/// base64url characters, spaces around it ignored — opens the password form; everything else is <c>Link.Invalid</c>.
/// </summary>
public sealed partial class LinkTokenProperties(MotherWithPhone world) : IClassFixture<MotherWithPhone>
{
    [Property(MaxTest = Generated.Inputs)]
    public Property CheckLinkAsync_AnyToken_OnlyTheMailedTokenIsLive_R4() => Prop.ForAll(
        NearValid.Inputs(Gen.Constant(world.LiveLinkToken)),
        async token =>
        {
            var result = await world.School.Get<RestoreAccess>().CheckLinkAsync(token);

            var mailed = token?.Trim() == world.LiveLinkToken;
            Expect.That(result.Succeeded == mailed, () => $"{Shown.Text(token)}: {result}");
            Expect.That(mailed || result.Errors is [{ Code: AccessErrorCodes.LinkInvalid, Field: "token" }], () => $"{Shown.Text(token)}: {result}");
        });

    [Property(MaxTest = Generated.Inputs)]
    public Property HasTokenShape_AnyText_ExactlyFortyThreeBase64UrlCharacters_R4() => Prop.ForAll(
        NearValid.Inputs(Gen.Fresh(() => SecretTokens.NewToken())),
        token =>
        {
            Expect.That(SecretTokens.HasTokenShape(token) == (token is not null && Base64Url32Bytes().IsMatch(token)), () => Shown.Text(token));
        });

    [GeneratedRegex(@"^[A-Za-z0-9_-]{43}\z", RegexOptions.CultureInvariant)]
    private static partial Regex Base64Url32Bytes();
}
