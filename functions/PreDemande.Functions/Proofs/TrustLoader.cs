using System.Globalization;
using System.Security.Cryptography.X509Certificates;
using Azure.Storage.Blobs.Models;
using PreDemande.Core.Proofs;
using PreDemande.Functions.Storage;

namespace PreDemande.Functions.Proofs;

/// <summary>What a load of trust material did: each CA and signing certificate stored, refused (with why) or removed.</summary>
public sealed record TrustLoadResult(IReadOnlyList<string> Authorities, IReadOnlyList<string> Certificates, IReadOnlyList<string> Refused, IReadOnlyList<string> Removed);

/// <summary>
/// Stores 2D-Doc trust material (<see cref="TrustStore"/>): CA certificates under the CA id of
/// their subject's common name, signing certificates under (issuer's, subject's common name) once
/// they chain to a stored or given CA certificate. With <c>replace</c>, the stored material
/// becomes exactly what was given: a certificate no longer published is removed (revocation by
/// withdrawal from the list).
/// </summary>
public sealed partial class TrustLoader(StorageClients storage, TrustStore store, ILogger<TrustLoader> logger)
{
    public async Task<TrustLoadResult> LoadAsync(IReadOnlyList<X509Certificate2> authorities, IReadOnlyList<X509Certificate2> certificates, bool replace, CancellationToken cancellationToken)
    {
        var container = storage.Container(StorageNames.Containers.Trust);
        await container.CreateIfNotExistsAsync(cancellationToken: cancellationToken);
        var known = replace ? [] : await store.CaCertificatesAsync(cancellationToken);
        var written = new HashSet<string>(StringComparer.Ordinal);
        var addedAuthorities = new List<string>();
        var addedCertificates = new List<string>();
        var refused = new List<string>();
        foreach (var authority in authorities)
        {
            var caId = authority.GetNameInfo(X509NameType.SimpleName, forIssuer: false);
            if (!IsId(caId))
            {
                refused.Add($"CA {authority.Subject}: its common name is not a 2D-Doc CA id");
                continue;
            }

            known[caId] = authority;
            await WriteAsync(container, TrustStore.CaBlob(caId), authority, cancellationToken);
            written.Add(TrustStore.CaBlob(caId));
            addedAuthorities.Add(caId);
        }

        var list = new TrustList(known.Values);
        foreach (var certificate in certificates)
        {
            var caId = certificate.GetNameInfo(X509NameType.SimpleName, forIssuer: true);
            var certificateId = certificate.GetNameInfo(X509NameType.SimpleName, forIssuer: false);
            var result = list.Add(caId, certificateId, certificate);
            if (result != TrustListAddResult.Added)
            {
                refused.Add($"{caId}/{certificateId}: {result}");
                continue;
            }

            await WriteAsync(container, TrustStore.CertificateBlob(caId, certificateId), certificate, cancellationToken);
            written.Add(TrustStore.CertificateBlob(caId, certificateId));
            addedCertificates.Add($"{caId}/{certificateId}");
        }

        var removed = new List<string>();
        if (replace)
        {
            await foreach (var blob in container.GetBlobsAsync(BlobTraits.None, BlobStates.None, TrustStore.Prefix, cancellationToken))
            {
                if (!written.Contains(blob.Name))
                {
                    await container.DeleteBlobIfExistsAsync(blob.Name, cancellationToken: cancellationToken);
                    removed.Add(blob.Name);
                }
            }
        }

        store.Invalidate();
        LogLoaded(logger, addedAuthorities.Count, addedCertificates.Count, refused.Count, removed.Count);
        return new TrustLoadResult(addedAuthorities, addedCertificates, refused, removed);
    }

    // Trust material changes (a renewed certificate under the same ids replaces the old one).
    private static async Task WriteAsync(Azure.Storage.Blobs.BlobContainerClient container, string name, X509Certificate2 certificate, CancellationToken cancellationToken)
    {
        var metadata = new Dictionary<string, string>
        {
            ["validfrom"] = certificate.NotBefore.ToUniversalTime().ToString("O", CultureInfo.InvariantCulture),
            ["validuntil"] = certificate.NotAfter.ToUniversalTime().ToString("O", CultureInfo.InvariantCulture),
            ["sha256"] = Convert.ToHexStringLower(certificate.GetCertHash(System.Security.Cryptography.HashAlgorithmName.SHA256)),
        };
        await container.GetBlobClient(name).UploadAsync(
            new BinaryData(certificate.RawData),
            new BlobUploadOptions { HttpHeaders = new BlobHttpHeaders { ContentType = "application/pkix-cert" }, Metadata = metadata },
            cancellationToken);
    }

    private static bool IsId(string? id) => id is { Length: 4 } && id.All(c => char.IsAsciiLetterUpper(c) || char.IsAsciiDigit(c));

    [LoggerMessage(EventId = 1510, Level = LogLevel.Information, Message = "2D-Doc trust material stored: {Authorities} CA certificate(s), {Certificates} signing certificate(s); {Refused} refused, {Removed} removed")]
    private static partial void LogLoaded(ILogger logger, int authorities, int certificates, int refused, int removed);
}
