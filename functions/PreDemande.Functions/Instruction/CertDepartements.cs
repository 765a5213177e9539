using System.Text.Json;
using PreDemande.Functions.Hosting;

namespace PreDemande.Functions.Instruction;

/// <summary>
/// The départements a CERT queue is created for: <c>infra/departements.json</c>, embedded in the
/// app, the same list the Bicep templates provision the queues from (a test keeps it equal to
/// the départements of the commune data). Read in a fraction of a millisecond, where the
/// commune list takes about 200 ms of CPU to load.
/// </summary>
public static class CertDepartements
{
    public const string ResourceName = "PreDemande.Departements.json";

    public static IReadOnlyList<string> Read()
    {
        using var document = EmbeddedFiles.Json(ResourceName);
        return document.RootElement.EnumerateArray().Select(d => d.GetString() ?? throw new InvalidDataException("infra/departements.json holds a value that is not a string.")).ToArray();
    }
}
