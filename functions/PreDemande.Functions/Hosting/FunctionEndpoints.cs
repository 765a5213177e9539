using System.Text.Json;
using Microsoft.AspNetCore.Http.Features;
using PreDemande.Functions.Security;

namespace PreDemande.Functions.Hosting;

/// <summary>Maps every registered function onto the routes the Functions host calls.</summary>
public static class FunctionEndpoints
{
    public static IEndpointRouteBuilder MapFunctions(this IEndpointRouteBuilder app)
    {
        foreach (var function in app.ServiceProvider.GetServices<FunctionRegistration>())
        {
            var endpoint = function switch
            {
                HttpFunction http => app.MapMethods(function.Declaration.AppPath, function.Declaration.Methods, async context =>
                {
                    var result = await http.Handler(context);
                    await result.ExecuteAsync(context);
                }),
                TriggerFunction trigger => app.MapPost(function.Declaration.AppPath, context => InvokeAsync(trigger, context)),
                _ => throw new InvalidOperationException($"Unknown function registration {function.GetType().Name}"),
            };
            endpoint.WithName(function.Declaration.Name).WithMetadata(function.Declaration);
            if (function is HttpFunction { Clients: { } clients })
            {
                endpoint.WithMetadata(clients);
            }
        }

        return app;
    }

    // POST /{FunctionName} from the host: 200 with the output payload, non-2xx on failure so the host retries.
    private static async Task InvokeAsync(TriggerFunction function, HttpContext context)
    {
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
        catch (JsonException)
        {
            await WriteAsync(context, StatusCodes.Status400BadRequest, "The request is not a Functions host invocation.");
            return;
        }

        var dispatcher = context.RequestServices.GetRequiredService<InvocationDispatcher>();
        var result = await dispatcher.InvokeAsync(function, invocation, context.RequestAborted);
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
