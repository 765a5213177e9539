using System.Buffers;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Microsoft.Net.Http.Headers;
using PreDemande.Functions.Problems;

namespace PreDemande.Functions.Http;

/// <summary>
/// Reads a JSON request body with the checks every write endpoint needs: media type, size
/// limit, well-formed JSON of the expected shape. Each failure is a problem response (4xx).
/// </summary>
public static class JsonBody
{
    public readonly record struct Result<T>(T? Value, byte[] Raw, IResult? Problem);

    public static async Task<Result<T>> ReadAsync<T>(HttpContext context, JsonTypeInfo<T> type, long maxBytes, string mediaType = "application/json")
    {
        if (!MediaTypeHeaderValue.TryParse(context.Request.ContentType, out var contentType)
            || !contentType.MediaType.Equals(mediaType, StringComparison.OrdinalIgnoreCase))
        {
            return Fail<T>(ProblemResults.UnsupportedMediaType($"Envoyer le corps en {mediaType}."));
        }

        if (context.Request.ContentLength > maxBytes)
        {
            return Fail<T>(ProblemResults.PayloadTooLarge(maxBytes));
        }

        var raw = await ReadLimitedAsync(context.Request.Body, maxBytes, context.RequestAborted);
        if (raw is null)
        {
            return Fail<T>(ProblemResults.PayloadTooLarge(maxBytes));
        }

        try
        {
            return new Result<T>(JsonSerializer.Deserialize(raw, type), raw, null);
        }
        catch (JsonException exception)
        {
            var path = exception.Path is { Length: > 1 } p ? p.TrimStart('$', '.') : "$";
            var message = exception.LineNumber is { } line && exception.Message.Contains("invalid", StringComparison.OrdinalIgnoreCase)
                ? $"JSON mal formé (ligne {line + 1})."
                : "Valeur illisible ou de type incorrect.";
            return Fail<T>(ProblemResults.Validation(new Dictionary<string, string[]> { [path] = [message] }, "Le corps de la requête n'est pas un JSON valide pour ce formulaire."));
        }
    }

    private static Result<T> Fail<T>(IResult problem) => new(default, [], problem);

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
