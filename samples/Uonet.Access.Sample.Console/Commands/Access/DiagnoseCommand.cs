using System.CommandLine;
using System.Text.Json;
using Uonet.Access.Eligibility;
using Uonet.Access.Sample.Console.Hosting;

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
            return context.Output.Done(new { email = report.Email, symbol = report.InstanceSymbol, canSignIn = report.CanSignIn, findings }, text =>
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

                text.WriteLine(report.CanSignIn
                    ? context.Output.Say($"✔ {report.Email} może się zalogować pod adresem /{report.InstanceSymbol}/", $"✔ {report.Email} can sign in at /{report.InstanceSymbol}/", $"✔ {report.Email} може входити за адресою /{report.InstanceSymbol}/")
                    : context.Output.Say($"✘ {report.Email} nie może się zalogować pod adresem /{report.InstanceSymbol}/", $"✘ {report.Email} cannot sign in at /{report.InstanceSymbol}/", $"✘ {report.Email} не може входити за адресою /{report.InstanceSymbol}/"));
            });
        });
    }
}
