using Uonet.Access.Mail;

namespace Uonet.Access.Tests.Credentials.Workflows;

/// <summary>
/// Every change of the second factor is told to the address (ASVS 5.0 V6: users are notified of changes to their
/// authentication details), so that someone who took over a session cannot quietly switch it on or off. A refused
/// change sends nothing.
/// </summary>
public sealed class SecondFactorNoticeTests
{
    [Fact]
    public async Task ConfirmAsync_Enrolled_NoticeGoesToTheAddress()
    {
        await using var school = await SignedUpMotherAsync();

        await school.Services.EnrolTotpAsync(school.Time);

        Assert.Equal(1, await NoticesAsync(school, MailKind.SecondFactorEnabled));
    }

    [Fact]
    public async Task RegenerateRecoveryCodesAsync_Replaced_NoticeGoesToTheAddress()
    {
        await using var school = await SignedUpMotherAsync();
        var (secret, _, ticket) = await school.Services.EnrolTotpAsync(school.Time);

        var replaced = await school.TwoFactor.RegenerateRecoveryCodesAsync(ticket, Flow.Code(secret, school.Time.GetUtcNow()));

        Assert.True(replaced.Succeeded, replaced.ToString());
        Assert.Equal(2, await NoticesAsync(school, MailKind.SecondFactorEnabled));
    }

    [Fact]
    public async Task DisableAsync_Disabled_NoticeGoesToTheAddress()
    {
        await using var school = await SignedUpMotherAsync();
        var (secret, _, ticket) = await school.Services.EnrolTotpAsync(school.Time);

        var disabled = await school.TwoFactor.DisableAsync(ticket, Flow.Code(secret, school.Time.GetUtcNow()));

        Assert.True(disabled.Succeeded, disabled.ToString());
        Assert.Equal(1, await NoticesAsync(school, MailKind.SecondFactorDisabled));
    }

    [Fact]
    public async Task DisableAsync_WrongCode_SendsNothing()
    {
        await using var school = await SignedUpMotherAsync();
        var (secret, _, ticket) = await school.Services.EnrolTotpAsync(school.Time);

        var refused = await school.TwoFactor.DisableAsync(ticket, Flow.WrongCode(secret, school.Time.GetUtcNow()));

        Assert.False(refused.Succeeded);
        Assert.Equal(0, await NoticesAsync(school, MailKind.SecondFactorDisabled));
    }

    private static async Task<TestSchool> SignedUpMotherAsync()
    {
        var school = await TestSchool.CreateAsync();
        await school.Services.AddOlaWithMotherAsync();
        await school.Services.SetPasswordAsync();
        return school;
    }

    private static async Task<int> NoticesAsync(TestSchool school, MailKind kind)
    {
        await school.Dispatcher.DispatchPendingAsync();
        return school.Mail.Sent.Count(m => m.Kind == kind && m.To == Flow.MotherEmail);
    }
}
