using Uonet.Access.Passkeys;
using System.Text.Encodings.Web;
using System.Text.Unicode;
using Microsoft.Extensions.WebEncoders;
using Microsoft.AspNetCore.Http.Features;
using Uonet.Access.AspNetCore.Maintenance;

namespace Uonet.Access.Sample.Web.Hosting;

/// <summary>Wires the library and the portal's middleware into the host.</summary>
internal static class PortalHosting
{
    /// <summary>The longest form field the pages accept; the CSV import takes files, which have their own limit.</summary>
    public const int MaxFormValueLength = 16 * 1024;

    /// <summary>The largest CSV file the import page accepts.</summary>
    public const int MaxImportFileBytes = 8 * 1024 * 1024;

    /// <summary>The sign-in page's query parameter that says why the last session ended.</summary>
    public const string SignInReasonParameter = "powod";

    public static void AddPortal(this WebApplicationBuilder builder)
    {
        var configuration = builder.Configuration;
        var portalSection = configuration.GetSection("Portal");
        var portal = portalSection.Get<PortalOptions>() ?? new PortalOptions();
        builder.Services.Configure<PortalOptions>(portalSection);

        builder.Services.AddRazorPages();

        // Polish letters as they are, not as &#x142; entities: every character is still encoded where HTML needs it.
        builder.Services.Configure<WebEncoderOptions>(options => options.TextEncoderSettings = new TextEncoderSettings(UnicodeRanges.All));
        builder.Services.AddAntiforgery(options =>
        {
            options.Cookie.Name = "uonet-af";
            options.Cookie.SameSite = SameSiteMode.Strict;
        });
        builder.Services.Configure<FormOptions>(options =>
        {
            options.ValueLengthLimit = MaxFormValueLength;
            options.ValueCountLimit = 256;
            options.MultipartBodyLengthLimit = MaxImportFileBytes;
        });
        var access = builder.Services.AddUonetAccess(options =>
        {
            configuration.GetSection("UonetAccess").Bind(options);
            options.EnvironmentName = builder.Environment.EnvironmentName;
        });
        var contentRoot = builder.Environment.ContentRootPath;

        // Instances spread over several PostgreSQL databases (docs/sharding.md): the map comes from configuration.
        var shards = configuration.GetSection("PostgreSqlShards");
        if (shards.Exists())
        {
            access.UsePostgreSqlShards(options => shards.Bind(options));
        }
        else if (!string.IsNullOrWhiteSpace(portal.Postgres))
        {
            access.UsePostgreSql(portal.Postgres);
        }
        else
        {
            access.UseSqlite($"Data Source={Path.Combine(contentRoot, portal.Database)}");
        }

        var smtp = configuration.GetSection("Smtp");
        if (smtp.Exists())
        {
            access.UseSmtp(options => smtp.Bind(options));
        }
        else
        {
            access.UsePickupFolder(Path.Combine(contentRoot, portal.MailPickupFolder));
        }

        // The package's session scheme and cookies keep the portal's cookie names (its defaults); a visitor who is not
        // signed in lands on the instance's sign-in page, told why when the session ended (?powod=Session.Expired).
        access.AddAspNetCore(options =>
        {
            options.SignInPath = "/";
            options.SignInReturnUrlParameter = null;
            options.SignInReasonParameter = SignInReasonParameter;
            options.OutboxDeliveryInterval = portal.MailDispatchInterval;
        });
        access.AddPasskeys();
        builder.Services.AddSingleton<IMaintenanceResponder, MaintenancePage>();
        builder.Services.AddSingleton<DemoSeeding>();
    }

    public static void UsePortal(this WebApplication app)
    {
        if (!app.Environment.IsDevelopment())
        {
            app.UseExceptionHandler("/blad/500");
            app.UseHsts();
            app.UseHttpsRedirection();
        }

        app.UseMiddleware<SecurityHeaders>();
        app.UseStatusCodePagesWithReExecute("/blad/{0}");
        app.UseStaticFiles(new StaticFileOptions
        {
            OnPrepareResponse = context => context.Context.Response.Headers.CacheControl = "public, max-age=3600",
        });

        // Routing after the static files, so that /openapi.json is a file and not the symbol of an instance.
        app.UseRouting();
        app.UseMiddleware<PortalCulture>();
        app.UseUonetMaintenance();
        app.UseAuthentication();
        app.UseAuthorization();

        // The demo instances take the address the server really listens on, known only once it has started.
        var seeding = app.Services.GetRequiredService<DemoSeeding>();
        app.Lifetime.ApplicationStarted.Register(() => seeding.RunAsync(app.Lifetime.ApplicationStopping).GetAwaiter().GetResult());
    }
}
