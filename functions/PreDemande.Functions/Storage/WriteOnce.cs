using System.Security.Cryptography;
using Azure;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;

namespace PreDemande.Functions.Storage;

public enum WriteOnceOutcome
{
    /// <summary>Written now.</summary>
    Written,

    /// <summary>Already there with the same content (an earlier attempt wrote it).</summary>
    SameContent,

    /// <summary>Already there with another content: left as it was.</summary>
    OtherContent,
}

/// <summary>
/// Writes a blob only if there is none (<c>If-None-Match: *</c>), never overwriting: the blobs
/// of the app are written once (documents, recaps, archived scans, quarantined files). The
/// content's SHA-256 goes into the metadata (<c>sha256</c>), so a retry can tell its own earlier
/// write from another content.
/// </summary>
public static class WriteOnce
{
    public const string Sha256Metadata = "sha256";

    public static async Task<WriteOnceOutcome> UploadOnceAsync(this BlobClient blob, BinaryData content, BlobHttpHeaders headers, IDictionary<string, string>? metadata, CancellationToken cancellationToken)
    {
        var sha256 = Convert.ToHexStringLower(SHA256.HashData(content.ToMemory().Span));
        var options = new BlobUploadOptions
        {
            Conditions = new BlobRequestConditions { IfNoneMatch = ETag.All },
            HttpHeaders = headers,
            Metadata = new Dictionary<string, string>(metadata ?? new Dictionary<string, string>(), StringComparer.Ordinal) { [Sha256Metadata] = sha256 },
        };
        try
        {
            await blob.UploadAsync(content, options, cancellationToken);
            return WriteOnceOutcome.Written;
        }
        catch (RequestFailedException exception) when (exception.Status is 409 or 412)
        {
            var existing = await blob.GetPropertiesAsync(cancellationToken: cancellationToken);
            return existing.Value.Metadata.TryGetValue(Sha256Metadata, out var there) && there == sha256
                ? WriteOnceOutcome.SameContent
                : WriteOnceOutcome.OtherContent;
        }
    }
}
