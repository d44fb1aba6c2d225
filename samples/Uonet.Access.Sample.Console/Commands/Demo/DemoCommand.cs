using System.CommandLine;
using System.Web;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Uonet.Access.Credentials;
using Uonet.Access.Devices;
using Uonet.Access.Eligibility;
using Uonet.Access.Records;
using Uonet.Access.Sample.Console.Hosting;
using Uonet.Access.Sample.Console.Output;
using Uonet.Access.Sample.DemoData;
using Uonet.Access.Mail;

namespace Uonet.Access.Sample.Console.Commands.Demo;

/// <summary>
/// <c>demo</c> (also the tool without a command): the demo district in a fresh SQLite file, whom each demo address
/// sees and why it can or cannot sign in, a refused entry (R2), a parent's first login and a pairing ticket.
/// </summary>
internal static class DemoCommand
{
    public static Command Create() => new Command("demo", "Loads the demo district into a fresh temporary database and walks through the FAQ's situations.").Does(RunAsync);

    public static async Task<int> RunAsync(ToolContext context, CancellationToken cancellationToken)
    {
        // A fresh SQLite file (the embedded default) in a folder of its own, mail written as .eml files beside it, and
        // the development human check (allowed in the Development environment only). The demo never touches --db.
        var folder = Directory.CreateTempSubdirectory("uonet-access-demo-");
        try
        {
            return await RunInAsync(folder.FullName, context.Output, cancellationToken);
        }
        finally
        {
            SqliteConnection.ClearAllPools();
            folder.Delete(recursive: true);
        }
    }

