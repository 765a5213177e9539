namespace PreDemande.Functions.Lodging;

/// <summary>Settings of the lodging at the mairie, section <c>PreDemande:Lodging</c>.</summary>
public sealed class LodgingOptions
{
    public const string Section = "PreDemande:Lodging";

    /// <summary>How long an upload URL handed out at deposit stays valid: the time of the appointment.</summary>
    public TimeSpan UploadUrlLifetime { get; set; } = TimeSpan.FromMinutes(30);

    /// <summary>The largest scan accepted; a larger one is quarantined.</summary>
    public long MaxScanBytes { get; set; } = 20 * 1024 * 1024;

    /// <summary>
    /// How long the run that claimed the dossier message has to send it before another run may
    /// take over (the claimant is then taken to have crashed).
    /// </summary>
    public TimeSpan DossierClaimTimeout { get; set; } = TimeSpan.FromSeconds(10);
}
