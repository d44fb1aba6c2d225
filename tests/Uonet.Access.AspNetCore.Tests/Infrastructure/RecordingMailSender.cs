using System.Collections.Concurrent;
using Uonet.Access.Mail;

namespace Uonet.Access.AspNetCore.Tests.Infrastructure;

/// <summary>Keeps every delivered mail, so a test can follow the link of the first login, and tells when one arrives.</summary>
public sealed class RecordingMailSender : IMailSender
{
    private readonly ConcurrentBag<(Func<OutboxMessage, bool> Match, TaskCompletionSource Arrived)> _waiting = [];

    public ConcurrentQueue<OutboxMessage> Sent { get; } = new();

    /// <summary>Completes when a mail that <paramref name="match"/> accepts is delivered (from now on).</summary>
    public Task WhenSentAsync(Func<OutboxMessage, bool> match)
    {
        var arrived = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        _waiting.Add((match, arrived));
        return arrived.Task;
    }

    public Task<MailDeliveryResult> SendAsync(OutboxMessage message, CancellationToken cancellationToken)
    {
        Sent.Enqueue(message);
        foreach (var (match, arrived) in _waiting)
        {
            if (match(message))
            {
                arrived.TrySetResult();
            }
        }

        return Task.FromResult(MailDeliveryResult.Delivered);
    }
}
