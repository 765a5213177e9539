using Microsoft.Extensions.Options;
using PreDemande.Functions.Scheduling;

namespace PreDemande.Functions.Audit;

/// <summary>The by-number index of one (mairie, day) partition, the night after the day (<see cref="DueTask.AuditIndex"/>, key: <c>{mairie}|{day}</c>); a partition larger than <see cref="DueWorkOptions.RowsPerItem"/> goes on in the next message.</summary>
public sealed class AuditIndexHandler(AuditLog audit, IOptions<DueWorkOptions> options) : IDueTaskHandler
{
    public async Task<bool> HandleAsync(DueItem item, CancellationToken cancellationToken) =>
        !(await audit.IndexAsync(item.Key, options.Value.RowsPerItem, cancellationToken)).More;
}

/// <summary>The removal of one (mairie, day) partition and its twins, <see cref="AuditLog.Retention"/> on (<see cref="DueTask.Audit"/>, key: <c>{mairie}|{day}</c>); a partition larger than <see cref="DueWorkOptions.RowsPerItem"/> goes on in the next message.</summary>
public sealed class AuditRemovalHandler(AuditLog audit, IOptions<DueWorkOptions> options) : IDueTaskHandler
{
    public async Task<bool> HandleAsync(DueItem item, CancellationToken cancellationToken) =>
        !(await audit.RemoveAsync(item.Key, options.Value.RowsPerItem, cancellationToken)).More;
}

public static class AuditRegistration
{
    /// <summary>The audit log, which the agents' features write, and the night's work on its partitions.</summary>
    public static IServiceCollection AddAudit(this IServiceCollection services)
    {
        services.AddSingleton<AuditLog>();
        services.AddDueTaskHandler<AuditRemovalHandler>(DueTask.Audit, DueWindow.Night);
        services.AddDueTaskHandler<AuditIndexHandler>(DueTask.AuditIndex, DueWindow.Night);
        return services;
    }
}
