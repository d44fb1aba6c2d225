namespace Uonet.Access.Credentials;

/// <summary>Options of the first-login / restore-access procedure (R3, R4).</summary>
public sealed class AccessLinkOptions
{
    /// <summary>
    /// How long a link works. Default 60 minutes: long enough for a parent to find the mail on a phone, short enough
    /// that a link left in a mailbox is soon worthless (OWASP Forgot Password: minutes to hours). Each new request
    /// supersedes the older links of the address, and a link works once.
    /// </summary>
    public TimeSpan TokenLifetime { get; set; } = TimeSpan.FromMinutes(60);

    /// <summary>
    /// Where the link points, relative to the instance's base URL; <c>{token}</c> is replaced by the token.
    /// Default <c>dostep/ustaw-haslo?token={token}</c>. The page should send <c>Referrer-Policy: no-referrer</c>.
    /// </summary>
    public string LinkTemplate { get; set; } = "dostep/ustaw-haslo?token={token}";

    /// <summary>Requests per address: default 5 per hour, then 1 hour of silence (further requests get the same answer but no mail).</summary>
    public AttemptPolicy PerAddress { get; set; } = new(5, TimeSpan.FromHours(1), TimeSpan.FromHours(1));

    /// <summary>Requests per client key (e.g. IP address): default 20 per 15 minutes, then refused for 15 minutes.</summary>
    public AttemptPolicy PerClient { get; set; } = new(20, TimeSpan.FromMinutes(15), TimeSpan.FromMinutes(15));

    /// <summary>
    /// Lets <see cref="DevelopmentHumanCheck"/> run outside the Development environment (e.g. an internal test
    /// server). Default <see langword="false"/>: production must register a real <see cref="IHumanCheck"/>.
    /// </summary>
    public bool AllowDevelopmentHumanCheck { get; set; }
}

/// <summary>Options of sign-in: lockout and throttling (DESIGN §5; ASP.NET Identity and ASVS 5.0 V6).</summary>
public sealed class SignInOptions
{
    /// <summary>
    /// Failures per address (known or not, so locking reveals nothing): default 5 in 15 minutes lock the address for
    /// 5 minutes, as ASP.NET Core Identity does; at most ~60 guesses an hour, within ASVS's 100.
    /// </summary>
    public AttemptPolicy PerAddress { get; set; } = new(5, TimeSpan.FromMinutes(15), TimeSpan.FromMinutes(5));

    /// <summary>Failures per client key (e.g. IP address), across addresses: default 50 in 15 minutes, then refused for 15 minutes.</summary>
    public AttemptPolicy PerClient { get; set; } = new(50, TimeSpan.FromMinutes(15), TimeSpan.FromMinutes(15));

    /// <summary>
    /// How long the second-factor ticket of a sign-in that passed the password step works: default 5 minutes, time
    /// enough to open the authenticator app. Between 30 seconds and 30 minutes.
    /// </summary>
    public TimeSpan SecondFactorTicketLifetime { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>
    /// Whether the second step must come from the client key of the password step. Default <see langword="false"/>:
    /// phones change addresses between Wi-Fi and mobile data; turn it on for hosts whose client keys are stable.
    /// </summary>
    public bool BindSecondFactorTicketToClient { get; set; }
}

/// <summary>Options of session tickets.</summary>
public sealed class SessionOptions
{
    /// <summary>
    /// The ticket format generation. Bump it at a deploy that changes what a session means: older tickets then
    /// validate as <c>Stale</c> and the host quietly shows the sign-in page instead of an error (R10). Default 1.
    /// </summary>
    public int Generation { get; set; } = 1;

    /// <summary>A session ends this long after sign-in, used or not. Default 12 hours (one school day).</summary>
    public TimeSpan AbsoluteLifetime { get; set; } = TimeSpan.FromHours(12);

    /// <summary>A session ends after this long without use. Default 30 minutes (ASVS 5.0 V7.3).</summary>
    public TimeSpan IdleTimeout { get; set; } = TimeSpan.FromMinutes(30);
}
