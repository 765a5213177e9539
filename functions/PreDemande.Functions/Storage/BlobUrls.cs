using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using Azure.Storage.Sas;
namespace PreDemande.Functions.Storage;

/// <summary>
/// Short-lived URLs for one blob each: write-only (create and write, no read, list or delete)
/// for the mairie's uploads, read-only for the préfecture's downloads. In Azure they are user
/// delegation SAS over HTTPS (signed with a key the app's identity obtains: no account key
/// exists); on Azurite, with the account key.
/// </summary>
public sealed class BlobUrls(StorageClients storage, TimeProvider time) : IDisposable
{
    // A delegation key is asked for a day and renewed an hour before it ends.
    private static readonly TimeSpan DelegationKeyLifetime = TimeSpan.FromDays(1);
    private static readonly TimeSpan DelegationKeyMargin = TimeSpan.FromHours(1);
    private static readonly TimeSpan ClockSkew = TimeSpan.FromMinutes(5);

    private readonly SemaphoreSlim _keyLock = new(1, 1);
    private UserDelegationKey? _delegationKey;

    public void Dispose() => _keyLock.Dispose();

    /// <summary>A URL that can only create or overwrite <paramref name="blob"/>, until <paramref name="expiresOn"/>.</summary>
    public Task<Uri> ForUploadAsync(BlobClient blob, DateTimeOffset expiresOn, CancellationToken cancellationToken) =>
        ForAsync(blob, BlobSasPermissions.Create | BlobSasPermissions.Write, expiresOn, cancellationToken);

    /// <summary>A URL that can only read <paramref name="blob"/>, until <paramref name="expiresOn"/>.</summary>
    public Task<Uri> ForReadAsync(BlobClient blob, DateTimeOffset expiresOn, CancellationToken cancellationToken) =>
        ForAsync(blob, BlobSasPermissions.Read, expiresOn, cancellationToken);

    private async Task<Uri> ForAsync(BlobClient blob, BlobSasPermissions permissions, DateTimeOffset expiresOn, CancellationToken cancellationToken)
    {
        // No start time: the URL is valid at once, whatever the skew between this clock and the service's.
        var sas = new BlobSasBuilder(permissions, expiresOn)
        {
            BlobContainerName = blob.BlobContainerName,
            BlobName = blob.Name,
            Resource = "b",
        };
        if (blob.CanGenerateSasUri)
        {
            return blob.GenerateSasUri(sas);
        }

        sas.Protocol = SasProtocol.Https;
        var key = await DelegationKeyAsync(expiresOn, cancellationToken);
        return new BlobUriBuilder(blob.Uri) { Sas = sas.ToSasQueryParameters(key, storage.Blobs.AccountName) }.ToUri();
    }

    private async Task<UserDelegationKey> DelegationKeyAsync(DateTimeOffset expiresOn, CancellationToken cancellationToken)
    {
        var needed = expiresOn + DelegationKeyMargin;
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
