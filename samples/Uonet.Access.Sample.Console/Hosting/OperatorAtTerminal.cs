using Uonet.Access.Credentials;

namespace Uonet.Access.Sample.Console.Hosting;

/// <summary>
/// The human check of the operator's tool. A captcha guards a public form against bots; here the person at the
/// terminal already holds the database (whoever can run the tool can read it), so there is nobody to tell apart.
/// </summary>
internal sealed class OperatorAtTerminal : IHumanCheck
{
    public ValueTask<bool> VerifyAsync(string? response, string? clientKey, CancellationToken cancellationToken) => ValueTask.FromResult(true);
}
