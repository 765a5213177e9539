using System.Globalization;
using PreDemande.Core.Geography;
using PreDemande.Functions.Security;

namespace PreDemande.Functions.Operations;

/// <summary>
/// The operator's commands of the app binary, run with the app's settings (the same storage
/// connection as the functions) and without serving:
/// <c>replay-poison QUEUE [--dry-run] [--max N]</c> and
/// <c>new-client --id ID --role Portal|Mairie|Prefecture|Booking [--scope S] [--index N] [--rotate]</c> and
/// <c>load-comedec FILE --published YYYY-MM-DD [--skip-unresolved] [--dry-run]</c>.
/// <c>load-2ddoc-trust [--list FILE|URL] [--ca FILE|URL]... [--cert FILE|URL]... [--replace]</c>.
/// </summary>
public static class OperationsCommands
{
    public const string ReplayPoison = "replay-poison";
    public const string NewClient = "new-client";
    public const string LoadComedec = "load-comedec";

    public const string LoadTrust = "load-2ddoc-trust";

    private const string Usage = "usage: replay-poison QUEUE [--dry-run] [--max N] | new-client --id ID --role ROLE [--scope S] [--index N] [--rotate]"
        + " | load-comedec FILE --published YYYY-MM-DD [--skip-unresolved] [--dry-run]"
        + " | load-2ddoc-trust [--list FILE|URL] [--ca FILE|URL]... [--cert FILE|URL]... [--replace]";

    public static bool IsCommand(string[] args) => args is [ReplayPoison or NewClient or LoadComedec or LoadTrust, ..];

    /// <summary>Runs the command; the process's exit code (2: a usage error, said on standard error).</summary>
    public static async Task<int> RunAsync(WebApplication app, string[] args, TextWriter output, TextWriter errors)
    {
        try
        {
            return args[0] switch
            {
                ReplayPoison => await ReplayAsync(app, args[1..], output),
                LoadComedec => await LoadComedecAsync(app, args[1..], output),
                LoadTrust => await LoadTrustAsync(app, args[1..], output),
                _ => Onboard(args[1..], output),
            };
        }
        catch (ArgumentException exception)
        {
            await errors.WriteLineAsync(exception.Message);
            await errors.WriteLineAsync(Usage);
            return 2;
        }
        catch (Exception exception) when (exception is InvalidDataException or UnauthorizedAccessException)
        {
            await errors.WriteLineAsync($"{args[0]}: {exception.Message}");
            return 1;
        }
        catch (Exception exception) when (exception is InvalidOperationException or Azure.RequestFailedException or AggregateException or Azure.Identity.AuthenticationFailedException
            or HttpRequestException or TaskCanceledException or IOException or System.Xml.XmlException)
        {
            // Storage not configured, unreachable, or the operator's identity refused: said in one
            // line (docs/operations.md gives the settings), nothing moved.
            await errors.WriteLineAsync($"{args[0]}: {exception.GetBaseException().Message}");
            return 1;
        }
    }

    private static async Task<int> ReplayAsync(WebApplication app, string[] args, TextWriter output)
    {
        var queue = args.FirstOrDefault(a => !a.StartsWith("--", StringComparison.Ordinal)) ?? throw new ArgumentException("replay-poison: name the queue (its poison queue is read).");
        var max = Option(args, "--max") is { } text
            ? int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n is > 0 and <= 100_000 ? n : throw new ArgumentException("--max: 1 to 100000.")
            : PoisonReplay.DefaultMax;
        var replay = app.Services.GetRequiredService<PoisonReplay>();
        var result = await replay.ReplayAsync(queue, args.Contains("--dry-run"), max, CancellationToken.None);
        await output.WriteLineAsync(result.DryRun
            ? $"{result.Queue}-poison holds about {result.LeftInPoison} message(s); {result.Moved} would be moved back to {result.Queue} (dry run)."
            : $"{result.Moved} message(s) moved back from {result.Queue}-poison to {result.Queue}; about {result.LeftInPoison} left.");
        return 0;
    }

