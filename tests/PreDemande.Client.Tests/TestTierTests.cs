using PreDemande.Functions.Tests.Infrastructure;

namespace PreDemande.Client.Tests;

/// <summary>Every test class of the client checks says which tier it belongs to, as in the other test project.</summary>
[Trait(Tier.Name, Tier.Fast)]
public sealed class TestTierTests
{
    [Fact]
    public void Every_test_class_names_exactly_one_known_tier()
    {
        Assert.Empty(Tier.Misplaced(typeof(TestTierTests).Assembly));
    }
}
