using Uonet.Access;
using Uonet.Access.AspNetCore.Authorization;
using Uonet.Access.AspNetCore.Http;
using Uonet.Access.AspNetCore.Sessions;
using Uonet.Access.Credentials;
using Uonet.Access.Devices;
using Uonet.Access.Records;
using Uonet.Access.Sample.DemoData;

// A host of one's own on Uonet.Access.AspNetCore: JSON endpoints for the first login, the sign-in with its second
// step and the pupils of the signed-in person, plus the phones' API. Outside Development the start-up refuses the
// library's development human check (it accepts everyone) until you register your captcha: .UseHumanCheck<MyCaptcha>().
var builder = WebApplication.CreateBuilder(args);
var root = builder.Environment.ContentRootPath;
builder.Services.AddUonetAccess(options =>
    {
        builder.Configuration.GetSection("UonetAccess").Bind(options);
        options.EnvironmentName = builder.Environment.EnvironmentName;
    })
    .UseSqlite($"Data Source={Path.Combine(root, builder.Configuration["Database"] ?? "minimal-api.db")}")
    .UsePickupFolder(Path.Combine(root, builder.Configuration["MailPickupFolder"] ?? "mail-pickup"))   // .UseSmtp(…) for a real server
    .AddAspNetCore(options => options.OutboxDeliveryInterval = TimeSpan.FromSeconds(5));

var app = builder.Build();
app.UseUonetMaintenance();
app.UseAuthentication();
app.UseAuthorization();
app.MapUonetMobileApi();

// JSON bodies only (415 otherwise) and the SameSite=Lax session cookie: no cross-site form can post here.
// First login / "Przywróć dostęp" (R3, R4): the same answer for every address; the link goes out by mail.
app.MapPost("/{symbol}/first-login", async (string symbol, StartBody body, HttpContext context, RestoreAccess restore) =>
{
    var started = await restore.StartAsync(new StartAccessRequest
    {
        InstanceSymbol = symbol, Email = body.Email ?? "", HumanCheckResponse = body.HumanCheck, ClientKey = ClientKey(context),
    }, context.RequestAborted);
    return started.Succeeded ? Results.Accepted() : AccessHttpResults.Refusal(started.Error!);
});

// The link's token and the new password; the policy explains a refusal, and the link stays usable after one.
app.MapPost("/first-login/complete", async (CompleteBody body, HttpContext context, RestoreAccess restore) =>
{
    var done = await restore.CompleteAsync(new CompleteAccessRequest { Token = body.Token ?? "", Password = body.Password ?? "" }, context.RequestAborted);
    return done.Succeeded ? Results.NoContent() : AccessHttpResults.Refusal(done.Error!);
});

// Sign-in (R3, R10): the session cookie, or — with a second factor — only the single-use ticket in the second-step cookie.
app.MapPost("/{symbol}/sign-in", async (string symbol, SignInBody body, HttpContext context, AccountSignIn signIn, SessionCookies sessions, SecondStepCookie step) =>
{
    var result = await signIn.SignInAsync(new SignInRequest
    {
        InstanceSymbol = symbol, Email = body.Email ?? "", Password = body.Password ?? "", ClientKey = ClientKey(context),
    }, context.RequestAborted);
    return Answer(result, symbol, context, sessions, step);
});

app.MapPost("/{symbol}/sign-in/second-step", async (string symbol, SecondStepBody body, HttpContext context, AccountSignIn signIn, SessionCookies sessions, SecondStepCookie step) =>
{
    if (step.Find(context, symbol) is not { } ticket)
    {
        return AccessHttpResults.Refusal(new AccessError(AccessErrorCodes.SignInSecondFactorTicketInvalid));
    }

    var result = await signIn.CompleteSecondFactorAsync(new SecondFactorRequest
    {
        InstanceSymbol = symbol, Ticket = ticket, TotpCode = body.Code, RecoveryCode = body.RecoveryCode, ClientKey = ClientKey(context),
    }, context.RequestAborted);
    return Answer(result, symbol, context, sessions, step);
});

app.MapPost("/{symbol}/sign-out", async (string symbol, HttpContext context, SessionCookies sessions) =>
{
    await sessions.SignOutAsync(context, symbol, context.RequestAborted);
    return Results.NoContent();
});

// The "Uczeń" selector: whom the signed-in account sees now, derived from the records on this request (R5, R8).
app.MapGet("/{symbol}/pupils", (HttpContext context) => context.GetUonetSession()!.Pupils
        .Select(p => new { p.StudentId, p.FirstName, p.LastName, Unit = p.UnitCode, Class = p.ClassName, Relation = p.Relation.ToString() }))
    .RequireAuthorization(UonetPolicies.SignedIn);

// "Dostęp mobilny" (R7): a pairing ticket for the phone; the PIN goes beside the QR code, never into it.
app.MapPost("/{symbol}/pairing", async (HttpContext context, MobileDevices devices) =>
{
    var pairing = await devices.CreatePairingAsync(context.GetUonetSession()!.Ticket, context.RequestAborted);
    return pairing.Succeeded
        ? Results.Ok(new { pairing.Value.Token, pairing.Value.Pin, pairing.Value.Payload, pairing.Value.ExpiresAt })
        : AccessHttpResults.Refusal(pairing.Error!);
}).RequireAuthorization(UonetPolicies.SignedIn);

if (app.Environment.IsDevelopment())
{
    // The demo district, so that there is someone to sign in as (addresses in samples/Uonet.Access.Sample.DemoData).
    await DemoDataset.SeedAsync(app.Services.GetRequiredService<SchoolDirectory>(), app.Services.GetRequiredService<StudentRecords>(),
        new Uri(builder.Configuration["PublicUrl"] ?? "http://localhost:5090/"));
}

app.Run();

static string? ClientKey(HttpContext context) => context.Connection.RemoteIpAddress?.ToString();   // behind a proxy: UseForwardedHeaders

static IResult Answer(AccountSignInResult result, string symbol, HttpContext context, SessionCookies sessions, SecondStepCookie step)
{
    if (result.Outcome == SignInOutcome.RequiresSecondFactor && result.SecondFactorTicket is { } ticket)
    {
        step.Keep(context, symbol, ticket);
        return Results.Ok(new { secondFactor = true });
    }

    if (!result.Succeeded)
    {
        return AccessHttpResults.Refusal(result.Error!);   // 423/429/503 with Retry-After; 400 for a wrong password
    }

    step.Drop(context, symbol);
    sessions.SignIn(context, symbol, result.SessionTicket!);
    return Results.Ok(new { secondFactor = false });
}

internal sealed record StartBody(string? Email, string? HumanCheck);

internal sealed record CompleteBody(string? Token, string? Password);

internal sealed record SignInBody(string? Email, string? Password);

internal sealed record SecondStepBody(string? Code, string? RecoveryCode);

/// <summary>The entry point (public for <c>WebApplicationFactory</c> in the tests).</summary>
public partial class Program;
