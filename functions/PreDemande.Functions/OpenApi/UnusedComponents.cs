using Microsoft.OpenApi;

namespace PreDemande.Functions.OpenApi;

/// <summary>
/// Removes the schema components no operation reaches: the generator adds one per type it meets,
/// including the parts of a binding type whose schema is replaced (the form's, see
/// <see cref="FormSchemas"/>); a client generator would otherwise make models of them.
/// </summary>
internal static class UnusedComponents
{
    public static void Remove(OpenApiDocument document)
    {
        if (document.Components?.Schemas is not { } schemas)
        {
            return;
        }

        var used = new HashSet<string>(StringComparer.Ordinal);
        foreach (var operation in document.Paths.Values.SelectMany(p => p.Operations?.Values.AsEnumerable() ?? []))
        {
            foreach (var parameter in operation.Parameters ?? [])
            {
                Visit(parameter.Schema, schemas, used);
            }

            foreach (var media in operation.RequestBody?.Content?.Values ?? [])
            {
                Visit(media.Schema, schemas, used);
            }

            foreach (var response in operation.Responses?.Values.AsEnumerable() ?? [])
            {
                foreach (var media in response.Content?.Values ?? [])
                {
                    Visit(media.Schema, schemas, used);
                }

                foreach (var header in response.Headers?.Values ?? [])
                {
                    Visit(header.Schema, schemas, used);
                }
            }
        }

        foreach (var name in schemas.Keys.Where(n => !used.Contains(n)).ToArray())
        {
            schemas.Remove(name);
        }
    }

    private static void Visit(IOpenApiSchema? schema, IDictionary<string, IOpenApiSchema> schemas, HashSet<string> used)
    {
        switch (schema)
        {
            case null:
                return;
            case OpenApiSchemaReference reference:
                if (reference.Reference.Id is { } id && used.Add(id) && schemas.TryGetValue(id, out var target))
                {
                    Visit(target, schemas, used);
                }

                return;
        }

        IEnumerable<IOpenApiSchema?> children =
        [
            .. schema.Properties?.Values ?? [], .. schema.AllOf ?? [], .. schema.AnyOf ?? [], .. schema.OneOf ?? [],
            schema.Items, schema.Not, schema.AdditionalProperties,
            .. schema is OpenApiSchema { } own ? new[] { own.If, own.Then, own.Else } : [],
        ];
        foreach (var child in children)
        {
            Visit(child, schemas, used);
        }
    }
}
