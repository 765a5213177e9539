using Microsoft.Extensions.Options;
using PreDemande.Functions.PreApplications;
using PreDemande.Functions.Scheduling;
using PreDemande.Functions.Settings;

namespace PreDemande.Functions.Retention;

public static class RetentionRegistration
{
    public static IServiceCollection AddRetention(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<RetentionOptions>().Bind(configuration.GetSection(RetentionOptions.Section)).Checked();
        // The due work's limits are set (and checked) in this section: PreDemande:Retention:BatchSize and :ItemConcurrency.
        services.AddOptions<DueWorkOptions>().Configure<IOptions<RetentionOptions>>((work, retention) =>
        {
            work.BatchSize = retention.Value.BatchSize;
            work.ItemConcurrency = retention.Value.ItemConcurrency;
        });
        services.AddSingleton<ILifecycleReaction, RetentionReactions>();
        services.AddSingleton<Purger>();
        services.AddDueTaskHandler<PurgeHandler>(DueTask.Purge, DueWindow.Night);
        services.AddDueTaskHandler<QuarantineHandler>(DueTask.Quarantine, DueWindow.Night);
        return services;
    }
}
