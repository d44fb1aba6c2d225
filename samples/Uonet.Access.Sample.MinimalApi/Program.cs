using Uonet.Access.Records;
using Uonet.Access.Sample.DemoData;

// A host of one's own on Uonet.Access.AspNetCore: the package's JSON endpoints for the first login, the sign-in with
// its second step and the pupils of the signed-in person, plus the phones' API. Outside Development the start-up
// refuses the library's development human check (it accepts everyone) until you register your captcha:
// .UseHumanCheck<MyCaptcha>().
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
app.MapUonetAccountApi();   // first login, sign-in with its second step, sign-out, the pupils, pairing

if (app.Environment.IsDevelopment())
{
    // The demo district, so that there is someone to sign in as (addresses in samples/Uonet.Access.Sample.DemoData).
    await DemoDataset.SeedAsync(app.Services.GetRequiredService<SchoolDirectory>(), app.Services.GetRequiredService<StudentRecords>(),
        new Uri(builder.Configuration["PublicUrl"] ?? "http://localhost:5090/"));
}

app.Run();

/// <summary>The entry point (public for <c>WebApplicationFactory</c> in the tests).</summary>
public partial class Program;
