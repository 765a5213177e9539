using System.Collections.Concurrent;
using System.Net;
using System.Text;
using Azure.Storage.Blobs.Models;
using Microsoft.Extensions.DependencyInjection;
using PreDemande.Functions.Hosting;
using PreDemande.Functions.Tests.Infrastructure;

namespace PreDemande.Functions.Tests.Hosting;

/// <summary>The app with three test-only functions, run by the stand-in host from their function.json files.</summary>
public sealed class TriggerTestFactory : PreDemandeFactory
{
    public static readonly FunctionDeclaration AlwaysFails = FunctionDeclaration.Queue("TestAlwaysFails", "test-always-fails");
    public static readonly FunctionDeclaration Echo = FunctionDeclaration.Queue("TestEcho", "test-echo");
    public static readonly FunctionDeclaration Watch = FunctionDeclaration.Blob("TestWatch", "test-watched/{name}");

    public ConcurrentQueue<(string Name, string Content, long Length)> BlobCalls { get; } = new();

    public ConcurrentQueue<(string Message, string? DequeueCount)> QueueCalls { get; } = new();

    private int _failingCalls;

    public int FailingCalls => Volatile.Read(ref _failingCalls);

    protected override void ConfigureTestServices(IServiceCollection services)
    {
        services.AddTriggerFunction(AlwaysFails, (invocation, _, _) =>
        {
            if (invocation.DataString("message")?.Contains("doomed", StringComparison.Ordinal) == true)
            {
                Interlocked.Increment(ref _failingCalls);
            }

            throw new InvalidOperationException("this handler always fails");
        });
        services.AddTriggerFunction(Echo, (invocation, _, _) =>
        {
            QueueCalls.Enqueue((invocation.DataString("message")!, invocation.MetadataString("DequeueCount")));
            return Task.CompletedTask;
        });
        services.AddTriggerFunction(Watch, (invocation, _, _) =>
        {
            BlobCalls.Enqueue((invocation.MetadataString("name")!, Encoding.UTF8.GetString(invocation.DataBytes("blob")!), invocation.Metadata["Properties"].GetProperty("ContentLength").GetInt64()));
            return Task.CompletedTask;
        });
    }
}

[Trait(Tier.Name, Tier.Http)]
public sealed class StandInHostTests(TriggerTestFactory app) : IClassFixture<TriggerTestFactory>
{
    [Fact]
    public async Task A_queue_message_whose_handler_fails_five_times_ends_in_the_poison_queue()
    {
        var queue = app.Queues.GetQueueClient("test-always-fails");
        var poison = app.Queues.GetQueueClient("test-always-fails-poison");
        await queue.CreateIfNotExistsAsync();
        await poison.CreateIfNotExistsAsync();

        await queue.SendMessageAsync("""{"payload":"doomed"}""");

        var moved = await Eventually.Async(async () => (await poison.PeekMessagesAsync(10)).Value, m => m.Length == 1, TimeSpan.FromSeconds(30));
        Assert.Equal("""{"payload":"doomed"}""", moved[0].Body.ToString());
        Assert.Equal(5, app.FailingCalls);
        Assert.Empty((await queue.PeekMessagesAsync(10)).Value);
    }

    [Fact]
    public async Task A_queue_message_reaches_its_handler_as_text_and_is_deleted_once_handled()
    {
        var queue = app.Queues.GetQueueClient("test-echo");
        await queue.CreateIfNotExistsAsync();

        await queue.SendMessageAsync("""{"number":"AB12CD34EF","note":"ÉLODIE"}""");

        var calls = await Eventually.Async(() => Task.FromResult(app.QueueCalls.Where(c => c.Message.Contains("ÉLODIE", StringComparison.Ordinal)).ToArray()), c => c.Length == 1, TimeSpan.FromSeconds(15));
        Assert.Equal("""{"number":"AB12CD34EF","note":"ÉLODIE"}""", calls[0].Message);
        Assert.Equal("1", calls[0].DequeueCount);
        await Eventually.Async(async () => (await queue.GetPropertiesAsync()).Value.ApproximateMessagesCount, n => n == 0, TimeSpan.FromSeconds(10));
    }

