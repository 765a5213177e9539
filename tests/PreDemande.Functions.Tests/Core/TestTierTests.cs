using PreDemande.Functions.Tests.Infrastructure;

namespace PreDemande.Functions.Tests.Core;

/// <summary>Every test class says which tier it belongs to, so that the fast tier can be run alone.</summary>
[Trait(Tier.Name, Tier.Fast)]
public sealed class TestTierTests
{
    [Fact]
    public void Every_test_class_names_exactly_one_known_tier()
    {
        Assert.Empty(Tier.Misplaced(typeof(TestTierTests).Assembly));
    }

    [Fact]
    public void The_tier_of_a_class_is_read_from_its_trait()
    {
        Assert.Equal([Tier.Fast], Tier.Of(typeof(TestTierTests)));
    }
}
