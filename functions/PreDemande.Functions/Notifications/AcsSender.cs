using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Azure.Core;
using Azure.Core.Pipeline;
using Azure.Identity;
using Microsoft.Extensions.Options;

namespace PreDemande.Functions.Notifications;

/// <summary>
/// Azure Communication Services over its REST API, through Azure.Core's pipeline (no SDK package
/// can be restored here): SMS <c>POST {endpoint}/sms?api-version=2021-03-07</c>, e-mail
/// <c>POST {endpoint}/emails:send?api-version=2023-03-31</c> (shapes from Azure/azure-rest-api-specs,
/// <c>specification/communication/data-plane</c>). Signed with the access key of the connection
/// string (HMAC-SHA256 over <c>x-ms-date;host;x-ms-content-sha256</c>) or, with an endpoint alone,
/// a managed-identity token. A repeat of the same notification carries the same
/// <c>repeatabilityRequestId</c>/<c>repeatabilityFirstSent</c> (SMS) or <c>Operation-Id</c>
/// (e-mail), so ACS drops it. The pipeline does not retry: the notifier decides (429).
/// </summary>
public sealed class AcsSender : INotificationSender
{
    public const string SmsApiVersion = "2021-03-07";
    public const string EmailApiVersion = "2023-03-31";
    public const string TokenScope = "https://communication.azure.com//.default";

    private static readonly JsonWriterOptions Writer = new() { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };
    private readonly HttpPipeline _pipeline;
    private readonly Uri _endpoint;
    private readonly byte[]? _accessKey;
    private readonly NotificationOptions _options;
    private readonly TimeProvider _time;

    public AcsSender(IOptions<NotificationOptions> options, TimeProvider time)
    {
        _options = options.Value;
        _time = time;
        var clientOptions = new AcsClientOptions();
        clientOptions.Retry.MaxRetries = 0;
        if (!string.IsNullOrWhiteSpace(_options.AcsConnectionString))
        {
            (_endpoint, _accessKey) = ParseConnectionString(_options.AcsConnectionString);
            _pipeline = HttpPipelineBuilder.Build(clientOptions);
        }
        else if (Uri.TryCreate(_options.AcsEndpoint, UriKind.Absolute, out var endpoint))
        {
            _endpoint = endpoint;
            TokenCredential credential = string.IsNullOrEmpty(_options.ClientId)
                ? new DefaultAzureCredential()
                : new ManagedIdentityCredential(ManagedIdentityId.FromUserAssignedClientId(_options.ClientId));
            _pipeline = HttpPipelineBuilder.Build(clientOptions, new BearerTokenAuthenticationPolicy(credential, TokenScope));
        }
        else
        {
            throw new InvalidOperationException("Sender=acs needs PreDemande__Notifications__AcsConnectionString or PreDemande__Notifications__AcsEndpoint.");
        }
    }

    public string Name => NotificationOptions.AcsSender;

    public static (Uri Endpoint, byte[] AccessKey) ParseConnectionString(string connectionString)
    {
        var parts = connectionString.Split(';', StringSplitOptions.RemoveEmptyEntries)
            .Select(p => p.Split('=', 2))
            .Where(p => p.Length == 2)
            .ToDictionary(p => p[0].Trim(), p => p[1].Trim(), StringComparer.OrdinalIgnoreCase);
        return parts.TryGetValue("endpoint", out var endpoint) && parts.TryGetValue("accesskey", out var key) && Uri.TryCreate(endpoint, UriKind.Absolute, out var uri)
            ? (uri, Convert.FromBase64String(key))
            : throw new InvalidOperationException("An ACS connection string is endpoint=https://…/;accesskey=….");
    }

    /// <summary>The HMAC-SHA256 string to sign of the ACS access-key scheme.</summary>
    public static string StringToSign(string method, Uri uri, string date, string contentHash) =>
        $"{method}\n{uri.PathAndQuery}\n{date};{(uri.IsDefaultPort ? uri.Host : $"{uri.Host}:{uri.Port}")};{contentHash}";

    public async Task<SendResult> SendSmsAsync(SmsToSend sms, CancellationToken cancellationToken)
    {
        var body = Json(w =>
        {
            w.WriteString("from", _options.SmsFrom);
            w.WriteStartArray("smsRecipients");
            w.WriteStartObject();
            w.WriteString("to", sms.To);
            w.WriteString("repeatabilityRequestId", sms.RepeatabilityId.ToString());
            w.WriteString("repeatabilityFirstSent", sms.FirstSent.ToString("r", CultureInfo.InvariantCulture));
            w.WriteEndObject();
            w.WriteEndArray();
            w.WriteString("message", sms.Text);
            w.WriteStartObject("smsSendOptions");
            w.WriteBoolean("enableDeliveryReport", true);
            w.WriteString("tag", sms.Tag);
            w.WriteEndObject();
        });
        using var message = await SendAsync($"sms?api-version={SmsApiVersion}", body, operationId: null, cancellationToken);
        var response = message.Response;
        if (response.Status != 202)
        {
            return Failure(response);
        }

        using var answer = JsonDocument.Parse(response.Content.ToMemory());
        var result = answer.RootElement.GetProperty("value")[0];
        if (result.TryGetProperty("successful", out var successful) && successful.GetBoolean())
        {
            return new SendResult.Sent(result.GetProperty("messageId").GetString()!);
        }

        // A repeat of a request ACS already accepted: it is not sent again, and counts as sent.
        if (result.TryGetProperty("repeatabilityResult", out var repeat) && repeat.GetString() == "accepted" && result.TryGetProperty("messageId", out var id))
        {
            return new SendResult.Sent(id.GetString()!);
        }

        var status = result.TryGetProperty("httpStatusCode", out var code) ? code.GetInt32() : 500;
        var error = result.TryGetProperty("errorMessage", out var text) ? text.GetString() : null;
        return status switch
        {
            429 => new SendResult.Throttled(RetryAfter(response)),
            >= 400 and < 500 => new SendResult.Rejected($"{status} {error}".Trim()),
            _ => throw new HttpRequestException($"ACS answered {status} for the SMS: {error}"),
        };
    }

