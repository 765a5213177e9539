using PreDemande.Functions.Hosting;

using PreDemande.Functions.Settings;

namespace PreDemande.Functions.PreApplications;

public static class PreApplicationsRegistration
{
    /// <summary>What every feature shares: the store, the queues, the send-once path, the lifecycle reactions and the router of status changes.</summary>
    public static IServiceCollection AddPreApplications(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddSingleton<PreApplicationStore>();
        services.AddSingleton<AccountLists>();
        services.AddSingleton<MessageQueues>();
        services.AddOptions<OutgoingMessagesOptions>().Bind(configuration.GetSection(OutgoingMessagesOptions.Section)).Checked();
        services.AddSingleton<OutgoingMessages>();
        services.AddSingleton<LifecycleReactions>();
        services.AddSingleton<StatusChangeRouter>();
        services.AddTriggerFunction<StatusChangeRouter>(StatusChangeRouter.Route, (router, invocation, cancellationToken) => router.RouteAsync(invocation.RequiredDataString("message"), cancellationToken));
        return services;
    }
}
