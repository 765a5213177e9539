using Microsoft.Extensions.Options;
using PreDemande.Core.Lifecycle;
using PreDemande.Functions.PreApplications;
using PreDemande.Functions.Retention;
using PreDemande.Functions.Tests.Infrastructure;

namespace PreDemande.Functions.Tests.Services;

/// <summary>The purge of one pre-application, as the purge's due work calls it.</summary>
[Trait(Tier.Name, Tier.Storage)]
public sealed class PurgeTests(ServiceHarness services) : IClassFixture<ServiceHarness>
{
    private Purger Purger => services.Get<Purger>();

    private TimeSpan Grace => services.Get<IOptions<RetentionOptions>>().Value.UnusedGrace;

    [Fact]
    public async Task An_unused_pre_application_is_not_due_before_its_grace_after_expiry()
    {
        var document = await services.SubmitAsync();

        var result = await Purger.PurgeAsync(document.Number, CancellationToken.None);

        Assert.Equal(PurgeOutcome.NotDue, result.Outcome);
        Assert.Equal(document.ExpiresAt + Grace, result.Later);
        Assert.Equal(PreApplicationStatus.Submitted, (await services.ReadAsync(document.Number))?.Status);
    }

    [Fact]
    public async Task An_unused_pre_application_past_its_grace_is_purged_to_a_tombstone()
    {
        var document = await services.SubmitAsync();
        services.Clock.SetUtcNow(document.ExpiresAt + Grace);

        var result = await Purger.PurgeAsync(document.Number, CancellationToken.None);

        Assert.Equal(PurgeOutcome.Purged, result.Outcome);
        var record = await services.ReadAsync(document.Number);
        Assert.Equal(PreApplicationStatus.Purged, record?.Status);
        Assert.Equal(document.CreatedAt, record?.Document.CreatedAt);
        Assert.False(await services.Get<PreApplicationStore>().DocumentBlob(document.Number).ExistsAsync());
    }

    [Fact]
    public async Task A_purge_run_again_over_a_tombstone_finishes_without_error()
    {
        var document = await services.SubmitAsync();
        services.Clock.SetUtcNow(document.ExpiresAt + Grace);
        await Purger.PurgeAsync(document.Number, CancellationToken.None);

        var again = await Purger.PurgeAsync(document.Number, CancellationToken.None);

        Assert.Equal(PurgeOutcome.Purged, again.Outcome);
    }

    [Fact]
    public async Task A_lodged_pre_application_is_not_purged_while_it_is_at_work()
    {
        var document = await services.SubmitAsync();
        await services.LodgeAsync(document.Number);
        services.Clock.SetUtcNow(document.ExpiresAt + Grace + TimeSpan.FromDays(400));

        var result = await Purger.PurgeAsync(document.Number, CancellationToken.None);

        Assert.Equal(new PurgeResult(PurgeOutcome.NotDue, null), result);
        Assert.Equal(PreApplicationStatus.Consumed, (await services.ReadAsync(document.Number))?.Status);
    }
}
