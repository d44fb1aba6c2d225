namespace Uonet.Access.Credentials;

/// <summary>
/// What an account keeps of an open second-factor ticket (<see cref="AccountSignIn.SignInAsync"/> answered
/// <see cref="SignInOutcome.RequiresSecondFactor"/>): never the ticket itself, which only the host's client holds.
/// </summary>
/// <param name="TicketHash">SHA-256 of the ticket's 256-bit secret (lower-case hex).</param>
/// <param name="ExpiresAt">When the ticket stops working (<see cref="SignInOptions.SecondFactorTicketLifetime"/> after the password step).</param>
/// <param name="ClientKeyHash">SHA-256 of the client key the password step came from, when
/// <see cref="SignInOptions.BindSecondFactorTicketToClient"/> is on; otherwise <see langword="null"/>.</param>
public sealed record SecondFactorTicket(string TicketHash, DateTimeOffset ExpiresAt, string? ClientKeyHash);
