using System.Buffers;
using System.Collections.Concurrent;
using System.Net;
using System.IO.Pipelines;
using System.Net.Sockets;
using System.Security.Authentication;
using System.Security.Cryptography.X509Certificates;
using MimeKit;
using SmtpServer;
using SmtpServer.Authentication;
using SmtpServer.IO;
using SmtpServer.Mail;
using SmtpServer.Net;
using SmtpServer.Protocol;
using SmtpServer.Storage;
using SmtpServerHost = SmtpServer.SmtpServer;
using SmtpServerServices = SmtpServer.ComponentModel.ServiceProvider;

namespace Uonet.Access.MailKit.Tests;

/// <summary>How a server cut off at a DATA transfer ends it: the connection closes with no reply, the message kept or not.</summary>
internal enum ConnectionCut
{
    /// <summary>Closed before the message is kept: a client that sends it again delivers it once.</summary>
    BeforeKeeping,

    /// <summary>
    /// Closed after the message is kept: the client cannot tell it arrived, sends it again, and it arrives twice (the
    /// duplicate SMTP cannot rule out, RFC 1047).
    /// </summary>
    AfterKeeping,
}

/// <summary>A message as the server received it: the session it came in, the envelope and the parsed content.</summary>
internal sealed record ReceivedMail(Guid SessionId, string EnvelopeFrom, IReadOnlyList<string> EnvelopeTo, string? User, MimeMessage Message);

/// <summary>
/// A real SMTP server (the SmtpServer package) on 127.0.0.1, in process. It keeps every accepted message, counts
/// sessions and the commands they received, and can answer DATA with a chosen reply to play a failing server.
/// </summary>
internal sealed class LoopbackSmtpServer : IAsyncDisposable
{
    private static readonly TimeSpan StartLimit = TimeSpan.FromSeconds(10);

    private readonly ConcurrentQueue<ReceivedMail> _received = new();
    private readonly ConcurrentQueue<string> _commands = new();
    private int _sessionsCreated;
    private int _dataAttempts;
    private CancellationTokenSource? _stop;
    private Task? _run;
    private TaskCompletionSource _sessionCompleted = NewSignal();

    public LoopbackSmtpServer(int port) => Port = port;

    public int Port { get; }

    /// <summary>Given the 1-based number of a DATA transfer, the reply to give instead of accepting it, or null to accept.</summary>
    public Func<int, SmtpResponse?>? Reply { get; init; }

    /// <summary>Given the 1-based number of a DATA transfer, how to cut the connection instead of replying, or null to reply.</summary>
    public Func<int, ConnectionCut?>? Cut { get; init; }

    /// <summary>Recipients whose RCPT TO is refused (550).</summary>
    public IReadOnlySet<string> RefusedRecipients { get; init; } = new HashSet<string>();

    /// <summary>When set, the server requires AUTH with this user name and password.</summary>
    public (string UserName, string Password)? Credentials { get; init; }

    /// <summary>When set, every AUTH is answered with this reply instead of being checked.</summary>
    public SmtpResponse? AuthenticationReply { get; init; }

    public IReadOnlyList<ReceivedMail> Received => [.. _received];

    public IReadOnlyList<string> Commands => [.. _commands];

    public int SessionsCreated => Volatile.Read(ref _sessionsCreated);

    public int DataAttempts => Volatile.Read(ref _dataAttempts);

    /// <summary>Completes when the next session ends (the client quit or the connection closed).</summary>
    public Task NextSessionCompleted => _sessionCompleted.Task;

