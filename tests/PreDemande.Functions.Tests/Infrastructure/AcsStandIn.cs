using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;

namespace PreDemande.Functions.Tests.Infrastructure;

/// <summary>
/// Azure Communication Services on loopback, as its REST contract describes it: <c>POST /sms</c>
/// and <c>POST /emails:send</c>, 202 with a message id, a repeat (same repeatability id or
/// Operation-Id) answered as the first without sending again. It records every request; it can
/// throttle the first calls (429 with <c>Retry-After: 1</c>) and refuse one recipient.
/// </summary>
public sealed class AcsStandIn : IAsyncDisposable
{
    public static readonly byte[] AccessKey = "predemande-acs-stand-in-access-key!"u8.ToArray();

    private readonly WebApplication _server;
    private readonly ConcurrentDictionary<string, string> _accepted = new(StringComparer.Ordinal);
    private int _throttleLeft;

    private AcsStandIn(WebApplication server, int port)
    {
        _server = server;
        Endpoint = new Uri($"http://127.0.0.1:{port}/");
    }

    public Uri Endpoint { get; }

    public string ConnectionString => $"endpoint={Endpoint};accesskey={Convert.ToBase64String(AccessKey)}";

    public ConcurrentQueue<(string Path, string Query, Dictionary<string, string> Headers, string Body, int Status)> Requests { get; } = new();

    /// <summary>Messages sent for real: one per repeatability id / operation id.</summary>
    public IReadOnlyDictionary<string, string> Accepted => _accepted;

    /// <summary>The request body of each message sent for real, by repeatability id / operation id.</summary>
    public ConcurrentDictionary<string, string> AcceptedBodies { get; } = new(StringComparer.Ordinal);

    /// <summary>A recipient the service refuses (400 for that recipient).</summary>
    public string? RefusedRecipient { get; set; }

    /// <summary>Runs once a message is accepted, before the answer leaves (a test kills the caller there).</summary>
    public Func<Task>? BeforeAnswer { get; set; }

    public void ThrottleNext(int calls) => Interlocked.Exchange(ref _throttleLeft, calls);

    public static async Task<AcsStandIn> StartAsync()
    {
        var port = Tools.FreePort();
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls($"http://127.0.0.1:{port}");
        var server = builder.Build();
        var acs = new AcsStandIn(server, port);
        server.MapPost("/sms", (Delegate)acs.SmsAsync);
        server.MapPost("/emails:send", (Delegate)acs.EmailAsync);
        await server.StartAsync();
        return acs;
    }

    public async ValueTask DisposeAsync()
    {
        await _server.StopAsync();
        await _server.DisposeAsync();
    }

    private async Task<IResult> SmsAsync(HttpContext context)
    {
        var body = await ReadAsync(context);
        if (Throttled(context))
        {
            return Answer(context, body, 429, null);
        }

        var recipient = JsonNode.Parse(body)!["smsRecipients"]![0]!;
        var to = recipient["to"]!.GetValue<string>();
        if (to == RefusedRecipient)
        {
            return Answer(context, body, 202, new JsonObject { ["value"] = new JsonArray(new JsonObject { ["to"] = to, ["httpStatusCode"] = 400, ["errorMessage"] = "Invalid To phone number format.", ["successful"] = false }) });
        }

        var repeatabilityId = recipient["repeatabilityRequestId"]!.GetValue<string>();
        var messageId = _accepted.GetOrAdd(repeatabilityId, _ => $"Outgoing_{Guid.NewGuid():N}");
        AcceptedBodies.TryAdd(repeatabilityId, body);
        await AfterAcceptingAsync();
        return Answer(context, body, 202, new JsonObject
        {
            ["value"] = new JsonArray(new JsonObject { ["to"] = to, ["messageId"] = messageId, ["httpStatusCode"] = 202, ["repeatabilityResult"] = "accepted", ["successful"] = true }),
        });
    }

    private async Task<IResult> EmailAsync(HttpContext context)
    {
        var body = await ReadAsync(context);
        if (Throttled(context))
        {
            return Answer(context, body, 429, null);
        }

        var operationId = context.Request.Headers["Operation-Id"].ToString();
        _accepted.TryAdd(operationId, operationId);
        AcceptedBodies.TryAdd(operationId, body);
        await AfterAcceptingAsync();
        return Answer(context, body, 202, new JsonObject { ["id"] = operationId, ["status"] = "Running" });
    }

    private async Task AfterAcceptingAsync()
    {
        if (BeforeAnswer is { } hook)
        {
            BeforeAnswer = null;
            await hook();
        }
    }

    private bool Throttled(HttpContext context)
    {
        if (Interlocked.Decrement(ref _throttleLeft) < 0)
        {
            Interlocked.Exchange(ref _throttleLeft, 0);
            return false;
        }

        context.Response.Headers.RetryAfter = "1";
        return true;
    }

    private static async Task<string> ReadAsync(HttpContext context)
    {
        using var reader = new StreamReader(context.Request.Body);
        return await reader.ReadToEndAsync();
    }

    private IResult Answer(HttpContext context, string body, int status, JsonObject? answer)
    {
        var headers = context.Request.Headers.ToDictionary(h => h.Key, h => h.Value.ToString(), StringComparer.OrdinalIgnoreCase);
        Requests.Enqueue((context.Request.Path, context.Request.QueryString.Value ?? string.Empty, headers, body, status));
        return answer is null ? Results.StatusCode(status) : Results.Text(answer.ToJsonString(), "application/json", statusCode: status);
    }
}