    public async Task<SendResult> SendEmailAsync(EmailToSend email, CancellationToken cancellationToken)
    {
        var body = Json(w =>
        {
            w.WriteString("senderAddress", _options.EmailFrom);
            w.WriteStartObject("content");
            w.WriteString("subject", email.Subject);
            w.WriteString("plainText", email.Text);
            w.WriteEndObject();
            w.WriteStartObject("recipients");
            w.WriteStartArray("to");
            w.WriteStartObject();
            w.WriteString("address", email.To);
            w.WriteEndObject();
            w.WriteEndArray();
            w.WriteEndObject();
            if (email.Attachment is { } attachment)
            {
                w.WriteStartArray("attachments");
                w.WriteStartObject();
                w.WriteString("name", attachment.Name);
                w.WriteString("contentType", attachment.ContentType);
                w.WriteBase64String("contentInBase64", attachment.Content);
                w.WriteEndObject();
                w.WriteEndArray();
            }

            w.WriteBoolean("userEngagementTrackingDisabled", true);
        });
        using var message = await SendAsync($"emails:send?api-version={EmailApiVersion}", body, email.OperationId, cancellationToken);
        var response = message.Response;
        if (response.Status != 202)
        {
            return Failure(response);
        }

        using var answer = JsonDocument.Parse(response.Content.ToMemory());
        return new SendResult.Sent(answer.RootElement.TryGetProperty("id", out var id) ? id.GetString()! : email.OperationId.ToString());
    }

    private async Task<HttpMessage> SendAsync(string pathAndQuery, byte[] body, Guid? operationId, CancellationToken cancellationToken)
    {
        // Not new Uri(endpoint, "emails:send…"): a relative reference with a colon reads as a scheme.
        var uri = new Uri($"{_endpoint.ToString().TrimEnd('/')}/{pathAndQuery}");
        var message = _pipeline.CreateMessage();
        var request = message.Request;
        request.Method = RequestMethod.Post;
        request.Uri.Reset(uri);
        request.Headers.Add("Content-Type", "application/json");
        if (operationId is { } id)
        {
            request.Headers.Add("Operation-Id", id.ToString());
        }

        request.Content = RequestContent.Create(body);
        if (_accessKey is not null)
        {
            var date = _time.GetUtcNow().ToString("r", CultureInfo.InvariantCulture);
            var contentHash = Convert.ToBase64String(SHA256.HashData(body));
            var signature = Convert.ToBase64String(HMACSHA256.HashData(_accessKey, Encoding.UTF8.GetBytes(StringToSign("POST", uri, date, contentHash))));
            request.Headers.Add("x-ms-date", date);
            request.Headers.Add("x-ms-content-sha256", contentHash);
            request.Headers.Add("Authorization", $"HMAC-SHA256 SignedHeaders=x-ms-date;host;x-ms-content-sha256&Signature={signature}");
        }

        await _pipeline.SendAsync(message, cancellationToken);
        return message;
    }

    private static SendResult Failure(Azure.Response response) => response.Status switch
    {
        429 => new SendResult.Throttled(RetryAfter(response)),
        401 or 403 => throw new InvalidOperationException($"ACS refused the credentials ({response.Status}): check the connection string or the identity's role."),
        >= 400 and < 500 => new SendResult.Rejected($"{response.Status} {response.ReasonPhrase}: {Truncated(response.Content.ToString())}"),
        _ => throw new HttpRequestException($"ACS answered {response.Status}; will retry"),
    };

    private static TimeSpan RetryAfter(Azure.Response response) =>
        response.Headers.TryGetValue("Retry-After", out var value) && int.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var seconds)
            ? TimeSpan.FromSeconds(seconds)
            : TimeSpan.FromSeconds(60);

    private static string Truncated(string text) => text.Length > 300 ? text[..300] : text;

    private static byte[] Json(Action<Utf8JsonWriter> members)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer, Writer))
        {
            writer.WriteStartObject();
            members(writer);
            writer.WriteEndObject();
        }

        return buffer.ToArray();
    }

    private sealed class AcsClientOptions : ClientOptions;
}
