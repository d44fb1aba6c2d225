using System.Globalization;
using System.Text;
using Microsoft.Extensions.DependencyInjection;
using Uonet.Access;
using Uonet.Access.Credentials;
using Uonet.Access.Devices;
using Uonet.Access.Eligibility;
using Uonet.Access.Records;
using Uonet.Access.Sample.DemoData;
using Uonet.Access.Storage;

// The demo of the library embedded in a command-line program: it loads the demo district into an in-memory store
// and asks the library, for each demo address, whom it sees and why it can or cannot sign in.
Console.OutputEncoding = Encoding.UTF8;
var culture = new CultureInfo(args.Contains("--en") ? "en-GB" : "pl-PL");
if (args.Any(a => a is "-h" or "--help"))
{
    Console.WriteLine("uonet-access [demo] [--en]   loads the demo school and prints the login diagnosis of each demo address");
    return 0;
}

if (args.FirstOrDefault(a => !a.StartsWith('-')) is { } command && command != "demo")
{
    Console.Error.WriteLine($"Unknown command '{command}'. Try: uonet-access demo [--en]");
    return 2;
}

var services = new ServiceCollection();
// A demo: a fresh SQLite file (the embedded default), mail written as .eml files, and the development human check
// (allowed in the Development environment only).
var database = Path.Combine(Path.GetTempPath(), "uonet-access-demo.db");
foreach (var file in new[] { database, database + "-wal", database + "-shm" })
{
    File.Delete(file);
}

services.AddUonetAccess(options => options.EnvironmentName = "Development")
    .UseSqlite($"Data Source={database}")
    .UsePickupFolder(Path.Combine(Path.GetTempPath(), "uonet-access-demo-mail"));
await using var provider = services.BuildServiceProvider(validateScopes: true);
await DemoDataset.SeedAsync(provider.GetRequiredService<SchoolDirectory>(), provider.GetRequiredService<StudentRecords>());

var resolver = provider.GetRequiredService<PupilResolver>();
var diagnosis = provider.GetRequiredService<LoginDiagnosis>();
var polish = AccessMessages(culture);
Console.WriteLine(polish ? $"Diagnoza logowania pod adresem /{DemoDataset.Symbol}/ (pyta: {DemoDataset.SecretarySp1.Email})" : $"Login diagnosis at /{DemoDataset.Symbol}/ (asked by {DemoDataset.SecretarySp1.Email})");
foreach (var address in DemoDataset.Addresses)
{
    Console.WriteLine();
    Console.WriteLine($"■ {address.Email} — {(polish ? address.Polish : address.English)}");
    var pupils = await resolver.ResolveAsync(DemoDataset.Symbol, address.Email);
    foreach (var pupil in pupils)
    {
        Console.WriteLine($"    {(polish ? "Uczeń" : "Pupil")}: {pupil.FirstName} {pupil.LastName}, {pupil.UnitName}, {(polish ? "klasa" : "class")} {pupil.ClassName} ({pupil.Relation})");
    }

    var report = await diagnosis.DiagnoseAsync(DemoDataset.SecretarySp1, address.Email);
    foreach (var finding in report.Value.Findings.Where(f => f.Blocking))
    {
        Console.WriteLine($"    [{finding.Rule}] {finding.Describe(culture)}");
        Console.WriteLine($"         {(polish ? "Poprawia" : "Fixed by")}: {finding.FixedBy.Describe(culture)}");
    }

    Console.WriteLine(report.Value.CanSignIn
        ? (polish ? "    ✔ może się zalogować" : "    ✔ can sign in")
        : (polish ? "    ✘ nie może się zalogować" : "    ✘ cannot sign in"));
}

// R2 is enforced at entry: the office cannot type the pupil's own address as the guardian's.
var records = provider.GetRequiredService<StudentRecords>();
var ola = (await resolver.ResolveAsync(DemoDataset.Symbol, "ola.nowak@uczen.example.pl"))[0];
var refused = await records.AddGuardianAsync(DemoDataset.SecretarySp1, ola.StudentId, new GuardianDetails { FirstName = "Anna", LastName = "Nowak", Email = "Ola.Nowak@uczen.example.pl" });
Console.WriteLine();
Console.WriteLine((polish ? "Próba wpisania adresu ucznia jako adresu rodzica: " : "Trying to enter the pupil's address as the guardian's: ") + refused.Error!.Code);
Console.WriteLine("    " + refused.Error.Describe(culture));

// The first login of a parent (R3, R4): ask for a link, take it from the outbox, set a password, sign in (R5).
var anna = "anna.nowak@example.pl";
await provider.GetRequiredService<RestoreAccess>().StartAsync(new StartAccessRequest { InstanceSymbol = DemoDataset.Symbol, Email = anna });
var outbox = await provider.GetRequiredService<IOutboxStore>().ListAsync(anna, 1, CancellationToken.None);
var token = System.Web.HttpUtility.ParseQueryString(new Uri(outbox[0].Link!).Query)["token"]!;
var password = "kot ma ale i psa burka";
var completed = await provider.GetRequiredService<RestoreAccess>().CompleteAsync(new CompleteAccessRequest { Token = token, Password = password });
var signIn = await provider.GetRequiredService<AccountSignIn>().SignInAsync(new SignInRequest { InstanceSymbol = DemoDataset.Symbol, Email = anna, Password = password });
Console.WriteLine();
Console.WriteLine(polish ? $"Pierwsze logowanie {anna}: link z poczty → hasło ustawione: {completed.Succeeded} → logowanie: {signIn.Outcome}" : $"First login of {anna}: link from the outbox → password set: {completed.Succeeded} → sign-in: {signIn.Outcome}");
foreach (var pupil in signIn.Pupils)
{
    Console.WriteLine($"    {(polish ? "Uczeń" : "Pupil")}: {pupil.FirstName} {pupil.LastName} ({pupil.UnitName}, {pupil.ClassName})");
}

// Dostęp mobilny (R7): a pairing ticket with its token and PIN; the QR code holds the payload, never the PIN.
var pairing = await provider.GetRequiredService<MobileDevices>().CreatePairingAsync(signIn.SessionTicket);
Console.WriteLine(polish
    ? $"Dostęp mobilny: token {pairing.Value.Token}, symbol {pairing.Value.InstanceSymbol}, PIN {pairing.Value.Pin}, ważny do {pairing.Value.ExpiresAt:HH:mm} UTC"
    : $"Mobile access: token {pairing.Value.Token}, symbol {pairing.Value.InstanceSymbol}, PIN {pairing.Value.Pin}, valid until {pairing.Value.ExpiresAt:HH:mm} UTC");
Console.WriteLine($"    QR: {pairing.Value.Payload}");
return 0;

static bool AccessMessages(CultureInfo culture) => Uonet.Access.Localization.AccessMessages.IsPolish(culture);
