using PreDemande.Functions.Tests.Infrastructure;

namespace PreDemande.Client.Tests;

/// <summary>
/// A C# client generated from the published document is natural to use: every member and body
/// typed, one object or one number never wrapped in a union. The client is Kiota's, generated
/// from docs/openapi.json when this project builds; a failure names the member as the generated
/// client spells it (type, then JSON name) and says what the document made of it.
/// </summary>
[Trait(Tier.Name, Tier.Fast)]
public sealed class GeneratedClientShapeTests
{
    [Fact]
    public void The_generated_client_has_the_documents_models_and_operations()
    {
        Assert.Contains(GeneratedTypes.ModelMembers(), m => m.Name == "SubmitResponse.number" && m.Type == typeof(string));
        Assert.Contains(GeneratedTypes.OperationBodies(), b => b.Name == "POST /api/predemandes (request)" && b.Type == typeof(Models.PreApplicationForm));
    }

    [Fact]
    public void No_member_or_body_of_the_generated_client_is_untyped()
    {
        var untyped = GeneratedTypes.MembersAndBodies()
            .Where(m => GeneratedTypes.IsUntyped(m.Type))
            .Select(m => $"{m.Name}: untyped ({m.Type.Name}); give it a type in docs/openapi.json")
            .ToList();

        Assert.True(untyped.Count == 0, Report("untyped in the generated C# client", untyped));
    }

    [Fact]
    public void Only_members_the_contract_offers_in_several_shapes_become_composed_wrappers()
    {
        var wrapped = GeneratedTypes.MembersAndBodies()
            .Where(m => GeneratedTypes.IsComposedWrapper(m.Type) && !TwoShapes.CSharp.Contains(m.Name))
            .Select(m => $"{m.Name}: a composed wrapper {GeneratedTypes.Held(m.Type).Name} {{ {GeneratedTypes.AlternativesOf(m.Type)} }}")
            .ToList();

        Assert.True(wrapped.Count == 0, Report("wrapped in a union of alternatives in the generated C# client, where one object or one number is meant", wrapped));
    }

    [Fact]
    public void Every_member_allowed_two_shapes_is_still_a_composed_wrapper()
    {
        var members = GeneratedTypes.MembersAndBodies()
            .Where(m => GeneratedTypes.IsComposedWrapper(m.Type))
            .Select(m => m.Name)
            .ToHashSet(StringComparer.Ordinal);

        Assert.All(TwoShapes.CSharp, name => Assert.Contains(name, members));
    }

    internal static string Report(string what, IReadOnlyList<string> found) =>
        $"{found.Count} member(s) {what}:\n  " + string.Join("\n  ", found);
}
