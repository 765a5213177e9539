using System.Text;
using System.Xml.Linq;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using PreDemande.Functions.Tests.Infrastructure;

namespace PreDemande.Functions.Tests.Contract;

/// <summary>A message the app put on a queue, as it went over the wire: the queue and the message text.</summary>
public sealed record SentMessage(string Queue, string Text);

/// <summary>
/// The app with its queue service behind a recording proxy (blobs and tables straight to
/// Azurite; the stand-in host reads Azurite directly), on a clock the test moves: every message
/// the app sends is seen as it goes to storage, whatever queue it names.
/// </summary>
public sealed class QueueRecordingFactory : PreDemandeFactory
{
    private KillingProxy? _proxy;

    public FakeTimeProvider Clock { get; } = new(DateTimeOffset.UtcNow);

    /// <summary>Every message the app has sent so far (Put Message requests that storage carried out).</summary>
    public IReadOnlyList<SentMessage> Sent() =>
        (_proxy ?? throw new InvalidOperationException("not started")).Requests
            .Where(r => r.Service == "queue" && r.Method == "POST" && r.Status == 201 && r.Path.EndsWith("/messages", StringComparison.Ordinal))
            .Select(r => new SentMessage(
                r.Path.Split('/', StringSplitOptions.RemoveEmptyEntries)[^2],
                XDocument.Parse(r.Body.TrimStart('\uFEFF')).Root!.Element("MessageText")!.Value))
            .ToArray();

    /// <summary>Plays the host's timer: one invocation of the function now.</summary>
    public async Task InvokeTimerAsync(string function)
    {
        var payload = PreDemande.LocalHost.HostPayloads.Timer(function, Clock.GetUtcNow().AddDays(-1), Clock.GetUtcNow().AddDays(1), isPastDue: false);
        var response = await CreateClient().PostAsync($"/{function}", HttpExtensions.Json(Encoding.UTF8.GetString(payload)));
        Assert.True(response.IsSuccessStatusCode, $"{function}: {(int)response.StatusCode}");
    }

    protected override async Task StartDependenciesAsync() => _proxy = await KillingProxy.StartAsync(Azurite);

    protected override async ValueTask StopDependenciesAsync()
    {
        if (_proxy is not null)
        {
            await _proxy.DisposeAsync();
        }
    }

    protected override IEnumerable<KeyValuePair<string, string?>> Settings() =>
    [
        .. base.Settings().Where(s => s.Key != "AzureWebJobsStorage"),
        new("AzureWebJobsStorage", Azurite.ConnectionStringFor(Azurite.BlobPort, _proxy!.QueuePort, Azurite.TablePort)),
    ];

    protected override void ConfigureTestServices(IServiceCollection services) => services.AddSingleton<TimeProvider>(Clock);
}
