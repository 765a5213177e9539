using Microsoft.Extensions.Options;
using PreDemande.Functions.Hosting;

namespace PreDemande.Functions.Proofs;

/// <summary>
/// The daily timer <c>RefreshTrustList</c>: reads the trust list and certificate files from the
/// configured URLs (<see cref="ProofOptions"/>) and makes the stored trust material exactly what
/// they publish. Off by default: with no URL configured it does nothing (said once in the log).
/// A source that fails to download fails the run and changes nothing.
/// </summary>
public sealed partial class TrustRefresh(TrustSources sources, TrustLoader loader, IOptions<ProofOptions> options, ILogger<TrustRefresh> logger)
{
    public static readonly FunctionDeclaration Timer = FunctionDeclaration.Timer("RefreshTrustList", "0 40 4 * * *");

    private int toldOff;

    public async Task RefreshAsync(CancellationToken cancellationToken)
    {
        var settings = options.Value;
        var caSources = (settings.TrustListUrl is { Length: > 0 } list ? [list] : Array.Empty<string>()).Concat(settings.CaUrls).ToArray();
        if (caSources.Length == 0 || settings.CertificateUrls.Count == 0)
        {
            if (Interlocked.Exchange(ref toldOff, 1) == 0)
            {
                LogOff(logger);
            }

            return;
        }

        var authorities = new List<System.Security.Cryptography.X509Certificates.X509Certificate2>();
        foreach (var source in caSources)
        {
            authorities.AddRange(TrustSources.Certificates(await sources.ReadAsync(source, cancellationToken)));
        }

        var certificates = new List<System.Security.Cryptography.X509Certificates.X509Certificate2>();
        foreach (var source in settings.CertificateUrls)
        {
            certificates.AddRange(TrustSources.Certificates(await sources.ReadAsync(source, cancellationToken)));
        }

        if (authorities.Count == 0 || certificates.Count == 0)
        {
            // Never empty the store because a source answered with nothing usable.
            throw new InvalidOperationException("The configured trust sources hold no CA or no signing certificate; the stored trust material is kept.");
        }

        await loader.LoadAsync(authorities, certificates, replace: true, cancellationToken);
    }

    [LoggerMessage(EventId = 1530, Level = LogLevel.Information, Message = "RefreshTrustList: no trust source configured (PreDemande:Proofs:TrustListUrl or CaUrls, and CertificateUrls); nothing to refresh")]
    private static partial void LogOff(ILogger logger);
}