    /// <summary>A port nothing listens on right now: bound by the system, then released.</summary>
    public static int FreePort()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        try
        {
            return ((IPEndPoint)listener.LocalEndpoint).Port;
        }
        finally
        {
            listener.Stop();
        }
    }

    public static async Task<LoopbackSmtpServer> StartNewAsync(Func<int, SmtpResponse?>? reply = null)
    {
        var server = new LoopbackSmtpServer(FreePort()) { Reply = reply };
        await server.StartAsync();
        return server;
    }

    /// <summary>Starts listening and returns once the socket accepts connections.</summary>
    public async Task StartAsync()
    {
        if (_run is not null)
        {
            throw new InvalidOperationException("The server is running already.");
        }

        var options = new SmtpServerOptionsBuilder()
            .ServerName("localhost")
            .Endpoint(endpoint =>
            {
                endpoint.Endpoint(new IPEndPoint(IPAddress.Loopback, Port));
                if (Credentials is not null)
                {
                    endpoint.AuthenticationRequired().AllowUnsecureAuthentication();
                }
            })
            .Build();

        var services = new SmtpServerServices();
        services.Add(new Store(this));
        services.Add(new DelegatingMailboxFilter((_, _) => true, (_, to, _) => !RefusedRecipients.Contains(to.AsAddress())));
        if (Credentials is { } credentials)
        {
            services.Add(new DelegatingUserAuthenticator((user, password) =>
                AuthenticationReply is { } reply ? throw new SmtpResponseException(reply) : user == credentials.UserName && password == credentials.Password));
        }

        // The listener reports when its socket is bound, so no connection has to be tried (and counted) to find out.
        var listening = NewSignal();
        var listeners = new NoDelayListenerFactory();
        listeners.EndpointStarted += (_, _) => listening.TrySetResult();
        services.Add(listeners);

        var server = new SmtpServerHost(options, services);
        server.SessionCreated += (_, e) =>
        {
            Interlocked.Increment(ref _sessionsCreated);
            e.Context.CommandExecuting += (_, c) => _commands.Enqueue(c.Command.Name);
        };
        server.SessionCompleted += (_, _) => Interlocked.Exchange(ref _sessionCompleted, NewSignal()).TrySetResult();

        _stop = new CancellationTokenSource();
        _run = server.StartAsync(_stop.Token);
        var first = await Task.WhenAny(listening.Task, _run).WaitAsync(StartLimit);
        if (first == _run)
        {
            await _run;
            throw new InvalidOperationException($"The SMTP server on port {Port} stopped before it listened.");
        }
    }

    /// <summary>Stops listening and closes every open session.</summary>
    public async Task StopAsync()
    {
        if (_stop is null || _run is null)
        {
            return;
        }

        await _stop.CancelAsync();
        try
        {
            await _run.WaitAsync(StartLimit);
        }
        catch (OperationCanceledException)
        {
            // Cancellation is how the server is told to stop.
        }

        _stop.Dispose();
        _stop = null;
        _run = null;
    }

    public ValueTask DisposeAsync() => new(StopAsync());

    private static TaskCompletionSource NewSignal() => new(TaskCreationOptions.RunContinuationsAsynchronously);

    // Replies go out at once (TCP_NODELAY). With Nagle's algorithm, the reply to the second of the pipelined MAIL and RCPT
    // commands waits for the client's delayed ACK of the first (40 ms on Linux): every message would cost that much.
    private sealed class NoDelayListenerFactory : EndpointListenerFactory
    {
        public override IEndpointListener CreateListener(IEndpointDefinition endpointDefinition)
        {
            var listener = new TcpListener(endpointDefinition.Endpoint);
            listener.Start();
            OnEndpointStarted(new EndpointEventArgs(endpointDefinition, listener.LocalEndpoint));
            return new NoDelayListener(listener, () => OnEndpointStopped(new EndpointEventArgs(endpointDefinition, listener.LocalEndpoint)));
        }
    }

    private sealed class NoDelayListener(TcpListener listener, Action stopped) : IEndpointListener
    {
        public async Task<ISecurableDuplexPipe> GetPipeAsync(ISessionContext context, CancellationToken cancellationToken)
        {
            var client = await listener.AcceptTcpClientAsync(cancellationToken);
            client.NoDelay = true;
            context.Properties[EndpointListener.LocalEndPointKey] = client.Client.LocalEndPoint;
            context.Properties[EndpointListener.RemoteEndPointKey] = client.Client.RemoteEndPoint;
            return new PlainPipe(client);
        }

        public void Dispose()
        {
            listener.Stop();
            stopped();
        }
    }

    private sealed class PlainPipe(TcpClient client) : ISecurableDuplexPipe
    {
        public PipeReader Input { get; } = PipeReader.Create(client.GetStream());

        public PipeWriter Output { get; } = PipeWriter.Create(client.GetStream());

        public bool IsSecure => false;

        public SslProtocols SslProtocol => SslProtocols.None;

        public Task UpgradeAsync(X509Certificate certificate, SslProtocols protocols, CancellationToken cancellationToken = default) =>
            throw new NotSupportedException("The loopback server speaks plain SMTP only.");

        public void Dispose() => client.Dispose();
    }

    private sealed class Store(LoopbackSmtpServer server) : MessageStore
    {
        public override async Task<SmtpResponse> SaveAsync(ISessionContext context, IMessageTransaction transaction, ReadOnlySequence<byte> buffer, CancellationToken cancellationToken)
        {
            var attempt = Interlocked.Increment(ref server._dataAttempts);
            var cut = server.Cut?.Invoke(attempt);
            if (cut == ConnectionCut.BeforeKeeping)
            {
                return CloseConnection(context);
            }

            if (server.Reply?.Invoke(attempt) is { } reply)
            {
                return reply;
            }

            using var stream = new MemoryStream(buffer.ToArray());
            var message = await MimeMessage.LoadAsync(stream, cancellationToken);
            var user = context.Authentication.IsAuthenticated ? context.Authentication.User : null;
            server._received.Enqueue(new ReceivedMail(context.SessionId, transaction.From.AsAddress(), [.. transaction.To.Select(t => t.AsAddress())], user, message));
            return cut == ConnectionCut.AfterKeeping ? CloseConnection(context) : SmtpResponse.Ok;
        }

        // Closing the session's stream drops the TCP connection, so the reply returned here never reaches the client.
        private static SmtpResponse CloseConnection(ISessionContext context)
        {
            ((IDisposable)context.Pipe).Dispose();
            return SmtpResponse.Ok;
        }
    }
}
