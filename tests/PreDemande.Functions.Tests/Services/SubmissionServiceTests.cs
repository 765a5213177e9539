using PreDemande.Core.Lifecycle;
using PreDemande.Functions.Submission;
using PreDemande.Functions.Tests.Infrastructure;

namespace PreDemande.Functions.Tests.Services;

/// <summary>The submission as a service decides it: key, form, creation or replay, the record and its account's list.</summary>
[Trait(Tier.Name, Tier.Storage)]
public sealed class SubmissionServiceTests(ServiceHarness services) : IClassFixture<ServiceHarness>
{
    private SubmissionService Submissions => services.Get<SubmissionService>();

    [Fact]
    public async Task A_valid_form_is_stored_as_submitted_under_a_new_number()
    {
        var document = await services.SubmitAsync();

        var record = await services.ReadAsync(document.Number);
        Assert.Equal(PreApplicationStatus.Submitted, record?.Status);
        Assert.Equal(document.Form.Applicant?.Surname, record?.Form.Applicant?.Surname);
    }

    [Fact]
    public async Task The_same_key_and_form_sent_again_replay_the_first_pre_application()
    {
        var key = Guid.NewGuid().ToString();
        var first = await services.SubmitAsync(key: key);

        var again = await Submissions.SubmitAsync("test-portal", key, null, ServiceHarness.Form(Forms.AdultPassport()), CancellationToken.None);

        var replay = Assert.IsType<SubmitOutcome.Created>(again);
        Assert.True(replay.Replayed);
        Assert.Equal(first.Number, replay.Document.Number);
    }

    [Fact]
    public async Task The_same_key_with_another_form_is_refused_as_reused()
    {
        var key = Guid.NewGuid().ToString();
        await services.SubmitAsync(key: key);

        var other = await Submissions.SubmitAsync("test-portal", key, null, ServiceHarness.Form(Forms.MinorIdCard()), CancellationToken.None);

        Assert.IsType<SubmitOutcome.KeyReused>(other);
    }

    [Fact]
    public async Task An_invalid_form_is_refused_with_its_field_errors_and_nothing_stored()
    {
        var form = ServiceHarness.Form(Forms.AdultPassport().With("applicant.birthDate", "2999-01-01"));

        var outcome = await Submissions.SubmitAsync("test-portal", null, null, form, CancellationToken.None);

        var invalid = Assert.IsType<SubmitOutcome.InvalidForm>(outcome);
        Assert.Contains("applicant.birthDate", invalid.Errors.Keys);
    }

    [Fact]
    public async Task A_key_of_control_characters_is_refused_before_the_form_is_read()
    {
        var outcome = await Submissions.SubmitAsync("test-portal", "bad\u0001key", null, ServiceHarness.Form(Forms.AdultPassport()), CancellationToken.None);

        Assert.IsType<SubmitOutcome.InvalidKey>(outcome);
    }

    [Fact]
    public async Task A_pre_application_of_an_account_is_listed_under_that_account()
    {
        var account = ServiceSteps.Account($"submitter-{Guid.NewGuid():N}");

        var document = await services.SubmitAsync(account);

        var page = await services.Get<PreDemande.Functions.Accounts.ApplicantSpace>().PageAsync(account, null, 10, CancellationToken.None);
        Assert.Equal([document.Number], page.Items.Select(i => i.Number));
    }
}
