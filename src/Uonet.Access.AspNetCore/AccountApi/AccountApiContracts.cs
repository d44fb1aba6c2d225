using Uonet.Access.Eligibility;

namespace Uonet.Access.AspNetCore.AccountApi;

/// <summary>The body of <c>POST /{symbol}/first-login</c>.</summary>
internal sealed record StartBody(string? Email, string? HumanCheck);

/// <summary>The body of <c>POST /first-login/complete</c>: the link's token and the new password.</summary>
internal sealed record CompleteBody(string? Token, string? Password);

/// <summary>The body of <c>POST /{symbol}/sign-in</c>.</summary>
internal sealed record SignInBody(string? Email, string? Password);

/// <summary>The body of <c>POST /{symbol}/sign-in/second-step</c>: a TOTP code or a recovery code.</summary>
internal sealed record SecondStepBody(string? Code, string? RecoveryCode);

/// <summary>The answer of a sign-in or its second step: whether a second factor is still asked for.</summary>
internal sealed record SignInAnswer(bool SecondFactor);

/// <summary>A pupil of <c>GET /{symbol}/pupils</c>; the relation as the library names it (<c>Mother</c>).</summary>
internal sealed record AccountPupil(Guid StudentId, string FirstName, string LastName, string Unit, string Class, string Relation)
{
    public static AccountPupil Of(VisiblePupil pupil) =>
        new(pupil.StudentId, pupil.FirstName, pupil.LastName, pupil.UnitCode, pupil.ClassName, pupil.Relation.ToString());
}

/// <summary>The answer of <c>POST /{symbol}/pairing</c>: the token, the PIN to show beside the QR code, and the QR payload.</summary>
internal sealed record PairingAnswer(string Token, string Pin, string Payload, DateTimeOffset ExpiresAt);