    // The list ANTS publishes ("Villes adhérentes à la dématérialisation") saved as a file: one
    // commune a line, INSEE code or name;département (docs/operations.md).
    private static async Task<int> LoadComedecAsync(WebApplication app, string[] args, TextWriter output)
    {
        var file = args.FirstOrDefault(a => !a.StartsWith("--", StringComparison.Ordinal) && a != Option(args, "--published")) ?? throw new ArgumentException("load-comedec: name the list file.");
        var published = DateOnly.TryParseExact(Option(args, "--published"), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date)
            ? date
            : throw new ArgumentException("--published: the date of the published list, YYYY-MM-DD.");
        var info = new FileInfo(file);
        if (info.Exists && info.Length > Reference.ComedecListStore.MaxBytes)
        {
            throw new InvalidDataException($"{file}: {info.Length} bytes; at most {Reference.ComedecListStore.MaxBytes}.");
        }

        var text = await File.ReadAllTextAsync(file);
        var loader = app.Services.GetRequiredService<Reference.ComedecListLoader>();
        var result = await loader.LoadAsync(text, published, info.Name, args.Contains("--skip-unresolved"), args.Contains("--dry-run"), CancellationToken.None);
        foreach (var line in result.Unresolved)
        {
            await output.WriteLineAsync($"  no commune: {line}");
        }

        if (result.Stored)
        {
            await output.WriteLineAsync($"COMEDEC list of {published:yyyy-MM-dd} stored: {result.Communes} commune(s){(result.Unresolved.Count > 0 ? $", {result.Unresolved.Count} line(s) skipped" : string.Empty)}. In force within {Reference.ComedecListStore.RefreshEvery.TotalMinutes:0} minutes.");
            return 0;
        }

        await output.WriteLineAsync(args.Contains("--dry-run") && result.Communes > 0
            ? $"{result.Communes} commune(s) read, {result.Unresolved.Count} line(s) naming none; nothing stored (dry run)."
            : $"Nothing stored: {result.Communes} commune(s) read, {result.Unresolved.Count} line(s) naming none (correct them, or --skip-unresolved).");
        return result.Communes > 0 && args.Contains("--dry-run") ? 0 : 1;
    }

    /// <summary>
    /// Stores CA certificates (files, or the CA certificates of the ANTS trust list given by
    /// <c>--list</c>) and signing certificates that chain to them; prints each one stored or refused.
    /// <c>--replace</c>: what was given becomes the whole trust material (the rest is removed).
    /// </summary>
    private static async Task<int> LoadTrustAsync(WebApplication app, string[] args, TextWriter output)
    {
        var lists = Options(args, "--list");
        var caFiles = Options(args, "--ca");
        var certificateFiles = Options(args, "--cert");
        var replace = args.Contains("--replace");
        if (lists.Count + caFiles.Count + certificateFiles.Count == 0)
        {
            throw new ArgumentException("load-2ddoc-trust: give --list, --ca or --cert (a file or an http(s) URL).");
        }

        if (replace && (lists.Count + caFiles.Count == 0 || certificateFiles.Count == 0))
        {
            throw new ArgumentException("load-2ddoc-trust --replace: give the whole material, CA certificates (--list or --ca) and signing certificates (--cert).");
        }

        var sources = app.Services.GetRequiredService<Proofs.TrustSources>();
        var authorities = new List<System.Security.Cryptography.X509Certificates.X509Certificate2>();
        foreach (var source in lists.Concat(caFiles))
        {
            var bytes = await sources.ReadAsync(source, CancellationToken.None);
            var found = Proofs.TrustSources.Certificates(bytes);
            await output.WriteLineAsync($"{source}: {found.Count} CA certificate(s), SHA-256 {Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(bytes))}");
            authorities.AddRange(found);
        }

        var certificates = new List<System.Security.Cryptography.X509Certificates.X509Certificate2>();
        foreach (var source in certificateFiles)
        {
            var found = Proofs.TrustSources.Certificates(await sources.ReadAsync(source, CancellationToken.None));
            if (found.Count == 0)
            {
                throw new ArgumentException($"{source}: no certificate in it (DER or PEM).");
            }

            certificates.AddRange(found);
        }

        var loader = app.Services.GetRequiredService<Proofs.TrustLoader>();
        var result = await loader.LoadAsync(authorities, certificates, replace, CancellationToken.None);
        foreach (var authority in result.Authorities)
        {
            await output.WriteLineAsync($"CA {authority} stored");
        }

        foreach (var certificate in result.Certificates)
        {
            await output.WriteLineAsync($"certificate {certificate} stored");
        }

        foreach (var refusal in result.Refused)
        {
            await output.WriteLineAsync($"refused {refusal}");
        }

        foreach (var removed in result.Removed)
        {
            await output.WriteLineAsync($"removed {removed}");
        }

        if (lists.Count > 0)
        {
            await output.WriteLineAsync("The trust list's own XML signature is not checked here (docs/operations.md): check the file before loading it.");
        }

        return result.Refused.Count == 0 ? 0 : 3;
    }

