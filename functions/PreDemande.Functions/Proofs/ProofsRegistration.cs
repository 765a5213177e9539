using PreDemande.Functions.Hosting;
using PreDemande.Functions.Settings;

namespace PreDemande.Functions.Proofs;

/// <summary>The 2D-Doc check of proofs of address: the trust material, the check, the operator's load and the refresh timer.</summary>
public static class ProofsRegistration
{
    public static IServiceCollection AddProofs(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<ProofOptions>().Bind(configuration.GetSection(ProofOptions.Section)).Checked();
        services.AddSingleton<TrustStore>();
        services.AddSingleton<TrustSources>();
        services.AddSingleton<TrustLoader>();
        services.AddSingleton<ProofChecker>();
        services.AddSingleton<TrustRefresh>();
        services.AddTriggerFunction<TrustRefresh>(TrustRefresh.Timer, (refresh, _, cancellationToken) => refresh.RefreshAsync(cancellationToken));
        return services;
    }
}
