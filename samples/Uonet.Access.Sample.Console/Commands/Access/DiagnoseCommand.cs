using System.CommandLine;
using System.Text.Json;
using Uonet.Access.Eligibility;
using Uonet.Access.Sample.Console.Hosting;
using Uonet.Access.Sample.Console.Output;

namespace Uonet.Access.Sample.Console.Commands.Access;

/// <summary><c>diagnose</c>: why an address can or cannot sign in, which rule (R1…R10) and who can fix it.</summary>
internal static class DiagnoseCommand
{
    public static Command Create()
    {
        var symbol = CommonArguments.Symbol();
        var email = new Argument<string>("email") { Description = "The address a parent or pupil cannot sign in with." };
        var staff = CommonArguments.Staff();
        return new Command("diagnose", "Explains, for the school office, why an address can or cannot sign in and who can fix it.") { symbol, email, staff }.Does(async (context, cancellationToken) =>
        {
            var diagnosed = await context.Get<LoginDiagnosis>().DiagnoseAsync(CommonArguments.Actor(context.Value(symbol), context.Value(staff)!), context.Value(email), cancellationToken);
            if (!diagnosed.Succeeded)
            {
                return context.Output.Refused(diagnosed);
            }

            var report = diagnosed.Value;
            var culture = context.Output.Culture;
            var findings = report.Findings.Select(finding => new
            {
                studentId = finding.StudentId,
                pupil = finding.PupilName,
                unit = finding.UnitCode,
                @class = finding.ClassName,
                role = JsonNamingPolicy.CamelCase.ConvertName(finding.Role.ToString()),
                rule = finding.Rule,
                code = finding.Code,
                blocking = finding.Blocking,
                message = finding.Describe(culture),
                fixedBy = finding.FixedBy.Role,
                fixedByText = finding.FixedBy.Describe(culture),
            }).ToList();
            var state = report.SignIns;
            var signIns = new
            {
                hasAccount = state.HasAccount,
                lockedUntil = state.LockedUntil,
                lastSignInAt = state.LastSignInAt,
                lastFailedSignInAt = state.LastFailedSignInAt,
                linkPending = state.LinkPending,
                linkSentAt = state.LinkSentAt,
                linkValidUntil = state.LinkValidUntil,
            };
            return context.Output.Done(new { email = report.Email, symbol = report.InstanceSymbol, canSignIn = report.CanSignIn, findings, signIns }, text =>
            {
                foreach (var finding in findings)
                {
                    var where = finding.pupil is null ? string.Empty : $" — {finding.pupil} ({finding.unit}, {finding.@class})";
                    text.WriteLine($"[{finding.rule}] {finding.message}{where}");
                    if (finding.blocking)
                    {
                        text.WriteLine($"      {context.Output.Say("Poprawia", "Fixed by", "Виправляє")}: {finding.fixedByText}");
                    }
                }

                text.WriteLine(state.HasAccount
                    ? context.Output.Say("Konto: założone (pierwsze logowanie zakończone)", "Account: created (first login completed)", "Обліковий запис: створено (перший вхід завершено)")
                    : context.Output.Say("Konto: nie założone — pierwsze logowanie nie zostało zakończone", "Account: not created — the first login was not completed", "Обліковий запис: не створено — перший вхід не завершено"));
                text.WriteLine(state.LockedUntil is { } locked
                    ? context.Output.Say($"Blokada logowania: do {TextTable.Time(locked)}", $"Sign-in lock: until {TextTable.Time(locked)}", $"Блокування входу: до {TextTable.Time(locked)}")
                    : context.Output.Say("Blokada logowania: brak", "Sign-in lock: none", "Блокування входу: немає"));
                text.WriteLine(context.Output.Say($"Ostatnie logowanie: {TextTable.Time(state.LastSignInAt)}", $"Last sign-in: {TextTable.Time(state.LastSignInAt)}", $"Останній вхід: {TextTable.Time(state.LastSignInAt)}"));
                text.WriteLine(context.Output.Say($"Ostatnia nieudana próba: {TextTable.Time(state.LastFailedSignInAt)}", $"Last failed attempt: {TextTable.Time(state.LastFailedSignInAt)}", $"Остання невдала спроба: {TextTable.Time(state.LastFailedSignInAt)}"));
                text.WriteLine(state.LinkPending
                    ? context.Output.Say(
                        $"Link pierwszego logowania / przywrócenia dostępu: czeka w skrzynce (wysłany {TextTable.Time(state.LinkSentAt)}, ważny do {TextTable.Time(state.LinkValidUntil)})",
                        $"First-login / restore link: waiting in the mailbox (sent {TextTable.Time(state.LinkSentAt)}, valid until {TextTable.Time(state.LinkValidUntil)})",
                        $"Посилання для першого входу / відновлення доступу: чекає в поштовій скриньці (надіслано {TextTable.Time(state.LinkSentAt)}, дійсне до {TextTable.Time(state.LinkValidUntil)})")
                    : context.Output.Say("Link pierwszego logowania / przywrócenia dostępu: brak ważnego linku", "First-login / restore link: no valid link", "Посилання для першого входу / відновлення доступу: немає дійсного посилання"));
                text.WriteLine(report.CanSignIn
                    ? context.Output.Say($"✔ {report.Email} może się zalogować pod adresem /{report.InstanceSymbol}/", $"✔ {report.Email} can sign in at /{report.InstanceSymbol}/", $"✔ {report.Email} може входити за адресою /{report.InstanceSymbol}/")
                    : context.Output.Say($"✘ {report.Email} nie może się zalogować pod adresem /{report.InstanceSymbol}/", $"✘ {report.Email} cannot sign in at /{report.InstanceSymbol}/", $"✘ {report.Email} не може входити за адресою /{report.InstanceSymbol}/"));
            });
        });
    }
}