    private static List<string> Options(string[] args, string name) =>
        [.. args.Select((arg, at) => (arg, at)).Where(a => a.arg == name && a.at + 1 < args.Length).Select(a => args[a.at + 1])];

    private static int Onboard(string[] args, TextWriter output)
    {
        var id = Option(args, "--id") ?? throw new ArgumentException("new-client: --id is required.");
        var role = Enum.TryParse<ClientRole>(Option(args, "--role"), ignoreCase: true, out var parsed) ? parsed : throw new ArgumentException("--role: Portal, Mairie, Prefecture or Booking.");
        var index = Option(args, "--index") ?? "N";
        var rotate = args.Contains("--rotate");
        var client = ClientOnboarding.Create(id, role, Option(args, "--scope"), Communes.Default);
        var setting = rotate ? "NextKeySha256" : "KeySha256";

        output.WriteLine($"Key for {client.Id} (give it to the client once, over a secure channel; it is stored nowhere):");
        output.WriteLine($"  {client.Key}");
        output.WriteLine($"SHA-256 of the key: {client.KeySha256}");
        output.WriteLine();
        output.WriteLine("Azure (the app reads the hash from Key Vault):");
        output.WriteLine($"  az keyvault secret set --vault-name <the environment's vault> --name {client.SecretName(rotate)} --value {client.KeySha256}");
        if (!rotate)
        {
            output.WriteLine($"  then add to the clients parameter (infra/main.parameters.json) and deploy: {client.Parameter().ToJsonString()}");
        }
        else
        {
            output.WriteLine("  then restart the app; once the client calls with the new key, set the same value as");
            output.WriteLine($"  {client.SecretName()} and delete {client.SecretName(next: true)}, then restart (docs/operations.md).");
        }

        output.WriteLine();
        output.WriteLine($"Elsewhere (environment variables; replace {index} by the client's index in PreDemande:Clients):");
        if (!rotate)
        {
            output.WriteLine($"  PreDemande__Clients__{index}__Id={client.Id}");
            output.WriteLine($"  PreDemande__Clients__{index}__Role={client.Role}");
            if (client.Scope is not null)
            {
                output.WriteLine($"  PreDemande__Clients__{index}__Scope={client.Scope}");
            }
        }

        output.WriteLine($"  PreDemande__Clients__{index}__{setting}={client.KeySha256}");
        return 0;
    }

    private static string? Option(string[] args, string name)
    {
        var at = Array.IndexOf(args, name);
        return at >= 0 && at + 1 < args.Length ? args[at + 1] : null;
    }
}
