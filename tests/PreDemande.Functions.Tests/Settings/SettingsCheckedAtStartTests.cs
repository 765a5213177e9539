using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using PreDemande.Functions.Settings;
using PreDemande.Functions.Submission;
using PreDemande.Functions.Tests.Infrastructure;

namespace PreDemande.Functions.Tests.Settings;

[Trait(Tier.Name, Tier.Fast)]
public sealed class SettingsCheckedAtStartTests
{
    [Fact]
    public void A_wrong_checked_setting_and_a_failed_validation_at_start_registered_otherwise_are_both_reported()
    {
        var services = new ServiceCollection();
        services.AddOptions<OtherOptions>().Validate(_ => false, "other settings refused").ValidateOnStart();
        services.AddOptions<SubmissionOptions>().Configure(o => o.ValidityMonths = 0).Checked();
        services.AddSettingsCheckedAtStart();
        using var provider = services.BuildServiceProvider();

        var refused = Assert.Throws<AggregateException>(() => provider.GetRequiredService<IStartupValidator>().Validate());

        Assert.Contains(refused.InnerExceptions, e => e.Message.Contains("PreDemande:Submission:ValidityMonths", StringComparison.Ordinal));
        Assert.Contains(refused.InnerExceptions, e => e.Message.Contains("other settings refused", StringComparison.Ordinal));
    }

    [Fact]
    public void Usable_settings_pass_and_are_the_instance_the_app_reads()
    {
        var services = new ServiceCollection();
        services.AddOptions<SubmissionOptions>().Configure(o => o.ValidityMonths = 6).Checked();
        services.AddSettingsCheckedAtStart();
        using var provider = services.BuildServiceProvider();

        provider.GetRequiredService<IStartupValidator>().Validate();

        Assert.Equal(6, provider.GetRequiredService<IOptions<SubmissionOptions>>().Value.ValidityMonths);
    }

    private sealed class OtherOptions;
}
