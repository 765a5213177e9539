using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Azure;
using Azure.Core;
using Azure.Core.Pipeline;
using Azure.Data.Tables;

namespace PreDemande.Functions.Storage;

/// <summary>
/// The Table service's SharedKeyLite authorization with an account key (connection strings:
/// Azurite, or an account without identities): the string to sign is the date and the
/// canonicalized resource (<c>/{account}{path}</c>, plus <c>?comp=…</c> when the request names
/// one), signed with the one-shot <see cref="HMACSHA256.HashData(byte[], byte[])"/>.
/// </summary>
public static class SharedKeyLite
{
    public static string Authorization(string accountName, byte[] key, string date, Uri uri)
    {
        var resource = new StringBuilder("/").Append(accountName).Append(uri.AbsolutePath.Length > 0 ? uri.AbsolutePath : "/");
        foreach (var parameter in uri.Query.TrimStart('?').Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            if (parameter.StartsWith("comp=", StringComparison.Ordinal))
            {
                resource.Append("?comp=").Append(Uri.UnescapeDataString(parameter["comp=".Length..]));
            }
        }

        var signature = Convert.ToBase64String(HMACSHA256.HashData(key, Encoding.UTF8.GetBytes($"{date}\n{resource}")));
        return $"SharedKeyLite {accountName}:{signature}";
    }

    public static string Date(TimeProvider time) => time.GetUtcNow().ToString("R", CultureInfo.InvariantCulture);

    /// <summary>
    /// A table client that signs its requests here. The SDK's shared-key credential creates an
    /// <see cref="HMACSHA256"/> per request and never disposes it: each request then leaves a native
    /// handle to the finalizer thread, measured as most of the app's CPU on a DR lookup
    /// (docs/benchmarks.md). The SDK takes no client without a credential over HTTP, so it is given
    /// a placeholder SAS, which <see cref="Policy"/> takes off the request before signing it.
    /// </summary>
    public static TableServiceClient Client(Uri endpoint, string accountName, byte[] key, TimeProvider time)
    {
        var options = new TableClientOptions();
        options.AddPolicy(new Policy(accountName, key, time), HttpPipelinePosition.BeforeTransport);
        return new TableServiceClient(endpoint, new AzureSasCredential(Placeholder), options);
    }

    private const string Placeholder = "predemande-sharedkeylite=1";

    private sealed class Policy(string accountName, byte[] key, TimeProvider time) : HttpPipelineSynchronousPolicy
    {
        public override void OnSendingRequest(HttpMessage message)
        {
            var uri = message.Request.Uri;
            var query = uri.Query.TrimStart('?').Split('&', StringSplitOptions.RemoveEmptyEntries).Where(p => p != Placeholder);
            uri.Query = string.Join('&', query);
            var date = Date(time);
            message.Request.Headers.SetValue("x-ms-date", date);
            message.Request.Headers.SetValue("Authorization", Authorization(accountName, key, date, uri.ToUri()));
        }
    }
}
