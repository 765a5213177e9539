using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using Azure.Storage.Sas;
using Microsoft.Extensions.Options;
using PreDemande.Functions.Storage;

namespace PreDemande.Functions.Lodging;

/// <summary>
/// Short-lived, write-only URLs for one blob each under <c>scans/{number}/</c>: create and write,
/// no read, list or delete. In Azure they are user delegation SAS (signed with a key the app's
/// identity obtains, no account key exists); on Azurite, with the account key.
/// </summary>
public sealed class UploadUrls(StorageClients storage, TimeProvider time, IOptions<LodgingOptions> options) : IDisposable
{
    // A delegation key is asked for a day and renewed an hour before it ends.
    private static readonly TimeSpan DelegationKeyLifetime = TimeSpan.FromDays(1);
    private static readonly TimeSpan DelegationKeyMargin = TimeSpan.FromHours(1);
    private static readonly TimeSpan ClockSkew = TimeSpan.FromMinutes(5);

    private readonly SemaphoreSlim _keyLock = new(1, 1);
    private UserDelegationKey? _delegationKey;

    public void Dispose() => _keyLock.Dispose();

    public DateTimeOffset ExpiresOn(DateTimeOffset now) => now + options.Value.UploadUrlLifetime;

    public async Task<Uri> ForAsync(string blobName, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var blob = storage.Container(StorageNames.Containers.Scans).GetBlobClient(blobName);
        var sas = new BlobSasBuilder(BlobSasPermissions.Create | BlobSasPermissions.Write, ExpiresOn(now))
        {
            BlobContainerName = blob.BlobContainerName,
            BlobName = blob.Name,
            Resource = "b",
            StartsOn = now - ClockSkew,
        };
        if (blob.CanGenerateSasUri)
        {
            return blob.GenerateSasUri(sas);
        }

        sas.Protocol = SasProtocol.Https;
        var key = await DelegationKeyAsync(now, cancellationToken);
        return new BlobUriBuilder(blob.Uri) { Sas = sas.ToSasQueryParameters(key, storage.Blobs.AccountName) }.ToUri();
    }

    private async Task<UserDelegationKey> DelegationKeyAsync(DateTimeOffset now, CancellationToken cancellationToken)
    {
        var needed = ExpiresOn(now) + DelegationKeyMargin;
        if (_delegationKey is { } cached && cached.SignedExpiresOn >= needed)
        {
            return cached;
        }

        await _keyLock.WaitAsync(cancellationToken);
        try
        {
            if (_delegationKey is not { } current || current.SignedExpiresOn < needed)
            {
                var start = time.GetUtcNow() - ClockSkew;
                _delegationKey = (await storage.Blobs.GetUserDelegationKeyAsync(start, start + DelegationKeyLifetime, cancellationToken)).Value;
            }

            return _delegationKey;
        }
        finally
        {
            _keyLock.Release();
        }
    }
}
