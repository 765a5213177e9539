using System.Text.Json;
using System.Text.Json.Nodes;
using PreDemande.Core.Forms;

namespace PreDemande.Functions.Drafts;

/// <summary>
/// What a draft must respect: the form's types (its JSON binding) and lengths, not its
/// completeness: every text at most <see cref="FieldLimits.EmailLength"/> characters (the
/// longest field), every list at most <see cref="MaxItems"/> items. The field rules apply in full
/// when the draft is submitted.
/// </summary>
public static class DraftLimits
{
    public const int MaxItems = 10;

    public static Dictionary<string, string[]> Check(PreApplicationForm form)
    {
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        Walk(JsonSerializer.SerializeToNode(form, AppJsonContext.Default.PreApplicationForm), string.Empty, errors);
        return errors;
    }

    private static void Walk(JsonNode? node, string path, Dictionary<string, string[]> errors)
    {
        switch (node)
        {
            case JsonObject value:
                foreach (var (name, child) in value)
                {
                    Walk(child, path.Length == 0 ? name : $"{path}.{name}", errors);
                }

                break;
            case JsonArray items:
                if (items.Count > MaxItems)
                {
                    errors[path] = [$"Au plus {MaxItems} éléments."];
                }

                for (var i = 0; i < Math.Min(items.Count, MaxItems); i++)
                {
                    Walk(items[i], $"{path}[{i}]", errors);
                }

                break;
            case JsonValue text when text.TryGetValue<string>(out var s) && s.Length > FieldLimits.EmailLength:
                errors[path] = [$"Au plus {FieldLimits.EmailLength} caractères."];
                break;
        }
    }
}
