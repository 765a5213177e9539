using PreDemande.Core.Documents;
using PreDemande.Core.Geography;

namespace PreDemande.Functions.Reference;

/// <summary>What loading a list did: the communes stored (none when refused or a dry run) and the lines that named no commune.</summary>
public sealed record ComedecLoadResult(int Communes, IReadOnlyList<string> Unresolved, bool Stored);

/// <summary>
/// The operator command's work (<c>load-comedec</c>): reads a list file
/// (<see cref="ComedecListFile"/>), refuses it when a line names no commune (unless told to
/// skip those lines) or when it names none at all, and stores it with its publication date.
/// </summary>
public sealed class ComedecListLoader(ComedecListStore store)
{
    public async Task<ComedecLoadResult> LoadAsync(string text, DateOnly publishedOn, string? source, bool skipUnresolved, bool dryRun, CancellationToken cancellationToken)
    {
        var reading = ComedecListFile.Parse(text, Communes.Default);
        if (reading.Codes.Count == 0 || (reading.Unresolved.Count > 0 && !skipUnresolved) || dryRun)
        {
            return new ComedecLoadResult(reading.Codes.Count, reading.Unresolved, Stored: false);
        }

        await store.SaveAsync(new ComedecCommunes(publishedOn, reading.Codes), source, cancellationToken);
        return new ComedecLoadResult(reading.Codes.Count, reading.Unresolved, Stored: true);
    }
}
