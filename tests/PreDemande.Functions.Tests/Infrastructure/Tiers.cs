using System.Reflection;

namespace PreDemande.Functions.Tests.Infrastructure;

/// <summary>
/// The tiers of the tests, as the trait <c>Tier</c> of each test class (<c>[Trait(Tier.Name, Tier.Fast)]</c>):
/// <list type="bullet">
/// <item><see cref="Fast"/>: pure rules and services in the test process, no storage, no other program (<c>scripts/test.sh --fast</c>, seconds);</item>
/// <item><see cref="Storage"/>: services against a real Azurite, without HTTP or the stand-in host;</item>
/// <item><see cref="Http"/>: the app over HTTP with Azurite and the stand-in host running its triggers;</item>
/// <item><see cref="System"/>: other programs: the app or the host as processes (crashes, outages), the native build, Bicep, the tools that read a PDF.</item>
/// </list>
/// </summary>
public static class Tier
{
    public const string Name = "Tier";
    public const string Fast = "Fast";
    public const string Storage = "Storage";
    public const string Http = "Http";
    public const string System = "System";

    public static readonly IReadOnlyList<string> All = [Fast, Storage, Http, System];

    /// <summary>The test classes of an assembly that do not name exactly one known tier, each with the tiers it names.</summary>
    public static IReadOnlyList<string> Misplaced(Assembly tests) =>
        tests.GetTypes()
            .Where(type => type.GetMethods().Any(m => m.GetCustomAttributes<FactAttribute>().Any()))
            .Select(type => (type.FullName, Tiers: Of(type)))
            .Where(t => t.Tiers.Count != 1 || !All.Contains(t.Tiers[0]))
            .Select(t => $"{t.FullName}: {string.Join(", ", t.Tiers)}")
            .ToList();

    /// <summary>The tiers a test class names (xUnit keeps a trait's name and value as the arguments of its attribute).</summary>
    public static List<string> Of(Type type) =>
        type.GetCustomAttributesData()
            .Where(a => a.AttributeType == typeof(TraitAttribute) && a.ConstructorArguments is [{ Value: Name }, _])
            .Select(a => (string)a.ConstructorArguments[1].Value!)
            .ToList();

    /// <summary>The environment variable <c>scripts/test.sh --fast</c> sets: a test of the fast tier that starts Azurite fails.</summary>
    public const string RunningVariable = "PREDEMANDE_TEST_TIER";
}
