using System.Text.RegularExpressions;
using PreDemande.Functions.Tests.Infrastructure;

namespace PreDemande.Functions.Tests.Core;

/// <summary>
/// The folders of the app (one namespace each) and which of the others each one uses, read from
/// the sources: a <c>using</c> of the namespace, a name qualified by it (<c>Booking.Appointment</c>,
/// <c>PreDemande.Functions.Recap.RecapService</c>). Comments do not count. The composition root
/// (the files at the top of the project) is left out: it uses everything by design.
/// </summary>
[Trait(Tier.Name, Tier.Fast)]
public sealed partial class FeatureDependencyTests
{
    private static readonly string AppRoot = Repository.PathOf("functions", "PreDemande.Functions");

    /// <summary>What every feature may share; none of it uses a feature.</summary>
    private static readonly string[] Shared = ["PreApplications", "Scheduling", "Storage", "Hosting", "Http", "Problems", "Security", "Settings", "Telemetry"];

    [Fact]
    public void The_folders_of_the_app_use_each_other_one_way_only()
    {
        var graph = Graph();

        var cycle = FindCycle(graph);

        Assert.True(cycle is null, $"Cycle: {string.Join(" → ", cycle ?? [])}\n{Describe(graph)}");
    }

    [Fact]
    public void What_the_features_share_uses_no_feature()
    {
        var graph = Graph();

        Assert.All(Shared, shared => Assert.True(
            graph[shared].All(Shared.Contains),
            $"{shared} uses {string.Join(", ", graph[shared].Where(u => !Shared.Contains(u)))}\n{Describe(graph)}"));
    }

    [Fact]
    public void The_analysis_sees_a_use_through_a_using_and_through_a_qualified_name_but_not_in_a_comment()
    {
        string[] folders = ["Recap", "Booking", "Retention", "Lodging"];
        var source = """
            using PreDemande.Functions.Recap;
            // Retention.Purger is named in a comment only
            public sealed record X(Booking.Appointment A, string Lodging)
            {
                public string M => record.Lodging.Mairie;
            }
            """;

        Assert.Equal(["Booking", "Recap"], Uses(source, folders).Order());
    }

    private static Dictionary<string, SortedSet<string>> Graph()
    {
        var folders = Directory.GetDirectories(AppRoot)
            .Select(Path.GetFileName)
            .OfType<string>()
            .Where(f => f is not ("bin" or "obj" or "Properties") && Directory.EnumerateFiles(Path.Combine(AppRoot, f), "*.cs", SearchOption.AllDirectories).Any())
            .ToArray();
        Assert.Contains("PreApplications", folders);
        Assert.Contains("Recap", folders);
        return folders.ToDictionary(
            f => f,
            f => new SortedSet<string>(Directory.EnumerateFiles(Path.Combine(AppRoot, f), "*.cs", SearchOption.AllDirectories)
                .SelectMany(file => Uses(File.ReadAllText(file), folders))
                .Where(u => u != f), StringComparer.Ordinal));
    }

    private static IEnumerable<string> Uses(string source, IReadOnlyList<string> folders)
    {
        var code = Comment().Replace(source, string.Empty);
        return folders.Where(f =>
            Regex.IsMatch(code, $@"\bPreDemande\.Functions\.{f}\b") || Regex.IsMatch(code, $@"(?<![\w.]){f}\.[A-Z]"));
    }

    private static List<string>? FindCycle(Dictionary<string, SortedSet<string>> graph)
    {
        var state = new Dictionary<string, int>(StringComparer.Ordinal); // 1 on the path, 2 done
        var path = new List<string>();
        List<string>? Visit(string node)
        {
            state[node] = 1;
            path.Add(node);
            foreach (var next in graph[node])
            {
                if (state.GetValueOrDefault(next) == 1)
                {
                    return [.. path.SkipWhile(n => n != next), next];
                }

                if (state.GetValueOrDefault(next) == 0 && Visit(next) is { } cycle)
                {
                    return cycle;
                }
            }

            path.RemoveAt(path.Count - 1);
            state[node] = 2;
            return null;
        }

        return graph.Keys.Order(StringComparer.Ordinal).Where(n => state.GetValueOrDefault(n) == 0).Select(Visit).FirstOrDefault(c => c is not null);
    }

    private static string Describe(Dictionary<string, SortedSet<string>> graph) =>
        string.Join('\n', graph.OrderBy(g => g.Key, StringComparer.Ordinal).Select(g => $"{g.Key} → {string.Join(", ", g.Value)}"));

    [GeneratedRegex(@"//[^\n]*")]
    private static partial Regex Comment();
}
