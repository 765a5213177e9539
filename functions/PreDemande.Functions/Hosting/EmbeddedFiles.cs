using System.Text.Json;

namespace PreDemande.Functions.Hosting;

/// <summary>
/// The files the project embeds in the app (fonts, examples, the lists shared with the Bicep
/// templates): one way to open them, and one error when a build left one out.
/// </summary>
public static class EmbeddedFiles
{
    public static Stream Open(string resource) =>
        typeof(EmbeddedFiles).Assembly.GetManifestResourceStream(resource)
        ?? throw new InvalidOperationException($"{resource} is not embedded in the app (see PreDemande.Functions.csproj).");

    public static JsonDocument Json(string resource)
    {
        using var stream = Open(resource);
        return JsonDocument.Parse(stream);
    }
}
