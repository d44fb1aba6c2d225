using System.CommandLine;
using Uonet.Access.Client;
using Uonet.Access.Sample.Console.Hosting;
using Uonet.Access.Sample.Console.Output;

namespace Uonet.Access.Sample.Console.Commands.Devices;

/// <summary>
/// <c>device register|pupils</c>: the tool acting as a phone against the web portal's mobile API over HTTP, through
/// the Uonet.Access.Client package as an app would — it registers a key with the token and PIN of a pairing ticket,
/// then signs its requests with that key (<see cref="DeviceSigningHandler"/>).
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
            var apiBase = endpoint.ApiBase(context);
            using var keyFile = DeviceKeyFile.OpenOrCreate(context.Value(endpoint.KeyFile)!.FullName, context.Output);
            using var http = NewHttpClient(new SocketsHttpHandler());
            var answer = await endpoint.Client(context, http, apiBase).RegisterAsync(
                context.Value(token)!, context.Value(pin)!, keyFile.Key, context.Value(name)!, context.Value(platform), cancellationToken);
            if (!answer.Succeeded)
            {
                return Refused(context, answer.Error!);
            }

            var registered = answer.Value;
            var pupils = PupilsOf(registered.Pupils);
            keyFile.SaveDeviceId(registered.DeviceId);
            return context.Output.Done(new { deviceId = registered.DeviceId, pupils }, text =>
            {
                text.WriteLine(context.Output.Say($"Zarejestrowano urządzenie {registered.DeviceId} (klucz: {keyFile.Path})", $"Registered device {registered.DeviceId} (key: {keyFile.Path})", $"Зареєстровано пристрій {registered.DeviceId} (ключ: {keyFile.Path})"));
                PupilView.WriteTable(text, context.Output, pupils);
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
            var apiBase = endpoint.ApiBase(context);
            var path = context.Value(endpoint.KeyFile)!.FullName;
            using var keyFile = DeviceKeyFile.Open(path, context.Output);
            if (keyFile.DeviceId is not { } deviceId)
            {
                throw new ToolFailure(ToolMessages.DeviceNotRegistered, "path", path);
            }

            using var http = NewHttpClient(new DeviceSigningHandler(keyFile.Key, deviceId) { InnerHandler = new SocketsHttpHandler() });
            var answer = await endpoint.Client(context, http, apiBase).GetPupilsAsync(cancellationToken);
            if (!answer.Succeeded)
            {
                return Refused(context, answer.Error!);
            }

            var pupils = PupilsOf(answer.Value);
            return context.Output.Done(new { pupils }, text => PupilView.WriteTable(text, context.Output, pupils));
        });
    }

    private static HttpClient NewHttpClient(HttpMessageHandler handler) => new(handler) { Timeout = TimeSpan.FromSeconds(30) };

    private static List<PupilView> PupilsOf(IReadOnlyList<MobilePupil> pupils) =>
        [.. pupils.Select(p => new PupilView(p.StudentId, p.FirstName, p.LastName, p.Unit, p.UnitName, p.Class, p.Instance, p.Relation))];

    /// <summary>The portal's refusal as it came, with its code and message; no answer in the API's format is the tool's failure.</summary>
    private static int Refused(ToolContext context, ClientError error) => error.Code switch
    {
        ClientErrorCodes.ClientUnreachable => throw new ToolFailure(ToolMessages.PortalUnreachable, new Dictionary<string, string>
        {
            ["url"] = error.Arguments["url"],
            ["detail"] = error.Exception?.Message ?? string.Empty,
        }),
        ClientErrorCodes.ClientUnexpectedAnswer => throw new ToolFailure(ToolMessages.PortalAnswer, "status", error.Arguments["status"]),
        _ => context.Output.Refused([new ErrorView(error.Code, error.Message, error.Field, error.Arguments)]),
    };

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

        /// <summary>
        /// The API base from <c>--api</c>: the pairing code's API address (<c>…/{symbol}/api/mobile/</c>) as it is, or
        /// the portal's root with <c>{symbol}/api/mobile/</c> added.
        /// </summary>
        public Uri ApiBase(ToolContext context)
        {
            var api = context.Value(Api)!;
            if (!Uri.TryCreate(api, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps))
            {
                throw new UsageFailure($"--api: '{api}' is not an absolute http or https URL.");
            }

            var text = uri.AbsoluteUri.EndsWith('/') ? uri.AbsoluteUri : uri.AbsoluteUri + "/";
            return text.EndsWith("/api/mobile/", StringComparison.Ordinal) ? new Uri(text) : new Uri(new Uri(text), Uri.EscapeDataString(context.Value(Symbol)!) + "/api/mobile/");
        }

        public MobileApiClient Client(ToolContext context, HttpClient http, Uri apiBase) => new(http, apiBase) { Culture = context.Output.Culture };
    }
}
