using System.Text.Json.Nodes;
using System.Text.Json.Serialization.Metadata;
using PreDemande.Core.Forms;

namespace PreDemande.Functions.Corrections;

/// <summary>One field that differs between two versions of the form (JSON values; null when absent).</summary>
public sealed record FieldChange(string Field, JsonNode? Before, JsonNode? After);

/// <summary>
/// JSON merge patch (RFC 7396) applied to the form, the check that a patch names only fields the
/// form has, and the field-by-field difference between two forms.
/// </summary>
public static class FormPatch
{
    /// <summary>The target with the patch merged in: objects merge member by member, <c>null</c> removes, anything else replaces (arrays whole).</summary>
    public static JsonNode? Apply(JsonNode? target, JsonNode? patch)
    {
        if (patch is not JsonObject members)
        {
            return patch?.DeepClone();
        }

        var result = target is JsonObject existing ? existing.DeepClone().AsObject() : [];
        foreach (var (name, value) in members)
        {
            if (value is null)
            {
                result.Remove(name);
            }
            else
            {
                result[name] = Apply(result[name], value);
            }
        }

        return result;
    }

    /// <summary>Reports every member of the patch that the type (and its nested types) does not have: a typo must not be a silent no-op.</summary>
    public static void CheckMembers(JsonNode? patch, JsonTypeInfo type, string path, ValidationErrors errors)
    {
        switch (patch)
        {
            case JsonObject members when type.Kind == JsonTypeInfoKind.Object:
                foreach (var (name, value) in members)
                {
                    var field = path.Length == 0 ? name : $"{path}.{name}";
                    var property = type.Properties.FirstOrDefault(p => p.Name == name);
                    if (property is null)
                    {
                        errors.Add(field, "Ce champ n'existe pas dans le formulaire.");
                        continue;
                    }

                    CheckMembers(value, type.Options.GetTypeInfo(property.PropertyType), field, errors);
                }

                break;
            case JsonArray items when type is { Kind: JsonTypeInfoKind.Enumerable, ElementType: { } elementType }:
                for (var i = 0; i < items.Count; i++)
                {
                    CheckMembers(items[i], type.Options.GetTypeInfo(elementType), $"{path}[{i}]", errors);
                }

                break;
        }
    }

    /// <summary>The fields that differ, by JSON path (<c>applicant.surname</c>, <c>parents[1].birthDate</c>); arrays of another length differ as a whole.</summary>
    public static IReadOnlyList<FieldChange> Diff(JsonNode? before, JsonNode? after)
    {
        var changes = new List<FieldChange>();
        Diff(before, after, string.Empty, changes);
        return changes;
    }

    private static void Diff(JsonNode? before, JsonNode? after, string path, List<FieldChange> changes)
    {
        if (before is JsonObject left && after is JsonObject right)
        {
            foreach (var name in left.Select(p => p.Key).Union(right.Select(p => p.Key), StringComparer.Ordinal))
            {
                Diff(left[name], right[name], path.Length == 0 ? name : $"{path}.{name}", changes);
            }
        }
        else if (before is JsonArray leftItems && after is JsonArray rightItems && leftItems.Count == rightItems.Count)
        {
            for (var i = 0; i < leftItems.Count; i++)
            {
                Diff(leftItems[i], rightItems[i], $"{path}[{i}]", changes);
            }
        }
        else if (!JsonNode.DeepEquals(before, after))
        {
            changes.Add(new FieldChange(path, before?.DeepClone(), after?.DeepClone()));
        }
    }
}