    private static async Task<int> RunInAsync(string folder, CommandOutput output, CancellationToken cancellationToken)
    {
        var culture = output.Culture;
        var services = new ServiceCollection();
        services.AddUonetAccess(options => options.EnvironmentName = "Development")
            .UseSqlite($"Data Source={Path.Combine(folder, "demo.db")}")
            .UsePickupFolder(Path.Combine(folder, "mail"));
        await using var provider = services.BuildServiceProvider(validateScopes: true);
        await DemoDataset.SeedAsync(provider.GetRequiredService<SchoolDirectory>(), provider.GetRequiredService<StudentRecords>(), cancellationToken);

        var resolver = provider.GetRequiredService<PupilResolver>();
        var diagnosis = provider.GetRequiredService<LoginDiagnosis>();
        var addresses = new List<object>();
        var text = new StringWriter();
        text.WriteLine(output.Say($"Diagnoza logowania pod adresem /{DemoDataset.Symbol}/ (pyta: {DemoDataset.SecretarySp1.Email})", $"Login diagnosis at /{DemoDataset.Symbol}/ (asked by {DemoDataset.SecretarySp1.Email})", $"Діагностика входу за адресою /{DemoDataset.Symbol}/ (запитує: {DemoDataset.SecretarySp1.Email})"));
        foreach (var address in DemoDataset.Addresses)
        {
            text.WriteLine();
            text.WriteLine($"■ {address.Email} — {output.Say(address.Polish, address.English, address.Ukrainian)}");
            var pupils = await resolver.ResolveAsync(DemoDataset.Symbol, address.Email, cancellationToken);
            foreach (var pupil in pupils)
            {
                text.WriteLine($"    {output.Say("Uczeń", "Pupil", "Учень")}: {pupil.FirstName} {pupil.LastName}, {pupil.UnitName}, {output.Say("klasa", "class", "клас")} {pupil.ClassName} ({pupil.Relation})");
            }

            var report = (await diagnosis.DiagnoseAsync(DemoDataset.SecretarySp1, address.Email, cancellationToken)).Value;
            var blockers = report.Findings.Where(f => f.Blocking).ToList();
            foreach (var finding in blockers)
            {
                text.WriteLine($"    [{finding.Rule}] {finding.Describe(culture)}");
                text.WriteLine($"         {output.Say("Poprawia", "Fixed by", "Виправляє")}: {finding.FixedBy.Describe(culture)}");
            }

            text.WriteLine(report.CanSignIn ? output.Say("    ✔ może się zalogować", "    ✔ can sign in", "    ✔ може входити") : output.Say("    ✘ nie może się zalogować", "    ✘ cannot sign in", "    ✘ не може входити"));
            addresses.Add(new
            {
                email = address.Email,
                situation = output.Say(address.Polish, address.English, address.Ukrainian),
                canSignIn = report.CanSignIn,
                pupils = pupils.Select(PupilView.From),
                blockers = blockers.Select(f => new { rule = f.Rule, code = f.Code, message = f.Describe(culture), fixedBy = f.FixedBy.Role }),
            });
        }

        // R2 is enforced at entry: the office cannot type the pupil's own address as the guardian's.
        var ola = (await resolver.ResolveAsync(DemoDataset.Symbol, "ola.nowak@uczen.example.pl", cancellationToken))[0];
        var refused = await provider.GetRequiredService<StudentRecords>().AddGuardianAsync(DemoDataset.SecretarySp1, ola.StudentId, new GuardianDetails { FirstName = "Anna", LastName = "Nowak", Email = "Ola.Nowak@uczen.example.pl" }, cancellationToken);
        text.WriteLine();
        text.WriteLine(output.Say("Próba wpisania adresu ucznia jako adresu rodzica: ", "Trying to enter the pupil's address as the guardian's: ", "Спроба ввести адресу учня як адресу батьків: ") + refused.Error!.Code);
        text.WriteLine("    " + refused.Error.Describe(culture));

        // The first login of a parent (R3, R4): ask for a link, take it from the outbox, set a password, sign in (R5).
        var anna = "anna.nowak@example.pl";
        var restore = provider.GetRequiredService<RestoreAccess>();
        await restore.StartAsync(new StartAccessRequest { InstanceSymbol = DemoDataset.Symbol, Email = anna }, cancellationToken);
        var outbox = await provider.GetRequiredService<DevelopmentOutbox>().ListAsync(anna, 1, cancellationToken);
        var token = HttpUtility.ParseQueryString(new Uri(outbox[0].Message.Link!).Query)["token"]!;
        var password = "kot ma ale i psa burka";
        var completed = await restore.CompleteAsync(new CompleteAccessRequest { Token = token, Password = password }, cancellationToken);
        var signIn = await provider.GetRequiredService<AccountSignIn>().SignInAsync(new SignInRequest { InstanceSymbol = DemoDataset.Symbol, Email = anna, Password = password }, cancellationToken);
        text.WriteLine();
        text.WriteLine(output.Say(
            $"Pierwsze logowanie {anna}: link z poczty → hasło ustawione: {completed.Succeeded} → logowanie: {signIn.Outcome}",
            $"First login of {anna}: link from the outbox → password set: {completed.Succeeded} → sign-in: {signIn.Outcome}",
            $"Перший вхід {anna}: посилання з пошти → пароль установлено: {completed.Succeeded} → вхід: {signIn.Outcome}"));
        foreach (var pupil in signIn.Pupils)
        {
            text.WriteLine($"    {output.Say("Uczeń", "Pupil", "Учень")}: {pupil.FirstName} {pupil.LastName} ({pupil.UnitName}, {pupil.ClassName})");
        }

        // Dostęp mobilny (R7): a pairing ticket with its token and PIN; the QR code holds the payload, never the PIN.
        var pairing = (await provider.GetRequiredService<MobileDevices>().CreatePairingAsync(signIn.SessionTicket, cancellationToken)).Value;
        text.WriteLine(output.Say(
            $"Dostęp mobilny: token {pairing.Token}, symbol {pairing.InstanceSymbol}, PIN {pairing.Pin}, ważny do {pairing.ExpiresAt:HH:mm} UTC",
            $"Mobile access: token {pairing.Token}, symbol {pairing.InstanceSymbol}, PIN {pairing.Pin}, valid until {pairing.ExpiresAt:HH:mm} UTC",
            $"Мобільний доступ: токен {pairing.Token}, символ {pairing.InstanceSymbol}, PIN {pairing.Pin}, дійсний до {pairing.ExpiresAt:HH:mm} UTC"));
        text.WriteLine($"    QR: {pairing.Payload}");

        return output.Done(
            new
            {
                addresses,
                guardianEmailSameAsStudent = ErrorView.From(refused.Error, culture),
                firstLogin = new { email = anna, passwordSet = completed.Succeeded, signIn = signIn.Outcome.ToString(), pupils = signIn.Pupils.Select(PupilView.From) },
                pairing = new { token = pairing.Token, pin = pairing.Pin, symbol = pairing.InstanceSymbol, expiresAt = pairing.ExpiresAt, qrPayload = pairing.Payload },
            },
            writer => writer.Write(text.ToString()));
    }
}
