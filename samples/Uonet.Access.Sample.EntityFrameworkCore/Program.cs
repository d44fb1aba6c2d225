using Microsoft.EntityFrameworkCore;
using Uonet.Access;
using Uonet.Access.AspNetCore.Authorization;
using Uonet.Access.AspNetCore.Http;
using Uonet.Access.AspNetCore.Sessions;
using Uonet.Access.Credentials;
using Uonet.Access.Devices;
using Uonet.Access.EntityFrameworkCore;
using Uonet.Access.Records;
using Uonet.Access.Sample.DemoData;
using Uonet.Access.Sample.EntityFrameworkCore.School;

// A host whose data lives in ONE EF Core context of its own: the school's announcements beside Uonet.Access's tables,
// in one SQLite file, brought up to date by the app's own migrations (Migrations/, made with `dotnet ef migrations add`).
// The library's endpoints are those of samples/Uonet.Access.Sample.MinimalApi; the app adds its announcements.
var builder = WebApplication.CreateBuilder(args);
var root = builder.Environment.ContentRootPath;
var database = Path.Combine(root, builder.Configuration["Database"] ?? "school-portal.db");
// UseUonetAccessSqlite: busy_timeout, foreign keys and WAL on each connection, which the store needs on SQLite.
builder.Services.AddDbContextFactory<SchoolPortalContext>(o => o.UseSqlite($"Data Source={database}").UseUonetAccessSqlite());
builder.Services.AddUonetAccess(options =>
    {
        builder.Configuration.GetSection("UonetAccess").Bind(options);
        options.EnvironmentName = builder.Environment.EnvironmentName;
    })
    .UseEntityFrameworkCore<SchoolPortalContext>()
    .UsePickupFolder(Path.Combine(root, builder.Configuration["MailPickupFolder"] ?? "mail-pickup"))   // .UseSmtp(…) for a real server
    .AddAspNetCore(options => options.OutboxDeliveryInterval = TimeSpan.FromSeconds(5));

var app = builder.Build();
await using (var context = await app.Services.GetRequiredService<IDbContextFactory<SchoolPortalContext>>().CreateDbContextAsync())
{
    await context.Database.MigrateAsync();
    if (app.Environment.IsDevelopment())
    {
        // The demo district, so that there is someone to sign in as (addresses in samples/Uonet.Access.Sample.DemoData).
        await DemoDataset.SeedAsync(app.Services.GetRequiredService<SchoolDirectory>(), app.Services.GetRequiredService<StudentRecords>(),
            new Uri(builder.Configuration["PublicUrl"] ?? "http://localhost:5091/"));
        await DemoAnnouncements.SeedAsync(context, app.Services.GetRequiredService<TimeProvider>());
    }
}

app.UseUonetMaintenance();
app.UseAuthentication();
app.UseAuthorization();
app.MapUonetMobileApi();

// The app's own data for a signed-in person: the announcements of the session's instance, newest first (R8: the
// instance comes from the session, never from the request alone).
app.MapGet("/{symbol}/announcements", async (HttpContext context, IDbContextFactory<SchoolPortalContext> contexts) =>
{
    var symbol = context.GetUonetSession()!.Symbol;
    await using var school = await contexts.CreateDbContextAsync(context.RequestAborted);
    return await school.Announcements.AsNoTracking()
        .Where(a => a.InstanceSymbol == symbol)
        .OrderByDescending(a => a.PublishedAt)
        .Select(a => new { a.Id, a.Title, a.Body, a.PublishedAt })
        .ToListAsync(context.RequestAborted);
}).RequireAuthorization(UonetPolicies.SignedIn);

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
