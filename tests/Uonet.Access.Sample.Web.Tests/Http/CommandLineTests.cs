using Microsoft.Extensions.Configuration;
using Uonet.Access.Sample.Web.Hosting;

namespace Uonet.Access.Sample.Web.Tests.Http;

/// <summary>The portal's switches, the same as the console tool's, so both can work on one database.</summary>
public sealed class CommandLineTests
{
    [Fact]
    public void Switches_DemoDbPostgresAndPublicUrl_BecomeThePortalSettings()
    {
        var configuration = Read("--demo", "--db", "/data/szkoly.db", "--postgres", "Host=127.0.0.1;Database=szkoly", "--public-url", "https://dziennik.example.pl/");

        Assert.Equal("true", configuration["Portal:Demo"]);
        Assert.Equal("/data/szkoly.db", configuration["Portal:Database"]);
        Assert.Equal("Host=127.0.0.1;Database=szkoly", configuration["Portal:Postgres"]);
        Assert.Equal("https://dziennik.example.pl/", configuration["Portal:PublicUrl"]);
    }

    [Fact]
    public void Demo_AsTheLastOrAMiddleSwitch_NeverSwallowsTheNextOne()
    {
        var last = Read("--db", "a.db", "--demo");
        var middle = Read("--demo", "--db", "b.db");

        Assert.Equal(("true", "a.db"), (last["Portal:Demo"], last["Portal:Database"]));
        Assert.Equal(("true", "b.db"), (middle["Portal:Demo"], middle["Portal:Database"]));
    }

    private static IConfigurationRoot Read(params string[] args) =>
        new ConfigurationBuilder().AddCommandLine(PortalCommandLine.Normalize(args), PortalCommandLine.Switches).Build();
}
