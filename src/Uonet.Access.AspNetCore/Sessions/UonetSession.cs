using Uonet.Access.Credentials;
using Uonet.Access.Eligibility;
using Uonet.Access.Records;
using Uonet.Access.Sessions;

namespace Uonet.Access.AspNetCore.Sessions;

/// <summary>The signed-in session of this request: a valid ticket of this instance, as the library validated it on this request.</summary>
/// <param name="Symbol">The instance of the request's path.</param>
/// <param name="Ticket">The ticket, for the library's calls on behalf of the account (never show or log it).</param>
/// <param name="Validation">What the library said about the ticket on this request.</param>
public sealed record UonetSession(string Symbol, string Ticket, SessionValidation Validation)
{
    /// <summary>The account.</summary>
    public Account Account => Validation.Account!;

    /// <summary>The account's normalized e-mail.</summary>
    public string Email => Account.Email;

    /// <summary>The pupils the account sees now (the <i>Uczeń</i> selector, R5, R8).</summary>
    public IReadOnlyList<VisiblePupil> Pupils => Validation.Pupils;

    /// <summary>The staff member with at least one role, or <see langword="null"/>.</summary>
    public StaffMember? Staff => Validation.Staff is { Assignments.Count: > 0 } staff ? staff : null;
}

/// <summary>The session of the request's cookie ended (signed out elsewhere, expired, password changed…); the cookie was dropped.</summary>
/// <param name="Code">Why, as the library's <c>Session.*</c> code, for the page to explain.</param>
public sealed record SessionEnded(string Code);
