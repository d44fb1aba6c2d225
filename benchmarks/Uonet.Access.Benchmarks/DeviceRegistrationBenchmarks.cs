using System.Security.Cryptography;
using BenchmarkDotNet.Attributes;
using Uonet.Access.Devices;

namespace Uonet.Access.Benchmarks;

/// <summary>
/// The app registers a phone with a scanned ticket and the typed PIN (R7). A ticket registers one device, and a new
/// ticket closes the account's previous one, so every invocation needs a fresh ticket of its own account: each
/// iteration starts in a new world of <see cref="Invocations"/> signed-in guardians, each with one open ticket, and
/// the iteration registers one phone per ticket.
/// </summary>
/// <remarks>
/// A new world per iteration, not one world for the whole run, because the in-memory store finds a ticket by scanning
/// all tickets ever created: in one world the tickets of earlier iterations would make every iteration slower than the
/// last. Here the store always holds <see cref="Invocations"/> tickets.
/// </remarks>
[MemoryDiagnoser]
[MedianColumn]
[InvocationCount(Invocations, 1)]
public class DeviceRegistrationBenchmarks
{
    /// <summary>Registrations per iteration, hence guardians and tickets per world.</summary>
    public const int Invocations = 512;

    private readonly List<(PairingTicketView Ticket, DeviceRegistration Phone)> _pending = new(Invocations);
    private MobileAccessWorld? _world;
    private int _next;

    [IterationSetup]
    public void PrepareTickets() => PrepareTicketsAsync().GetAwaiter().GetResult();

    [IterationCleanup]
    public void CheckRegistrations() => CheckRegistrationsAsync().GetAwaiter().GetResult();

    /// <summary>
    /// One registration with the right PIN: token normalization and look-up, symbol and state checks, the device's name
    /// and P-256 key checked (imported and re-exported canonically), the PIN's hash compared, the account and its pupils
    /// (R2, R5), the "new device" mail composed, and one store write consuming the ticket with the device and the mail.
    /// </summary>
    [Benchmark]
    public Task<AccessResult<DeviceRegistrationResult>> RegisterDevice()
    {
        var (ticket, phone) = _pending[_next++];
        return _world!.Devices.RegisterDeviceAsync(ticket.InstanceSymbol, ticket.Token, ticket.Pin, phone);
    }

    private async Task PrepareTicketsAsync()
    {
        if (_world is not null)
        {
            await _world.DisposeAsync();
        }

        _world = await MobileAccessWorld.CreateAsync(Invocations);
        _pending.Clear();
        _next = 0;
        foreach (var guardian in _world.Guardians)
        {
            // Each phone has its own key, as each install generates one; generating it is the app's work, not timed.
            using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
            _pending.Add((await _world.CreateTicketAsync(guardian), MobileAccessWorld.Phone(key.ExportSubjectPublicKeyInfo())));
        }
    }

    // A refused registration is a much shorter path; timing refusals as registrations would prove nothing.
    private async Task CheckRegistrationsAsync()
    {
        var registered = 0;
        foreach (var guardian in _world!.Guardians)
        {
            registered += (await _world.DeviceStore.ListDevicesAsync(guardian.AccountId, CancellationToken.None)).Count;
        }

        if (registered != _next)
        {
            throw new InvalidOperationException($"{_next} registrations ran but {registered} devices were registered.");
        }
    }

    [GlobalCleanup]
    public async Task CleanupAsync()
    {
        if (_world is not null)
        {
            await _world.DisposeAsync();
        }
    }
}
