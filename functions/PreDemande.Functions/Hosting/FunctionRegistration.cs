using PreDemande.Functions.Security;

namespace PreDemande.Functions.Hosting;

/// <summary>A declared function and the code that serves it, registered in the service collection.</summary>
public abstract record FunctionRegistration(FunctionDeclaration Declaration);

/// <summary>An HTTP-triggered function, proxied unchanged by the host to <c>/api/{route}</c>.</summary>
/// <param name="Clients">Who may call it (API key and role); null for anonymous endpoints.</param>
public sealed record HttpFunction(FunctionDeclaration Declaration, ClientRequirement? Clients, Func<HttpContext, Task<IResult>> Handler)
    : FunctionRegistration(Declaration);

/// <summary>A queue- or blob-triggered function, invoked by the host as <c>POST /{Name}</c>.</summary>
public sealed record TriggerFunction(FunctionDeclaration Declaration, Func<Invocation, IServiceProvider, CancellationToken, Task> Handler)
    : FunctionRegistration(Declaration);

public static class FunctionRegistrationExtensions
{
    public static IServiceCollection AddHttpFunction(this IServiceCollection services, FunctionDeclaration declaration, ClientRequirement? clients, Func<HttpContext, Task<IResult>> handler)
    {
        if (declaration.Kind != TriggerKind.Http)
        {
            throw new ArgumentException($"{declaration.Name} is not an HTTP function", nameof(declaration));
        }

        return services.AddSingleton<FunctionRegistration>(new HttpFunction(declaration, clients, handler));
    }

    public static IServiceCollection AddTriggerFunction(this IServiceCollection services, FunctionDeclaration declaration, Func<Invocation, IServiceProvider, CancellationToken, Task> handler)
    {
        if (declaration.Kind == TriggerKind.Http)
        {
            throw new ArgumentException($"{declaration.Name} is an HTTP function", nameof(declaration));
        }

        return services.AddSingleton<FunctionRegistration>(new TriggerFunction(declaration, handler));
    }
}
