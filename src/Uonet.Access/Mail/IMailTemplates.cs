using System.Globalization;

namespace Uonet.Access.Mail;

/// <summary>
/// Renders the subject and bodies of each <see cref="MailKind"/>. The library ships Polish and English texts
/// (<c>DefaultMailTemplates</c>); a host replaces them by registering its own implementation.
/// </summary>
public interface IMailTemplates
{
    /// <summary>Renders one mail.</summary>
    /// <param name="kind">Which mail.</param>
    /// <param name="model">What the mail needs to say.</param>
    /// <param name="culture">The language (Polish for <c>pl</c>, English otherwise in the defaults).</param>
    MailContent Render(MailKind kind, MailTemplateModel model, CultureInfo culture);
}

/// <summary>A rendered mail.</summary>
/// <param name="Subject">The subject line (one line, no control characters).</param>
/// <param name="TextBody">The plain-text body.</param>
/// <param name="HtmlBody">The HTML body (every value HTML-encoded).</param>
public sealed record MailContent(string Subject, string TextBody, string HtmlBody);

/// <summary>What a mail needs to say. Only the members of the mail's kind are set.</summary>
public sealed record MailTemplateModel
{
    /// <summary>The recipient's address.</summary>
    public required string Recipient { get; init; }

    /// <summary>The instance's name (e.g. "Gmina Wulkanowo").</summary>
    public required string InstanceName { get; init; }

    /// <summary>The instance's site address (given to parents by the school).</summary>
    public required Uri InstanceUrl { get; init; }

    /// <summary>The first-login / restore link (<see cref="MailKind.AccessLink"/>).</summary>
    public Uri? Link { get; init; }

    /// <summary>When the link or the change expires.</summary>
    public DateTimeOffset? ExpiresAt { get; init; }

    /// <summary>The device's name and platform (<see cref="MailKind.NewDevice"/>).</summary>
    public string? DeviceName { get; init; }

    /// <summary>The passkey's name (<see cref="MailKind.PasskeyAdded"/>, <see cref="MailKind.PasskeyRemoved"/>).</summary>
    public string? PasskeyName { get; init; }

    /// <summary>When the event happened.</summary>
    public DateTimeOffset? OccurredAt { get; init; }
}
