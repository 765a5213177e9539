using PreDemande.Functions.Tests.Infrastructure;

namespace PreDemande.Client.Tests;

/// <summary>
/// The TypeScript types a portal generates from the published document with openapi-typescript
/// (pinned in package-lock.json) say what each member is: no <c>unknown</c>, no number that may be
/// a string. A failure names each member by its path in the types.
/// </summary>
[Trait(Tier.Name, Tier.System)]
public sealed class TypeScriptTypesTests(TypeScriptTypesTests.Generated types) : IClassFixture<TypeScriptTypesTests.Generated>
{
    [Fact]
    public void The_types_describe_every_schema_of_the_document()
    {
        Assert.Contains(types.Members, m => m.Path == "components.schemas.SubmitResponse.number" && m.Type == "string");
    }

    [Fact]
    public void No_member_of_the_TypeScript_types_is_unknown()
    {
        var unknown = TypeScriptMembers.Unknown(types.Members).Select(m => $"{m.Path}: {m.Type}").ToList();

        Assert.True(unknown.Count == 0, GeneratedClientShapeTests.Report("typed unknown by openapi-typescript", unknown));
    }

    [Fact]
    public void No_number_of_the_TypeScript_types_may_also_be_a_string()
    {
        var numbers = TypeScriptMembers.NumberOrString(types.Members).Where(m => !TwoShapes.TypeScript.Contains(m.Path)).Select(m => $"{m.Path}: {m.Type}").ToList();

        Assert.True(numbers.Count == 0, GeneratedClientShapeTests.Report("typed both number and string by openapi-typescript", numbers));
    }

    [Fact]
    public void No_object_of_the_TypeScript_types_is_left_without_its_members()
    {
        var empty = TypeScriptMembers.EmptyObject(types.Members).Select(m => $"{m.Path}: {m.Type}").ToList();

        Assert.True(empty.Count == 0, GeneratedClientShapeTests.Report("typed an object with no members (Record<string, never>) by openapi-typescript: describe its members", empty));
    }

    [Fact]
    public void Every_member_allowed_several_shapes_is_still_in_the_types()
    {
        Assert.All(TwoShapes.TypeScript, path => Assert.Contains(types.Members, m => m.Path == path));
    }

    /// <summary>openapi-typescript run once on docs/openapi.json, into a temporary file.</summary>
    public sealed class Generated : IAsyncLifetime
    {
        private readonly string _directory = Directory.CreateTempSubdirectory("predemande-ts-").FullName;

        public IReadOnlyList<TypeScriptMembers.Member> Members { get; private set; } = [];

        public async Task InitializeAsync()
        {
            var cli = Repository.PathOf("node_modules", "openapi-typescript", "bin", "cli.js");
            Assert.True(File.Exists(cli), $"openapi-typescript is not installed ({cli}): run scripts/ensure-npm.sh.");
            var output = Path.Combine(_directory, "openapi.d.ts");
            var (exitCode, printed) = await Tools.RunAsync("node", cli, Repository.PathOf("docs", "openapi.json"), "--output", output);
            Assert.True(exitCode == 0, printed);
            Members = TypeScriptMembers.Read(await File.ReadAllTextAsync(output));
        }

        public Task DisposeAsync()
        {
            Directory.Delete(_directory, recursive: true);
            return Task.CompletedTask;
        }
    }
}
