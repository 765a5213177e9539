using System.Runtime.ExceptionServices;
using Microsoft.Extensions.Options;

namespace PreDemande.Functions.Settings;

/// <summary>One type of settings checked at start: reading its <c>IOptions&lt;T&gt;</c> binds and validates it.</summary>
public sealed class SettingsCheck(Type type, Action<IServiceProvider> read)
{
    public Type Type { get; } = type;

    public void Read(IServiceProvider services) => read(services);
}

/// <summary>
/// The settings checked at start, in one pass: each checked type's <c>IOptions&lt;T&gt;</c> read
/// once (its binding and validation, the instance the app then uses), and the app refused with
/// every problem found, as <c>ValidateOnStart</c> refuses it. <c>ValidateOnStart</c> reads each
/// type through <c>IOptionsMonitor&lt;T&gt;</c>: a second binding, and a monitor, a cache and a
/// change-token source built per type by reflection before the first ready answer. This is the
/// host's <see cref="IStartupValidator"/> (run before any hosted service starts); the validations
/// at start registered otherwise (<c>ValidateOnStart</c>) run after the checked settings.
/// </summary>
public sealed class SettingsCheckedAtStart(IServiceProvider services, IEnumerable<SettingsCheck> checks, IEnumerable<IStartupValidator> others) : IStartupValidator
{
    public void Validate()
    {
        List<Exception>? failures = null;
        foreach (var check in checks)
        {
            try
            {
                check.Read(services);
            }
            catch (OptionsValidationException failure)
            {
                (failures ??= []).Add(failure);
            }
        }

        foreach (var other in others)
        {
            try
            {
                other.Validate();
            }
            catch (Exception failure) when (failure is OptionsValidationException or AggregateException)
            {
                (failures ??= []).Add(failure);
            }
        }

        if (failures is [var single])
        {
            ExceptionDispatchInfo.Throw(single);
        }

        if (failures is { Count: > 1 })
        {
            throw new AggregateException(failures);
        }
    }
}

/// <summary>Registers <see cref="SettingsCheckedAtStart"/>.</summary>
public static class SettingsCheckedAtStartRegistration
{
    /// <summary>
    /// Makes <see cref="SettingsCheckedAtStart"/> the host's validator at start, the validators
    /// registered so far (<c>ValidateOnStart</c>) run by it; called once the app's services are all registered.
    /// </summary>
    public static IServiceCollection AddSettingsCheckedAtStart(this IServiceCollection services)
    {
        var others = services.Where(d => d.ServiceType == typeof(IStartupValidator) && !d.IsKeyedService).ToArray();
        foreach (var other in others)
        {
            services.Remove(other);
        }

        services.AddSingleton<IStartupValidator>(s => new SettingsCheckedAtStart(s, s.GetServices<SettingsCheck>(), [.. others.Select(d => Create(s, d))]));
        return services;
    }

    private static IStartupValidator Create(IServiceProvider services, ServiceDescriptor descriptor) => descriptor switch
    {
        { ImplementationInstance: IStartupValidator instance } => instance,
        { ImplementationFactory: { } factory } => (IStartupValidator)factory(services),
        { ImplementationType: not null } => (IStartupValidator)ActivatorUtilities.CreateInstance(services, descriptor.ImplementationType),
        _ => throw new InvalidOperationException($"A validator at start registered as {descriptor} cannot be built."),
    };
}
