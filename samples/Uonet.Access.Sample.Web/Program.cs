using Uonet.Access.Sample.Web.Hosting;

// The school portal ("Witryna ucznia i rodzica") hosting Uonet.Access: it translates HTTP to library calls and back.
// Configuration: appsettings.json, environment variables, and the command line (--db <file>, --postgres <connection
// string>, --demo, --public-url <address>, plus ASP.NET Core's own, e.g. --urls).
var arguments = PortalCommandLine.Normalize(args);
var builder = WebApplication.CreateBuilder(arguments);
builder.Configuration.AddCommandLine(arguments, PortalCommandLine.Switches);
builder.AddPortal();

var app = builder.Build();
app.UsePortal();
app.MapUonetMobileApi();
app.MapUonetPasskeys();
app.MapRazorPages();
app.Run();

/// <summary>The portal's entry point (public for <c>WebApplicationFactory</c> in the tests).</summary>
public partial class Program;
