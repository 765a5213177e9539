namespace PreDemande.Functions.Hosting;

/// <summary>
/// A queue-, blob- or timer-triggered function, invoked by the Functions host (or, without one,
/// by tests/PreDemande.LocalHost) as <c>POST /{Name}</c>. The handler gets the invocation and the invocation's own
/// service scope.
/// </summary>
public sealed record TriggerFunction(FunctionDeclaration Declaration, Func<Invocation, IServiceProvider, CancellationToken, Task> Handler);

public static class TriggerFunctionRegistration
{
    public static IServiceCollection AddTriggerFunction(this IServiceCollection services, FunctionDeclaration declaration, Func<Invocation, IServiceProvider, CancellationToken, Task> handler)
    {
        if (declaration.Kind == TriggerKind.Http)
        {
            throw new ArgumentException($"{declaration.Name} is an HTTP function: map it as an endpoint with AsFunction", nameof(declaration));
        }

        return services.AddSingleton(new TriggerFunction(declaration, handler));
    }

    /// <summary>A trigger served by one service of the invocation's scope.</summary>
    public static IServiceCollection AddTriggerFunction<TService>(this IServiceCollection services, FunctionDeclaration declaration, Func<TService, Invocation, CancellationToken, Task> handler)
        where TService : notnull =>
        services.AddTriggerFunction(declaration, (invocation, provider, cancellationToken) => handler(provider.GetRequiredService<TService>(), invocation, cancellationToken));
}
