using Azure.Storage.Blobs;
using PreDemande.Core.Lifecycle;
using PreDemande.Functions.Accounts;
using PreDemande.Functions.PreApplications;
using PreDemande.Functions.Tests.Infrastructure;

namespace PreDemande.Functions.Tests.Services;

/// <summary>The applicant's withdrawal, as the account's service does it.</summary>
[Trait(Tier.Name, Tier.Storage)]
public sealed class WithdrawalTests(ServiceHarness services) : IClassFixture<ServiceHarness>
{
    private ApplicantSpace Space => services.Get<ApplicantSpace>();

    [Fact]
    public async Task A_withdrawn_pre_application_leaves_only_its_tombstone()
    {
        var account = ServiceSteps.Account($"withdrawer-{Guid.NewGuid():N}");
        var document = await services.SubmitAsync(account);

        var outcome = await Space.WithdrawAsync(ServiceHarness.Portal, account, document.Number, CancellationToken.None);

        Assert.Equal(Withdrawal.Done, outcome);
        var record = await services.ReadAsync(document.Number);
        Assert.Equal(PreApplicationStatus.Purged, record?.Status);
        Assert.Null(record?.Form.Applicant);
        Assert.False(await services.Get<PreApplicationStore>().DocumentBlob(document.Number).ExistsAsync());
    }

    [Fact]
    public async Task A_withdrawn_pre_application_leaves_its_account_s_list()
    {
        var account = ServiceSteps.Account($"withdrawer-{Guid.NewGuid():N}");
        var document = await services.SubmitAsync(account);

        await Space.WithdrawAsync(ServiceHarness.Portal, account, document.Number, CancellationToken.None);

        var page = await Space.PageAsync(account, null, 10, CancellationToken.None);
        Assert.Empty(page.Items);
    }

    [Fact]
    public async Task A_lodged_pre_application_is_not_withdrawn()
    {
        var account = ServiceSteps.Account($"withdrawer-{Guid.NewGuid():N}");
        var document = await services.SubmitAsync(account);
        await services.LodgeAsync(document.Number);

        var outcome = await Space.WithdrawAsync(ServiceHarness.Portal, account, document.Number, CancellationToken.None);

        Assert.Equal(Withdrawal.Lodged, outcome);
        Assert.Equal(PreApplicationStatus.Consumed, (await services.ReadAsync(document.Number))?.Status);
    }

    [Fact]
    public async Task Another_account_cannot_withdraw_it_and_finds_no_such_number()
    {
        var document = await services.SubmitAsync(ServiceSteps.Account($"owner-{Guid.NewGuid():N}"));

        var outcome = await Space.WithdrawAsync(ServiceHarness.Portal, ServiceSteps.Account($"other-{Guid.NewGuid():N}"), document.Number, CancellationToken.None);

        Assert.Equal(Withdrawal.NotFound, outcome);
        Assert.Equal(PreApplicationStatus.Submitted, (await services.ReadAsync(document.Number))?.Status);
    }

    // The tombstone keeps no account (nothing personal is left), so the account no longer owns the number.
    [Fact]
    public async Task A_second_withdrawal_by_its_account_finds_no_such_number()
    {
        var account = ServiceSteps.Account($"withdrawer-{Guid.NewGuid():N}");
        var document = await services.SubmitAsync(account);
        await Space.WithdrawAsync(ServiceHarness.Portal, account, document.Number, CancellationToken.None);

        var again = await Space.WithdrawAsync(ServiceHarness.Portal, account, document.Number, CancellationToken.None);

        Assert.Equal(Withdrawal.NotFound, again);
    }
}
