using System.CommandLine;
using Uonet.Access.Sample.Console.Hosting;
using Uonet.Access.Sample.Console.Output;

namespace Uonet.Access.Sample.Console.Commands.Devices;

/// <summary>
/// <c>device register|pupils</c>: the tool acting as a phone against the web portal's mobile API over HTTP — it
/// registers a key with the token and PIN of a pairing ticket, then signs its requests with that key.
/// </summary>
internal static class DeviceCommands
{
    public static Command Create() => new("device", "Act as a mobile device against the web portal's API (over HTTP).") { Register(), Pupils() };

    private static Command Register()
    {
        var endpoint = new EndpointOptions();
        var token = new Option<string>("--token") { Description = "The pairing ticket's token.", Required = true };
        var pin = new Option<string>("--pin") { Description = "The PIN shown beside the QR code.", Required = true };
        var name = new Option<string>("--name") { Description = "The device's name, e.g. \"Telefon Oli\".", Required = true };
        var platform = new Option<string>("--platform") { Description = "The platform reported to the portal.", DefaultValueFactory = _ => "console" };
        var command = new Command("register", "Registers a device: creates the key in --key-file when missing, sends its public key with the token and PIN.") { token, pin, name, platform };
        endpoint.AddTo(command);
        return command.Does(async (context, cancellationToken) =>
        {
            using var api = endpoint.Client(context);
            using var keyFile = DeviceKeyFile.OpenOrCreate(context.Value(endpoint.KeyFile)!.FullName, context.Output.Progress);
            var answer = await api.PostAsync<Registered>("register", new
            {
                token = context.Value(token),
                pin = context.Value(pin),
                deviceName = context.Value(name),
                platform = context.Value(platform),
                publicKey = Convert.ToBase64String(keyFile.PublicKey()),
            }, cancellationToken);
            if (answer.Error is not null)
            {
                return context.Output.Refused([answer.Error]);
            }

            var registered = answer.Body!;
            keyFile.SaveDeviceId(registered.DeviceId);
            return context.Output.Done(new { deviceId = registered.DeviceId, pupils = registered.Pupils }, text =>
            {
                text.WriteLine(context.Output.Say($"Zarejestrowano urządzenie {registered.DeviceId} (klucz: {keyFile.Path})", $"Registered device {registered.DeviceId} (key: {keyFile.Path})"));
                PupilView.WriteTable(text, context.Output, registered.Pupils);
            });
        });
    }

    private static Command Pupils()
    {
        var endpoint = new EndpointOptions();
        var command = new Command("pupils", "Lists the pupils the device sees, with a signed request; a revoked device gets Device.Revoked with its reason.");
        endpoint.AddTo(command);
        return command.Does(async (context, cancellationToken) =>
        {
            using var api = endpoint.Client(context);
            var path = context.Value(endpoint.KeyFile)!.FullName;
            using var keyFile = DeviceKeyFile.Open(path, context.Output.Progress);
            if (keyFile.DeviceId is not { } deviceId)
            {
                throw new ToolFailure(ToolMessages.DeviceNotRegistered, "path", path);
            }

            var answer = await api.GetSignedAsync<Listed>("pupils", deviceId, keyFile.Key, cancellationToken);
            if (answer.Error is not null)
            {
                return context.Output.Refused([answer.Error]);
            }

            var pupils = answer.Body!.Pupils;
            return context.Output.Done(new { pupils }, text => PupilView.WriteTable(text, context.Output, pupils));
        });
    }

    private sealed record Registered(Guid DeviceId, IReadOnlyList<PupilView> Pupils);

    private sealed record Listed(IReadOnlyList<PupilView> Pupils);

    /// <summary>Where the portal is and which key speaks for the device: the options both commands share.</summary>
    private sealed class EndpointOptions
    {
        public Option<string> Api { get; } = new("--api")
        {
            Description = "The API address from the pairing ticket (apiBaseUrl, …/{symbol}/api/mobile/) or the portal's root URL.",
            HelpName = "base-url",
            Required = true,
        };

        public Option<string> Symbol { get; } = new("--symbol") { Description = "The instance symbol from the pairing ticket.", Required = true };

        public Option<FileInfo> KeyFile { get; } = new("--key-file")
        {
            Description = "The device's private key (PKCS#8 PEM, mode 0600) and, after registration, its device id.",
            HelpName = "path",
            Required = true,
        };

        public void AddTo(Command command)
        {
            command.Add(Api);
            command.Add(Symbol);
            command.Add(KeyFile);
        }

        public MobileApiClient Client(ToolContext context)
        {
            var apiBase = MobileApiClient.ResolveBase(context.Value(Api)!, context.Value(Symbol)!)
                ?? throw new UsageFailure($"--api: '{context.Value(Api)}' is not an absolute http or https URL.");
            return new MobileApiClient(apiBase, context.Output.Culture);
        }
    }
}
