using System.Reflection;
using PreDemande.Functions.Tests.Infrastructure;

namespace PreDemande.Functions.Tests.Core;

/// <summary>Every test class says which tier it belongs to, so that the fast tier can be run alone.</summary>
[Trait(Tier.Name, Tier.Fast)]
public sealed class TestTierTests
{
    [Fact]
    public void Every_test_class_names_exactly_one_known_tier()
    {
        var wrong = typeof(TestTierTests).Assembly.GetTypes()
            .Where(type => type.GetMethods().Any(m => m.GetCustomAttributes<FactAttribute>().Any()))
            .Select(type => (type.FullName, Tiers: TiersOf(type)))
            .Where(t => t.Tiers.Count != 1 || !Tier.All.Contains(t.Tiers[0]))
            .Select(t => $"{t.FullName}: {string.Join(", ", t.Tiers)}")
            .ToList();

        Assert.Empty(wrong);
    }

    [Fact]
    public void The_tier_of_a_class_is_read_from_its_trait()
    {
        Assert.Equal([Tier.Fast], TiersOf(typeof(TestTierTests)));
    }

    // xUnit keeps a trait's name and value as the arguments of its attribute.
    private static List<string> TiersOf(Type type) =>
        type.GetCustomAttributesData()
            .Where(a => a.AttributeType == typeof(TraitAttribute) && a.ConstructorArguments is [{ Value: Tier.Name }, _])
            .Select(a => (string)a.ConstructorArguments[1].Value!)
            .ToList();
}
