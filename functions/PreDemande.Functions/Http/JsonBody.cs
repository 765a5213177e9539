using System.Buffers;
using System.Reflection;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.Extensions.Options;
using Microsoft.Net.Http.Headers;
using PreDemande.Functions.Problems;

namespace PreDemande.Functions.Http;

/// <summary>What an endpoint accepts as JSON body: media type, size limit, whether it may be absent.</summary>
public sealed record JsonBodyLimits(long MaxBytes, string MediaType = "application/json", bool Optional = false)
{
    /// <summary>The body's type, for the OpenAPI document (set by <see cref="JsonBodyEndpoints.AcceptsJson{T}"/>).</summary>
    public Type? BodyType { get; init; }

    /// <summary>The component the document uses for the body when it is not the type's own schema.</summary>
    public string? SchemaName { get; init; }
}

/// <summary>A JSON body read with the checks of <see cref="JsonBodyLimits"/>: the value, or the problem to answer.</summary>
public interface IJsonBody
{
    IResult? Problem { get; }
}

/// <summary>
/// A request body bound by the endpoint's parameters: checks the media type (415), the size
/// limit, chunked bodies included (413), and reads the JSON with the app's source-generated
/// contract (400 naming the JSON path). <see cref="JsonBodyEndpoints.AcceptsJson{T}"/> declares it
/// on an endpoint, and its filter answers the problem before the handler runs.
/// </summary>
public sealed class JsonBody<T> : IJsonBody, IBindableFromHttpContext<JsonBody<T>>
{
    private JsonBody(T? value, IResult? problem)
    {
        Value = value;
        Problem = problem;
    }

    /// <summary>The body; null only for an absent optional body.</summary>
    public T? Value { get; }

    public IResult? Problem { get; }

    [System.Diagnostics.CodeAnalysis.SuppressMessage("Design", "CA1000", Justification = "IBindableFromHttpContext binds through a static member.")]
    public static async ValueTask<JsonBody<T>?> BindAsync(HttpContext context, ParameterInfo parameter)
    {
        var limits = context.GetEndpoint()?.Metadata.GetMetadata<JsonBodyLimits>()
            ?? throw new InvalidOperationException("An endpoint with a JsonBody parameter declares it with AcceptsJson.");
        var request = context.Request;
        if (limits.Optional && request.ContentLength is null or 0 && request.Headers.TransferEncoding.Count == 0)
        {
            return new JsonBody<T>(default, null);
        }

        if (!MediaTypeHeaderValue.TryParse(request.ContentType, out var contentType)
            || !contentType.MediaType.Equals(limits.MediaType, StringComparison.OrdinalIgnoreCase))
        {
            return Fail(ProblemResults.UnsupportedMediaType($"Envoyer le corps en {limits.MediaType}."));
        }

        if (request.ContentLength > limits.MaxBytes)
        {
            return Fail(ProblemResults.PayloadTooLarge(limits.MaxBytes));
        }

        var raw = await ReadLimitedAsync(request.Body, limits.MaxBytes, context.RequestAborted);
        if (raw is null)
        {
            return Fail(ProblemResults.PayloadTooLarge(limits.MaxBytes));
        }

        var type = (JsonTypeInfo<T>)context.RequestServices.GetRequiredService<IOptions<JsonOptions>>().Value.SerializerOptions.GetTypeInfo(typeof(T));
        try
        {
            var value = JsonSerializer.Deserialize(raw, type);
            return value is null
                ? Fail(ProblemResults.Field("$", "Objet JSON attendu.", "Le corps de la requête est vide ou null."))
                : new JsonBody<T>(value, null);
        }
        catch (JsonException exception)
        {
            var path = exception.Path is { Length: > 1 } p ? p.TrimStart('$', '.') : "$";
            var message = exception.LineNumber is { } line && exception.Message.Contains("invalid", StringComparison.OrdinalIgnoreCase)
                ? $"JSON mal formé (ligne {line + 1})."
                : "Valeur illisible ou de type incorrect.";
            return Fail(ProblemResults.Field(path, message, "Le corps de la requête n'est pas un JSON valide pour ce formulaire."));
        }
    }

    private static JsonBody<T> Fail(IResult problem) => new(default, problem);

    // Reads at most maxBytes; null when the body is longer (chunked bodies have no Content-Length).
    private static async Task<byte[]?> ReadLimitedAsync(Stream body, long maxBytes, CancellationToken cancellationToken)
    {
        var buffer = ArrayPool<byte>.Shared.Rent(16 * 1024);
        try
        {
            using var content = new MemoryStream();
            int read;
            while ((read = await body.ReadAsync(buffer, cancellationToken)) > 0)
            {
                if (content.Length + read > maxBytes)
                {
                    return null;
                }

                content.Write(buffer, 0, read);
            }

            return content.ToArray();
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }
}

public static class JsonBodyEndpoints
{
    /// <summary>
    /// Declares the endpoint's <see cref="JsonBody{T}"/>: its limits, the request body and the
    /// 400/413/415 problems in the OpenAPI document, and the filter that answers those problems.
    /// </summary>
    public static RouteHandlerBuilder AcceptsJson<T>(this RouteHandlerBuilder builder, JsonBodyLimits limits) =>
        builder
            // Not AcceptsMetadata: routing would answer another media type with a bare 415 before the
            // binding could answer its problem document. The OpenAPI document reads BodyType instead.
            .WithMetadata(limits with { BodyType = typeof(T) })
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge)
            .ProducesProblem(StatusCodes.Status415UnsupportedMediaType)
            .AddEndpointFilter(static (context, next) =>
            {
                foreach (var argument in context.Arguments)
                {
                    if (argument is IJsonBody { Problem: { } problem })
                    {
                        return ValueTask.FromResult<object?>(problem);
                    }
                }

                return next(context);
            });
}
