using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Options;
using Uonet.Access.Records;
using Uonet.Access.Sample.DemoData;

namespace Uonet.Access.Sample.Web.Hosting;

/// <summary>
/// Loads the demo district into an empty database in Development or with <c>--demo</c>, never silently in Production.
/// Its instances get the portal's own address, so mail links and the pairing QR code lead back here.
/// </summary>
internal sealed partial class DemoSeeding(
    SchoolDirectory directory,
    StudentRecords records,
    IServer server,
    IWebHostEnvironment environment,
    IOptions<PortalOptions> options,
    ILogger<DemoSeeding> logger)
{
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        var site = SiteUrl();
        var instances = await directory.ListInstancesAsync(cancellationToken);
        if (instances.Count == 0)
        {
            if (!environment.IsDevelopment() && !options.Value.Demo)
            {
                EmptyDatabase(logger);
                return;
            }

            await DemoDataset.SeedAsync(directory, records, site, cancellationToken);
            Seeded(logger, site);
            return;
        }

        if (instances.FirstOrDefault(i => i.Symbol == DemoDataset.Symbol) is { } demo && demo.BaseUrl.GetLeftPart(UriPartial.Authority) != site.GetLeftPart(UriPartial.Authority))
        {
            DemoElsewhere(logger, demo.BaseUrl, site);
        }
    }

    /// <summary>The configured public address, else the first address the server listens on (wildcards read as localhost).</summary>
    internal Uri SiteUrl()
    {
        var configured = options.Value.PublicUrl;
        var address = !string.IsNullOrWhiteSpace(configured)
            ? configured
            : server.Features.Get<IServerAddressesFeature>()?.Addresses.FirstOrDefault() ?? "http://localhost/";
        var binding = BindingAddress.Parse(address);
        var host = binding.Host is "+" or "*" or "[::]" or "0.0.0.0" ? "localhost" : binding.Host;
        var builder = new UriBuilder(binding.Scheme, host, binding.Port, binding.PathBase.TrimEnd('/') + "/");
        if (builder.Uri.IsDefaultPort)
        {
            builder.Port = -1;
        }

        return builder.Uri;
    }

    [LoggerMessage(EventId = 9001, Level = LogLevel.Information, Message = "The database was empty: loaded the demo district at {Site}")]
    private static partial void Seeded(ILogger logger, Uri site);

    [LoggerMessage(EventId = 9002, Level = LogLevel.Warning, Message = "The database holds no instance. Start with --demo to load the demo district, or add your schools.")]
    private static partial void EmptyDatabase(ILogger logger);

    [LoggerMessage(EventId = 9003, Level = LogLevel.Warning, Message = "The demo instance lives at {Demo} but the portal listens at {Site}: mail links and pairing codes point there. Start with --urls or --public-url matching it, or delete the database to reload the demo.")]
    private static partial void DemoElsewhere(ILogger logger, Uri demo, Uri site);
}
