using PreDemande.Core.Forms;
using PreDemande.Core.Lifecycle;
using PreDemande.Functions.PreApplications;
using PreDemande.Functions.Submission;
using PreDemande.Functions.Tests.Infrastructure;

namespace PreDemande.Functions.Tests.Services;

/// <summary>What the service tests do often, through the services themselves.</summary>
internal static class ServiceSteps
{
    public static async Task<PreApplicationDocument> SubmitAsync(this ServiceHarness services, ApplicantAccount? account = null, string? key = null)
    {
        var outcome = await services.Get<SubmissionService>().SubmitAsync("test-portal", key, account, ServiceHarness.Form(Forms.AdultPassport()), CancellationToken.None);
        return Assert.IsType<SubmitOutcome.Created>(outcome).Document;
    }

    public static Task<PreApplicationRecord?> ReadAsync(this ServiceHarness services, string number) =>
        services.Get<PreApplicationStore>().GetAsync(number, CancellationToken.None);

    /// <summary>Lodges it at the mairie of Paris, as the deposit records it.</summary>
    public static Task<PreApplicationRecord?> LodgeAsync(this ServiceHarness services, string number) =>
        services.Get<PreApplicationStore>().ChangeAsync(number, null, _ => new PreApplicationChange(
            Status: Lifecycle.StatusAfter(LifecycleEvent.Lodged),
            Lodging: new LodgingState("75056", "test-mairie-paris", services.Clock.GetUtcNow(), [])), CancellationToken.None);

    public static ApplicantAccount Account(string subject) =>
        ApplicantAccount.TryParse(subject, null, out var account) ? account : throw new ArgumentException("not a subject", nameof(subject));
}
