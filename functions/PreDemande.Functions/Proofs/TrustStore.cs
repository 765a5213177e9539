using System.Security.Cryptography.X509Certificates;
using Azure.Storage.Blobs.Models;
using Microsoft.Extensions.Options;
using PreDemande.Core.Proofs;
using PreDemande.Functions.Storage;

namespace PreDemande.Functions.Proofs;

/// <summary>
/// The 2D-Doc trust material, kept as data in the data account (container <c>trust</c>): CA
/// certificates as <c>2ddoc/ca/{caId}.der</c>, signing certificates as <c>2ddoc/{caId}/{certId}.der</c>
/// (each certificate carries its validity). Read into a <see cref="TrustList"/>, kept for
/// <see cref="ProofOptions.TrustRefreshInterval"/>, then read again (a read that fails keeps the last
/// list, for at most a day, and is tried again after the interval). In Development, the specification's test certificate (FR00 / 0001) is
/// pinned, and only there are reserved test ids checked at all.
/// </summary>
public sealed partial class TrustStore(StorageClients storage, IHostEnvironment environment, IOptions<ProofOptions> options, TimeProvider time, ILogger<TrustStore> logger) : IDisposable
{
    public const string Prefix = "2ddoc/";

    /// <summary>At most this many blobs are read (the published list names a few authorities with a few certificates each).</summary>
    public const int MaxBlobs = 2_000;

    /// <summary>A certificate file larger than this is not a certificate.</summary>
    public const int MaxCertificateBytes = 64 * 1024;

    private static readonly TimeSpan MaxStale = TimeSpan.FromDays(1);

    private readonly KeptRead<Read> kept = new(time, () => options.Value.TrustRefreshInterval);

    private sealed record Read(TrustList List, DateTimeOffset ReadAt);

    public static string CaBlob(string caId) => $"{Prefix}ca/{caId}.der";

    public static string CertificateBlob(string caId, string certificateId) => $"{Prefix}{caId}/{certificateId}.der";

    /// <summary>Reserved test ids are checked (and give <c>testCertificate</c>) in Development only; refused elsewhere.</summary>
    public bool AllowsTestIds => environment.IsDevelopment();

    /// <summary>The trust list, read from storage when it is older than the refresh interval.</summary>
    public async Task<TrustList> GetAsync(CancellationToken cancellationToken) => (await kept.GetAsync(ReadAsync, cancellationToken)).List;

    /// <summary>Makes the next <see cref="GetAsync"/> read the storage again (after the operator's command).</summary>
    public void Invalidate() => kept.Invalidate();

    public void Dispose() => kept.Dispose();

    /// <summary>The CA certificates stored, by CA id.</summary>
    public async Task<Dictionary<string, X509Certificate2>> CaCertificatesAsync(CancellationToken cancellationToken)
    {
        var authorities = new Dictionary<string, X509Certificate2>(StringComparer.Ordinal);
        foreach (var (name, bytes) in await ReadAllAsync($"{Prefix}ca/", cancellationToken))
        {
            if (TrustList.LoadCertificate(bytes) is { } certificate)
            {
                authorities[Path.GetFileNameWithoutExtension(name)] = certificate;
            }
        }

        return authorities;
    }

    /// <summary>The names of the signing certificates stored for a CA.</summary>
    public async Task<List<string>> CertificateBlobsAsync(string caId, CancellationToken cancellationToken)
    {
        var names = new List<string>();
        var container = storage.Container(StorageNames.Containers.Trust);
        await foreach (var blob in container.GetBlobsAsync(BlobTraits.None, BlobStates.None, $"{Prefix}{caId}/", cancellationToken))
        {
            names.Add(blob.Name);
        }

        return names;
    }

    private async Task<Read> ReadAsync(Read? previous, CancellationToken cancellationToken)
    {
        try
        {
            return new Read(await LoadAsync(cancellationToken), time.GetUtcNow());
        }
        catch (Azure.RequestFailedException exception) when (previous is not null && time.GetUtcNow() - previous.ReadAt < MaxStale)
        {
            LogStale(logger, exception.Status);
            return previous;
        }
    }

    private async Task<TrustList> LoadAsync(CancellationToken cancellationToken)
    {
        var blobs = await ReadAllAsync(Prefix, cancellationToken);
        var authorities = blobs.Where(b => b.Name.StartsWith($"{Prefix}ca/", StringComparison.Ordinal))
            .Select(b => TrustList.LoadCertificate(b.Bytes))
            .OfType<X509Certificate2>()
            .ToArray();
        var list = new TrustList(authorities);
        var refused = 0;
        foreach (var (name, bytes) in blobs.Where(b => !b.Name.StartsWith($"{Prefix}ca/", StringComparison.Ordinal)))
        {
            // 2ddoc/{caId}/{certId}.der
            var parts = name[Prefix.Length..].Split('/');
            var result = parts.Length == 2 ? list.Add(parts[0], Path.GetFileNameWithoutExtension(parts[1]), bytes) : TrustListAddResult.MalformedIds;
            if (result != TrustListAddResult.Added)
            {
                refused++;
                LogRefused(logger, name, result);
            }
        }

        if (AllowsTestIds)
        {
            SpecificationTestCertificate.PinIn(list);
        }

        LogLoaded(logger, authorities.Length, list.Count, refused);
        return list;
    }

    private async Task<List<(string Name, byte[] Bytes)>> ReadAllAsync(string prefix, CancellationToken cancellationToken)
    {
        var container = storage.Container(StorageNames.Containers.Trust);
        var names = new List<string>();
        await foreach (var blob in container.GetBlobsAsync(BlobTraits.None, BlobStates.None, prefix, cancellationToken))
        {
            if (names.Count == MaxBlobs)
            {
                LogTooMany(logger, MaxBlobs);
                break;
            }

            if (blob.Properties.ContentLength is <= MaxCertificateBytes)
            {
                names.Add(blob.Name);
            }
        }

        var contents = await Task.WhenAll(names.Select(async name =>
            (name, (await container.GetBlobClient(name).DownloadContentAsync(cancellationToken)).Value.Content.ToArray())));
        return [.. contents];
    }

    [LoggerMessage(EventId = 1500, Level = LogLevel.Information, Message = "2D-Doc trust material read: {Authorities} CA certificate(s), {Certificates} signing certificate(s) trusted, {Refused} refused")]
    private static partial void LogLoaded(ILogger logger, int authorities, int certificates, int refused);

    [LoggerMessage(EventId = 1501, Level = LogLevel.Warning, Message = "2D-Doc certificate {Blob} not trusted: {Result}")]
    private static partial void LogRefused(ILogger logger, string blob, TrustListAddResult result);

    [LoggerMessage(EventId = 1502, Level = LogLevel.Warning, Message = "2D-Doc trust material could not be read again (status {Status}); the last list read is kept")]
    private static partial void LogStale(ILogger logger, int status);

    [LoggerMessage(EventId = 1503, Level = LogLevel.Warning, Message = "2D-Doc trust material: more than {Max} blobs; the rest is not read")]
    private static partial void LogTooMany(ILogger logger, int max);
}
