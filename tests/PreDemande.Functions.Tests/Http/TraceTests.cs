using System.Collections.Concurrent;
using System.Diagnostics;
using PreDemande.Functions.Tests.Infrastructure;

namespace PreDemande.Functions.Tests.Http;

[Trait(Tier.Name, Tier.Http)]
public sealed class TraceTests(PreDemandeFactory app) : IClassFixture<PreDemandeFactory>, IDisposable
{
    private readonly ConcurrentQueue<Activity> _activities = new();
    private readonly ActivityListener _listener = new()
    {
        ShouldListenTo = source => source.Name is "PreDemande" or "Microsoft.AspNetCore",
        Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
    };

    public void Dispose() => _listener.Dispose();

    [Fact]
    public async Task A_submission_its_recap_and_its_recap_email_are_one_trace()
    {
        _listener.ActivityStopped = _activities.Enqueue;
        ActivitySource.AddActivityListener(_listener);

        var number = await app.SubmitReadyAsync();

        var render = await Eventually.Async(
            () => Task.FromResult(_activities.FirstOrDefault(a => a.OperationName == "RenderRecap" && a.GetTagItem("predemande.number") as string == number)),
            a => a is not null,
            TimeSpan.FromSeconds(20));
        var notify = await Eventually.Async(
            () => Task.FromResult(_activities.FirstOrDefault(a => a.OperationName == "SendNotification" && a.GetTagItem("predemande.number") as string == number)),
            a => a is not null,
            TimeSpan.FromSeconds(20));

        // The recap and its e-mail continue the trace of the request that submitted the form.
        var submit = Assert.Single(_activities, a => a.OperationName == "Microsoft.AspNetCore.Hosting.HttpRequestIn" && a.TraceId == render!.TraceId);
        Assert.Equal(render!.TraceId, notify!.TraceId);
        Assert.Equal(submit.SpanId, render.ParentSpanId);
        Assert.Equal(ActivityKind.Consumer, render.Kind);
        Assert.Equal(ActivityKind.Consumer, notify!.Kind);
        Assert.DoesNotContain(_activities.SelectMany(a => a.TagObjects), t => t.Value?.ToString()?.Contains("LŒUVRE", StringComparison.OrdinalIgnoreCase) == true);
    }
}
