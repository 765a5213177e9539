using System.Text.Json;
using Microsoft.AspNetCore.Http.Features;

namespace PreDemande.Functions.Hosting;

/// <summary>Endpoint metadata: this endpoint is the HTTP function of that name.</summary>
public sealed record FunctionName(string Name);

/// <summary>The functions the Functions host knows, read from the endpoints (HTTP) and the trigger registry.</summary>
public static class FunctionEndpoints
{
    /// <summary>Makes the endpoint an HTTP function of the host: its function.json is written from the endpoint's route and methods.</summary>
    public static TBuilder AsFunction<TBuilder>(this TBuilder builder, string name)
        where TBuilder : IEndpointConventionBuilder =>
        builder.WithName(name).WithMetadata(new FunctionName(name));

    /// <summary>Every function of a built app: its HTTP functions from its endpoints, then its triggers.</summary>
    public static IReadOnlyList<FunctionDeclaration> Declarations(WebApplication app) =>
        Declarations(((IEndpointRouteBuilder)app).DataSources.SelectMany(d => d.Endpoints), app.Services.GetServices<TriggerFunction>());

    /// <summary>Every function: HTTP functions from the endpoints, then the triggers.</summary>
    public static IReadOnlyList<FunctionDeclaration> Declarations(IEnumerable<Endpoint> endpoints, IEnumerable<TriggerFunction> triggers)
    {
        var http = endpoints.OfType<RouteEndpoint>()
            .Where(e => e.Metadata.GetMetadata<FunctionName>() is not null)
            .Select(e =>
            {
                var name = e.Metadata.GetMetadata<FunctionName>()!.Name;
                var pattern = e.RoutePattern.RawText ?? throw new InvalidOperationException($"{name} has no route text");
                var prefix = $"/{FunctionDeclaration.RoutePrefix}/";
                if (!pattern.StartsWith(prefix, StringComparison.Ordinal))
                {
                    throw new InvalidOperationException($"HTTP function {name} is served on {pattern}, outside {prefix} where the host proxies.");
                }

                var methods = e.Metadata.GetMetadata<HttpMethodMetadata>()?.HttpMethods ?? throw new InvalidOperationException($"{name} declares no HTTP method");
                return FunctionDeclaration.Http(name, methods, pattern[prefix.Length..].TrimEnd('/'));
            });
        return http.Concat(triggers.Select(t => t.Declaration)).ToArray();
    }

    /// <summary>Maps every trigger function onto <c>POST /{Name}</c>, where the Functions host invokes it.</summary>
    public static IEndpointRouteBuilder MapTriggerFunctions(this IEndpointRouteBuilder app)
    {
        foreach (var function in app.ServiceProvider.GetServices<TriggerFunction>())
        {
            app.MapPost(function.Declaration.AppPath, (HttpContext context, InvocationDispatcher dispatcher) => InvokeAsync(function, context, dispatcher))
                .WithName(function.Declaration.Name)
                .WithMetadata(function.Declaration)
                .ExcludeFromDescription();
        }

        return app;
    }

    /// <summary>The header in which the host names the invocation.</summary>
    public const string InvocationIdHeader = "X-Azure-Functions-InvocationId";

    // POST /{FunctionName} from the host: 200 with the output payload, non-2xx on failure so the host retries.
    private static async Task InvokeAsync(TriggerFunction function, HttpContext context, InvocationDispatcher dispatcher)
    {
        var invocationId = context.Request.Headers[InvocationIdHeader].ToString() is { Length: > 0 } id ? id : context.TraceIdentifier;
        // Blob contents arrive inline (base64): lift the default request size limit for invocations.
        if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } limit)
        {
            limit.MaxRequestBodySize = null;
        }

        Invocation invocation;
        try
        {
            using var buffer = new MemoryStream();
            await context.Request.Body.CopyToAsync(buffer, context.RequestAborted);
            invocation = Invocation.Parse(buffer.GetBuffer().AsSpan(0, (int)buffer.Length));
        }
        catch (JsonException exception)
        {
            dispatcher.Malformed(function, invocationId, $"not a host invocation ({exception.Message})");
            await WriteAsync(context, StatusCodes.Status400BadRequest, "The request is not a Functions host invocation.");
            return;
        }

        var result = await dispatcher.InvokeAsync(function, invocation, invocationId, context.RequestAborted);
        await WriteAsync(context, result.Succeeded ? StatusCodes.Status200OK : StatusCodes.Status500InternalServerError, result.Error);
    }

    private static async Task WriteAsync(HttpContext context, int status, string? log)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = "application/json";
        await using var writer = new Utf8JsonWriter(context.Response.Body);
        writer.WriteStartObject();
        writer.WriteStartObject("Outputs");
        writer.WriteEndObject();
        writer.WriteStartArray("Logs");
        if (log is not null)
        {
            writer.WriteStringValue(log);
        }

        writer.WriteEndArray();
        writer.WriteNull("ReturnValue");
        writer.WriteEndObject();
        await writer.FlushAsync(context.RequestAborted);
    }
}
