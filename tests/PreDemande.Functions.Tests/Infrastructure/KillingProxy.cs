using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;

namespace PreDemande.Functions.Tests.Infrastructure;

/// <summary>A storage request as the proxy saw it: service (blob, queue, table), method, path and body.</summary>
public sealed record StorageRequest(string Service, string Method, string Path, string Body)
{
    /// <summary>The status storage answered.</summary>
    public int Status { get; init; }

    public bool Is(string service, string method, string pathPart) =>
        Service == service && Method == method && Path.Contains(pathPart, StringComparison.Ordinal);

    /// <summary>A table entity change (merge or replace, whichever verb the SDK uses).</summary>
    public bool IsEntityChange(string table) =>
        Service == "table" && Method is "PATCH" or "MERGE" or "PUT" && Path.Contains($"/{table}(", StringComparison.Ordinal);
}

/// <summary>
/// Loopback reverse proxy in front of Azurite's three services. The app under test talks to
/// storage through it; once a request matching the armed rule has been carried out by Azurite,
/// the proxy kills the app before the answer reaches it. The app dies with the write done and
/// not acknowledged: the worst moment, found without any hook in the app.
/// </summary>
public sealed class KillingProxy : IAsyncDisposable
{
    private static readonly HashSet<string> HopHeaders = new(StringComparer.OrdinalIgnoreCase) { "Host", "Connection", "Transfer-Encoding", "Keep-Alive", "Content-Length" };

    private readonly List<WebApplication> _servers = [];
    private readonly HttpClient _client = new(new SocketsHttpHandler { AllowAutoRedirect = false, UseCookies = false, AutomaticDecompression = DecompressionMethods.None });
    private readonly Lock _gate = new();
    private readonly System.Collections.Concurrent.ConcurrentQueue<StorageRequest> _seen = new();
    private (Func<StorageRequest, bool> When, Func<Task> Kill, TaskCompletionSource<StorageRequest> Done)? _rule;

    private KillingProxy(int blob, int queue, int table) => (BlobPort, QueuePort, TablePort) = (blob, queue, table);

    /// <summary>How many requests matching <paramref name="which"/> the proxy has carried so far.</summary>
    public int Count(Func<StorageRequest, bool> which) => _seen.Count(which);

    /// <summary>Every request the proxy has carried so far, in the order storage answered them.</summary>
    public IReadOnlyList<StorageRequest> Requests => [.. _seen];

    public int BlobPort { get; }

    public int QueuePort { get; }

    public int TablePort { get; }

    /// <summary>The connection string the app is given: Azurite's account, the proxy's ports.</summary>
    public string ConnectionString => Azurite.ConnectionStringFor(BlobPort, QueuePort, TablePort);

    public static async Task<KillingProxy> StartAsync(Azurite azurite)
    {
        var proxy = new KillingProxy(Tools.FreePort(), Tools.FreePort(), Tools.FreePort());
        await proxy.ListenAsync("blob", proxy.BlobPort, azurite.BlobPort);
        await proxy.ListenAsync("queue", proxy.QueuePort, azurite.QueuePort);
        await proxy.ListenAsync("table", proxy.TablePort, azurite.TablePort);
        return proxy;
    }

    /// <summary>
    /// The next request matching <paramref name="when"/> that storage carries out (2xx) runs
    /// <paramref name="kill"/> instead of being answered; the task completes with that request.
    /// </summary>
    public Task<StorageRequest> KillAfter(Func<StorageRequest, bool> when, Func<Task> kill)
    {
        var done = new TaskCompletionSource<StorageRequest>(TaskCreationOptions.RunContinuationsAsynchronously);
        lock (_gate)
        {
            _rule = (when, kill, done);
        }

        return done.Task;
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var server in _servers)
        {
            await server.StopAsync();
            await server.DisposeAsync();
        }

        _client.Dispose();
    }

    private async Task ListenAsync(string service, int port, int target)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls($"http://127.0.0.1:{port}");
        builder.WebHost.ConfigureKestrel(k => k.Limits.MaxRequestBodySize = null);
        var server = builder.Build();
        server.Run(context => ForwardAsync(context, service, target));
        await server.StartAsync();
        _servers.Add(server);
    }

    private async Task ForwardAsync(HttpContext context, string service, int target)
    {
        var request = context.Request;
        using var buffer = new MemoryStream();
        await request.Body.CopyToAsync(buffer);
        var body = buffer.ToArray();

        // The target as sent (Path is decoded; the signature covers the encoded form).
        var rawTarget = context.Features.Get<Microsoft.AspNetCore.Http.Features.IHttpRequestFeature>()!.RawTarget;
        using var forwarded = new HttpRequestMessage(new HttpMethod(request.Method), new Uri($"http://127.0.0.1:{target}{rawTarget}", UriKind.Absolute));
        if (body.Length > 0 || request.ContentLength is not null || request.ContentType is not null)
        {
            forwarded.Content = new ByteArrayContent(body);
        }

        foreach (var (name, values) in request.Headers)
        {
            if (!HopHeaders.Contains(name) && !forwarded.Headers.TryAddWithoutValidation(name, values.ToArray()))
            {
                forwarded.Content?.Headers.TryAddWithoutValidation(name, values.ToArray());
            }
        }

        using var answer = await _client.SendAsync(forwarded, HttpCompletionOption.ResponseContentRead, context.RequestAborted);
        var seen = new StorageRequest(service, request.Method, request.Path.Value ?? string.Empty, System.Text.Encoding.UTF8.GetString(body)) { Status = (int)answer.StatusCode };
        _seen.Enqueue(seen);
        if (answer.IsSuccessStatusCode && TakeRule(seen) is { } rule)
        {
            await rule.Kill();
            rule.Done.TrySetResult(seen);
            context.Abort();
            return;
        }

        context.Response.StatusCode = (int)answer.StatusCode;
        foreach (var (name, values) in answer.Headers.Concat(answer.Content.Headers))
        {
            if (!HopHeaders.Contains(name))
            {
                context.Response.Headers[name] = values.ToArray();
            }
        }

        var content = await answer.Content.ReadAsByteArrayAsync(context.RequestAborted);
        if (!HttpMethods.IsHead(request.Method) && content.Length > 0)
        {
            context.Response.ContentLength = content.Length;
            await context.Response.Body.WriteAsync(content, context.RequestAborted);
        }
        else if (answer.Content.Headers.ContentLength is { } length)
        {
            context.Response.ContentLength = length;
        }
    }

    private (Func<StorageRequest, bool> When, Func<Task> Kill, TaskCompletionSource<StorageRequest> Done)? TakeRule(StorageRequest request)
    {
        lock (_gate)
        {
            if (_rule is { } rule && rule.When(request))
            {
                _rule = null;
                return rule;
            }

            return null;
        }
    }
}
