using System.CommandLine;
using Uonet.Access.Devices;
using Uonet.Access.Sample.Console.Hosting;
using Uonet.Access.Sample.Console.Output;

namespace Uonet.Access.Sample.Console.Commands.Devices;

/// <summary>
/// <c>pairing start</c>, <c>devices list|revoke</c>: Dostęp mobilny as the signed-in account sees it (R7) — a pairing
/// ticket with its QR code and PIN, the registered devices, and <i>Wyrejestruj</i>.
/// </summary>
internal static class PairingCommands
{
    public static Command Pairing() => new("pairing", "Mobile access: pairing tickets (QR code + PIN).") { StartPairing() };

    public static Command Devices() => new("devices", "The mobile devices registered to a signed-in account.") { ListDevices(), RevokeDevice() };

    private static Command StartPairing()
    {
        var session = CommonArguments.Session();
        var qr = new Option<FileInfo>("--qr") { Description = "Write the QR code (PNG) here; it holds the API address, symbol and token, never the PIN.", HelpName = "png-path" };
        return new Command("start", "Creates a pairing ticket: token, PIN, symbol and the QR code's payload (Zarejestruj urządzenie mobilne).") { session, qr }.Does(async (context, cancellationToken) =>
        {
            var created = await context.Get<MobileDevices>().CreatePairingAsync(context.Session(session), cancellationToken);
            if (!created.Succeeded)
            {
                return context.Output.Refused(created);
            }

            var ticket = created.Value;
            var qrFile = context.Value(qr)?.FullName;
            if (qrFile is not null)
            {
                await File.WriteAllBytesAsync(qrFile, ticket.QrPng, cancellationToken);
            }

            var body = new { token = ticket.Token, pin = ticket.Pin, symbol = ticket.InstanceSymbol, apiBaseUrl = ticket.ApiBaseUrl, expiresAt = ticket.ExpiresAt, qrPayload = ticket.Payload, qrFile };
            return context.Output.Done(body, text =>
            {
                text.WriteLine(context.Output.Say($"Token: {ticket.Token}", $"Token: {ticket.Token}", $"Токен: {ticket.Token}"));
                text.WriteLine(context.Output.Say($"Symbol: {ticket.InstanceSymbol}", $"Symbol: {ticket.InstanceSymbol}", $"Символ: {ticket.InstanceSymbol}"));
                text.WriteLine($"PIN: {ticket.Pin}");
                text.WriteLine(context.Output.Say($"Ważny do: {TextTable.Time(ticket.ExpiresAt)}", $"Valid until: {TextTable.Time(ticket.ExpiresAt)}", $"Дійсний до: {TextTable.Time(ticket.ExpiresAt)}"));
                text.WriteLine($"API: {ticket.ApiBaseUrl}");
                text.WriteLine($"QR: {ticket.Payload}" + (qrFile is null ? string.Empty : $" → {qrFile}"));
            });
        });
    }

    private static Command ListDevices()
    {
        var session = CommonArguments.Session();
        return new Command("list", "Lists the account's devices, with revoked ones and why.") { session }.Does(async (context, cancellationToken) =>
        {
            var listed = await context.Get<MobileDevices>().ListDevicesAsync(context.Session(session), cancellationToken);
            if (!listed.Succeeded)
            {
                return context.Output.Refused(listed);
            }

            var devices = listed.Value.Select(device => new
            {
                id = device.Id,
                name = device.Name,
                platform = device.Platform,
                keyAlgorithm = device.KeyAlgorithm.ToString(),
                createdAt = device.CreatedAt,
                lastSeenAt = device.LastSeenAt,
                revokedAt = device.RevokedAt,
                revocationReason = device.RevocationReason?.ToString(),
            }).ToList();
            return context.Output.Done(new { devices }, text =>
            {
                if (devices.Count == 0)
                {
                    text.WriteLine(context.Output.Say("(brak urządzeń)", "(no devices)", "(пристроїв немає)"));
                    return;
                }

                TextTable.Write(text,
                    [context.Output.Say("nazwa", "name", "назва"), context.Output.Say("system", "platform", "платформа"), context.Output.Say("ostatnio", "last seen", "остання активність"), context.Output.Say("wyrejestrowane", "revoked", "реєстрацію скасовано"), "id"],
                    [.. devices.Select(d => new[] { d.name, d.platform, TextTable.Time(d.lastSeenAt), d.revocationReason, d.id.ToString() })]);
            });
        });
    }

    private static Command RevokeDevice()
    {
        var session = CommonArguments.Session();
        var deviceId = new Argument<Guid>("device-id") { Description = "The device to unregister (devices list prints the ids)." };
        return new Command("revoke", "Unregisters a device (Wyrejestruj); its next request is refused with Device.Revoked.") { session, deviceId }.Does(async (context, cancellationToken) =>
        {
            var revoked = await context.Get<MobileDevices>().RevokeDeviceAsync(context.Session(session), context.Value(deviceId), cancellationToken);
            return revoked.Succeeded
                ? context.Output.Done(new { revoked = context.Value(deviceId) }, text => text.WriteLine(context.Output.Say("Wyrejestrowano ", "Unregistered ", "Скасовано реєстрацію ") + context.Value(deviceId)))
                : context.Output.Refused(revoked);
        });
    }
}
