using Microsoft.EntityFrameworkCore;
using Uonet.Access.AspNetCore.Authorization;
using Uonet.Access.EntityFrameworkCore;
using Uonet.Access.Records;
using Uonet.Access.Sample.DemoData;
using Uonet.Access.Sample.EntityFrameworkCore.School;

// A host whose data lives in ONE EF Core context of its own: the school's announcements beside Uonet.Access's tables,
// in one SQLite file, brought up to date by the app's own migrations (Migrations/, made with `dotnet ef migrations add`).
// The library's endpoints come from the package (MapUonetAccountApi, MapUonetMobileApi); the app adds its announcements.
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
app.MapUonetAccountApi();

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

app.Run();

/// <summary>The entry point (public for <c>WebApplicationFactory</c> in the tests).</summary>
public partial class Program;
