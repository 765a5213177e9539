using PreDemande.Functions.Instruction;
using PreDemande.Functions.Lodging;
using PreDemande.Functions.Notifications;
using PreDemande.Functions.PreApplications;
using PreDemande.Functions.Retention;
using PreDemande.Functions.Security;
using PreDemande.Functions.Settings;
using PreDemande.Functions.Storage;
using PreDemande.Functions.Submission;
using PreDemande.Functions.Tests.Infrastructure;

namespace PreDemande.Functions.Tests.Settings;

[Trait(Tier.Name, Tier.System)]
public sealed class CheckedSettingsTests
{
    public static TheoryData<string, ICheckedSettings> Defaults => new()
    {
        { "Submission", new SubmissionOptions() },
        { "Lodging", new LodgingOptions() },
        { "Retention", new RetentionOptions() },
        { "Notifications", new NotificationOptions() },
        { "Messages", new OutgoingMessagesOptions() },
        { "Storage", new StorageOptions() },
        { "RateLimits", new RateLimitOptions() },
        { "EntraId", new EntraIdOptions() },
        { "Instruction", new InstructionOptions() },
        { "Clients", new PreDemandeClientsOptions() },
        { "Cors", new PreDemande.Functions.Http.CorsSettings() },
        { "Drafts", new PreDemande.Functions.Drafts.DraftOptions() },
    };

    [Theory]
    [MemberData(nameof(Defaults))]
    public void The_defaults_of_every_section_are_usable(string section, ICheckedSettings settings)
    {
        Assert.True(settings.Problems().Count == 0, $"{section}: {string.Join(" ", settings.Problems())}");
    }

    public static TheoryData<string, ICheckedSettings, string> Wrong => new()
    {
        { "a validity of no month", new SubmissionOptions { ValidityMonths = 0 }, "PreDemande:Submission:ValidityMonths" },
        { "a CORS origin with a path", new PreDemande.Functions.Http.CorsSettings { AllowedOrigins = ["https://console.example.gouv.fr/app"] }, "PreDemande:Cors:AllowedOrigins" },
        { "a CORS origin over plain HTTP", new PreDemande.Functions.Http.CorsSettings { AllowedOrigins = ["http://console.example.gouv.fr"] }, "PreDemande:Cors:AllowedOrigins" },
        { "a draft warning after its erasure", new PreDemande.Functions.Drafts.DraftOptions { WarnBefore = TimeSpan.FromDays(100) }, "PreDemande:Drafts:WarnBefore" },
        { "a 1 GiB scan limit", new LodgingOptions { MaxScanBytes = 1L << 30 }, "PreDemande:Lodging:MaxScanBytes" },
        { "a negative grace", new RetentionOptions { UnusedGrace = TimeSpan.FromDays(-1) }, "PreDemande:Retention:UnusedGrace" },
        { "an unknown sender", new NotificationOptions { Sender = "carrier-pigeon" }, "PreDemande:Notifications:Sender" },
        { "ACS without an address", new NotificationOptions { Sender = "acs" }, "AcsConnectionString" },
        { "a 12-character SMS sender", new NotificationOptions { SmsFrom = "PREDEMANDE12" }, "PreDemande:Notifications:SmsFrom" },
        { "a claim of no time", new OutgoingMessagesOptions { ClaimTimeout = TimeSpan.Zero }, "PreDemande:Messages:ClaimTimeout" },
        { "a portal limited to nothing", new RateLimitOptions { Portal = new RateLimit { PermitsPerSecond = 0, Burst = 1 } }, "PreDemande:RateLimits:Portal:PermitsPerSecond" },
        { "an audience without an issuer", new EntraIdOptions { Audience = "api://predemande" }, "PreDemande:EntraId" },
        { "a queue name with capitals and spaces", new InstructionOptions { DefaultQueue = "CERT de Paris" }, "CERT de Paris" },
        { "read URLs for a week", new InstructionOptions { ReadUrlLifetime = TimeSpan.FromDays(7) }, "PreDemande:Instruction:ReadUrlLifetime" },
    };

    [Theory]
    [MemberData(nameof(Wrong))]
    public void A_wrong_setting_is_a_problem_that_names_it(string why, ICheckedSettings settings, string named)
    {
        var problem = Assert.Single(settings.Problems());
        Assert.True(problem.Contains(named, StringComparison.Ordinal), $"{why}: {problem}");
    }

    [Fact]
    public async Task The_app_refuses_to_start_with_a_wrong_setting_and_says_which()
    {
        var (exitCode, output) = await AppProcess.RunAsync(new Dictionary<string, string>
        {
            ["AzureWebJobsStorage"] = "UseDevelopmentStorage=true",
            ["PreDemande__Storage__CreateMissing"] = "false",
            ["PreDemande__Submission__ValidityMonths"] = "0",
            ["FUNCTIONS_CUSTOMHANDLER_PORT"] = Tools.FreePort().ToString(System.Globalization.CultureInfo.InvariantCulture),
        });

        Assert.NotEqual(0, exitCode);
        Assert.Contains("PreDemande:Submission:ValidityMonths is 0", output, StringComparison.Ordinal);
    }
}
