using PreDemande.Functions.Settings;

namespace PreDemande.Functions.Proofs;

/// <summary>Settings of the 2D-Doc check of proofs of address, section <c>PreDemande:Proofs</c>.</summary>
public sealed class ProofOptions : ICheckedSettings
{
    public const string Section = "PreDemande:Proofs";

    /// <summary>How long the trust material read from storage is used before it is read again.</summary>
    public TimeSpan TrustRefreshInterval { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>The time spent looking for codes in one scan; past it the reading is <c>timedOut</c>.</summary>
    public TimeSpan MaxScanTime { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>The largest image decoded (a 600 dpi A4 page is 35 million pixels); a larger one is <c>tooLarge</c>.</summary>
    public long MaxPixels { get; set; } = 40_000_000;

    /// <summary>
    /// Where the timer <c>RefreshTrustList</c> reads the trust material, daily: the ANTS trust list
    /// (ETSI TS 102 231 XML) and CA certificate files (<see cref="CaUrls"/>), and the signing
    /// certificate files (<see cref="CertificateUrls"/>). None configured (the default): the timer does nothing.
    /// </summary>
    public string? TrustListUrl { get; set; }

    public List<string> CaUrls { get; set; } = [];

    public List<string> CertificateUrls { get; set; } = [];

    public ScanReadLimits Limits => new(MaxPixels, MaxTime: MaxScanTime);

    public IReadOnlyList<string> Problems() =>
    [
        .. CheckedSettingsRegistration.Within($"{Section}:TrustRefreshInterval", TrustRefreshInterval, TimeSpan.FromSeconds(1), TimeSpan.FromDays(1)),
        .. CheckedSettingsRegistration.Within($"{Section}:MaxScanTime", MaxScanTime, TimeSpan.FromMilliseconds(100), TimeSpan.FromSeconds(60)),
        .. CheckedSettingsRegistration.Within($"{Section}:MaxPixels", MaxPixels, 1_000_000L, 100_000_000L),
        .. new[] { TrustListUrl }.Concat(CaUrls).Concat(CertificateUrls)
            .Where(url => url is not null && !(Uri.TryCreate(url, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttps || uri.Scheme == Uri.UriSchemeHttp)))
            .Select(url => $"{Section}: '{url}' is not an http(s) URL."),
    ];
}
