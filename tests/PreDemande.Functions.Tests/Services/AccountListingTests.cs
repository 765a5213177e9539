using PreDemande.Functions.Accounts;
using PreDemande.Functions.Tests.Infrastructure;

namespace PreDemande.Functions.Tests.Services;

/// <summary>The account's list of pre-applications, as the account's service pages it.</summary>
[Trait(Tier.Name, Tier.Storage)]
public sealed class AccountListingTests(ServiceHarness services) : IClassFixture<ServiceHarness>
{
    private ApplicantSpace Space => services.Get<ApplicantSpace>();

    [Fact]
    public async Task An_account_s_pre_applications_come_newest_first_page_after_page()
    {
        var account = ServiceSteps.Account($"lister-{Guid.NewGuid():N}");
        var numbers = new List<string>();
        for (var i = 0; i < 3; i++)
        {
            numbers.Add((await services.SubmitAsync(account)).Number);
            services.Clock.Advance(TimeSpan.FromSeconds(1));
        }

        var first = await Space.PageAsync(account, null, 2, CancellationToken.None);
        var second = await Space.PageAsync(account, first.Next, 2, CancellationToken.None);

        Assert.Equal(numbers.AsEnumerable().Reverse(), first.Items.Concat(second.Items).Select(i => i.Number));
        Assert.Null(second.Next);
    }

    [Fact]
    public async Task Another_account_s_pre_applications_are_not_listed()
    {
        var account = ServiceSteps.Account($"lister-{Guid.NewGuid():N}");
        await services.SubmitAsync(ServiceSteps.Account($"neighbour-{Guid.NewGuid():N}"));

        var page = await Space.PageAsync(account, null, 10, CancellationToken.None);

        Assert.Empty(page.Items);
    }

    [Fact]
    public async Task Drafts_are_listed_on_the_first_page_only()
    {
        var account = ServiceSteps.Account($"lister-{Guid.NewGuid():N}");
        await services.SubmitAsync(account);
        await services.SubmitAsync(account);

        var first = await Space.PageAsync(account, null, 1, CancellationToken.None);
        var second = await Space.PageAsync(account, first.Next, 1, CancellationToken.None);

        Assert.NotNull(first.Drafts);
        Assert.Null(second.Drafts);
    }
}
