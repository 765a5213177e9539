using PreDemande.Functions.Instruction;
using PreDemande.Functions.Storage;
using PreDemande.Functions.Tests.Infrastructure;

namespace PreDemande.Functions.Tests.Contract;

/// <summary>docs/asyncapi.json against the app's own queue names.</summary>
[Trait(Tier.Name, Tier.Fast)]
public sealed class AsyncApiDocumentTests
{
    [Fact]
    public void Every_queue_a_trigger_of_the_app_reads_is_a_channel_of_the_document()
    {
        var missing = StorageNames.Queues.Triggered.Where(q => AsyncApi.Committed.ChannelOf(q) is null).ToArray();

        Assert.True(missing.Length == 0, $"Not in docs/asyncapi.json: {string.Join(", ", missing)}");
    }

    [Fact]
    public void The_cert_queue_of_every_departement_is_the_instruction_channel()
    {
        var queues = new InstructionOptions().AllQueues(PreDemande.Core.Geography.Communes.Default.DepartementCodes);

        Assert.All(queues, q => Assert.Equal("instructionTasks", AsyncApi.Committed.ChannelOf(q)));
        Assert.Contains("instruction-2a", queues);
    }

    [Fact]
    public void A_message_with_a_member_the_document_does_not_name_does_not_match_its_schema()
    {
        var schema = AsyncApi.Committed.PayloadSchema("statusChanges");
        const string Described = """{"id":"GPN00P46SE:available","number":"GPN00P46SE","type":"available","at":"2026-12-21T14:02:45Z","mairie":{"code":"75056","name":"Paris"}}""";

        Assert.Empty(AsyncApi.Errors(schema, Described));
        Assert.NotEmpty(AsyncApi.Errors(schema, Described.Replace("}}", """},"mobile":"+33612345678"}""", StringComparison.Ordinal)));
        Assert.NotEmpty(AsyncApi.Errors(schema, Described.Replace("2026-12-21T14:02:45Z", "demain", StringComparison.Ordinal)));
    }
}

/// <summary>The document as the AsyncAPI parser pinned in package-lock.json reads it.</summary>
[Trait(Tier.Name, Tier.System)]
public sealed class AsyncApiParserTests
{
    [Fact]
    public async Task The_asyncapi_parser_finds_no_error_in_the_document()
    {
        var (exitCode, output) = await Tools.RunAsync("node", Repository.PathOf("scripts", "asyncapi-validate.mjs"), Repository.PathOf("docs", "asyncapi.json"));

        Assert.True(exitCode == 0, output);
        Assert.Contains("0 errors", output, StringComparison.Ordinal);
    }
}