    [Fact]
    public async Task A_blob_written_directly_fires_its_function_exactly_once_per_version()
    {
        var container = app.Blobs.GetBlobContainerClient("test-watched");
        await container.CreateIfNotExistsAsync();
        var blob = container.GetBlobClient("nested/hello.txt");

        await blob.UploadAsync(BinaryData.FromString("first version"), overwrite: true);
        await Eventually.Async(() => Task.FromResult(Calls("nested/hello.txt")), c => c.Length == 1, TimeSpan.FromSeconds(15));
        await Task.Delay(TimeSpan.FromSeconds(1.5)); // several more polls: no second call for the same version
        Assert.Single(Calls("nested/hello.txt"));
        Assert.Equal("first version", Calls("nested/hello.txt")[0].Content);
        Assert.Equal("first version".Length, Calls("nested/hello.txt")[0].Length);

        await blob.UploadAsync(BinaryData.FromString("second version"), overwrite: true);
        var calls = await Eventually.Async(() => Task.FromResult(Calls("nested/hello.txt")), c => c.Length == 2, TimeSpan.FromSeconds(15));
        Assert.Equal("second version", calls[1].Content);
    }

    [Fact]
    public async Task A_blob_the_app_writes_itself_fires_its_function_once()
    {
        var storage = app.Services.GetRequiredService<PreDemande.Functions.Storage.StorageClients>();
        var container = storage.Container("test-watched");
        await container.CreateIfNotExistsAsync();

        await container.GetBlobClient("own/write.txt").UploadAsync(BinaryData.FromString("written by the app"), overwrite: true);

        await Eventually.Async(() => Task.FromResult(Calls("own/write.txt")), c => c.Length == 1, TimeSpan.FromSeconds(15));
        await Task.Delay(TimeSpan.FromSeconds(1.5)); // several listings later: the version handled is not fired again
        var call = Assert.Single(Calls("own/write.txt"));
        Assert.Equal("written by the app", call.Content);
    }

    [Fact]
    public async Task A_blob_version_posted_as_an_event_is_recorded_so_that_a_restart_does_not_post_it_again()
    {
        var container = app.Blobs.GetBlobContainerClient("test-watched");
        await container.CreateIfNotExistsAsync();
        var upload = await container.GetBlobClient("recorded.txt").UploadAsync(BinaryData.FromString("x"), overwrite: true);
        await Eventually.Async(() => Task.FromResult(Calls("recorded.txt")), c => c.Length == 1, TimeSpan.FromSeconds(15));

        var record = app.Blobs.GetBlobContainerClient("azure-webjobs-hosts").GetBlobClient($"blobevents/{LocalHost.StandInHost.HostId}/TestWatch/recorded.txt");
        var properties = await Eventually.Async(async () => (await record.ExistsAsync()).Value ? (await record.GetPropertiesAsync()).Value : null, p => p is not null, TimeSpan.FromSeconds(5));

        Assert.Equal(upload.Value.ETag.ToString().Trim('"'), properties!.Metadata["etag"]);
    }

    [Fact]
    public async Task A_host_invocation_that_succeeds_is_answered_200_with_its_strings_unwrapped()
    {
        var doublyEncoded = """{"Data":{"message":"\"{\\\"number\\\":\\\"ZZ99ZZ99ZZ\\\"}\""},"Metadata":{"DequeueCount":"\"3\""}}""";

        var echo = await app.CreateClient().PostAsync("/TestEcho", HttpExtensions.Json(doublyEncoded));

        Assert.Equal(HttpStatusCode.OK, echo.StatusCode);
        var output = await echo.JsonAsync();
        Assert.NotNull(output["Outputs"]);
        Assert.Contains(app.QueueCalls, c => c.Message == """{"number":"ZZ99ZZ99ZZ"}""" && c.DequeueCount == "3");
    }

    [Fact]
    public async Task A_host_invocation_that_fails_is_answered_500()
    {
        var failing = await app.CreateClient().PostAsync("/TestAlwaysFails", HttpExtensions.Json("""{"Data":{"message":"\"x\""},"Metadata":{}}"""));

        Assert.Equal(HttpStatusCode.InternalServerError, failing.StatusCode);
    }

    [Fact]
    public async Task A_body_that_is_not_an_invocation_is_answered_400()
    {
        var notAnInvocation = await app.CreateClient().PostAsync("/TestEcho", HttpExtensions.Json("not json"));

        Assert.Equal(HttpStatusCode.BadRequest, notAnInvocation.StatusCode);
    }

    private (string Name, string Content, long Length)[] Calls(string name) => app.BlobCalls.Where(c => c.Name == name).ToArray();
}
