namespace Uonet.Access.Credentials;

/// <summary>
/// The host's check that a first-login / restore request comes from a person (a captcha). The library calls it
/// before anything else in <see cref="RestoreAccess.StartAsync"/>.
/// </summary>
public interface IHumanCheck
{
    /// <summary>Verifies the response the page collected.</summary>
    /// <param name="response">The widget's response token, or <see langword="null"/> when the page sent none.</param>
    /// <param name="clientKey">The client's key (e.g. IP address), if the host gave one.</param>
    /// <param name="cancellationToken">Cancels the check.</param>
    ValueTask<bool> VerifyAsync(string? response, string? clientKey, CancellationToken cancellationToken);
}

/// <summary>
/// Accepts every request: for development and tests only. Start-up refuses it outside the <c>Development</c>
/// environment unless <see cref="AccessLinkOptions.AllowDevelopmentHumanCheck"/> is set.
/// </summary>
public sealed class DevelopmentHumanCheck : IHumanCheck
{
    /// <inheritdoc />
    public ValueTask<bool> VerifyAsync(string? response, string? clientKey, CancellationToken cancellationToken) => ValueTask.FromResult(true);
}
