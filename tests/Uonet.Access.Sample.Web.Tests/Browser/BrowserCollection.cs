namespace Uonet.Access.Sample.Web.Tests.Browser;

/// <summary>
/// Every browser test class shares one portal and one Chromium and runs one after another: two cores are shared by
/// the whole suite, and a second browser would only make each slower.
/// </summary>
[CollectionDefinition(Name)]
public sealed class BrowserCollection : ICollectionFixture<BrowserPortal>
{
    public const string Name = "Browser";
}
