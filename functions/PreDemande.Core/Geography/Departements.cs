namespace PreDemande.Core.Geography;

/// <summary>The département of a commune, in the lower case the instruction queues use (<c>33</c>, <c>2a</c>, <c>971</c>).</summary>
public static class Departements
{
    /// <summary>From the commune reference data; otherwise from the INSEE code (3 characters overseas, 97x and 98x).</summary>
    public static string Of(string communeCode, Communes? communes = null)
    {
        var entries = (communes ?? Communes.Default).ByCode(communeCode);
        var known = entries.Count > 0 ? entries[0].Departement : null;
        var code = known ?? (communeCode.StartsWith("97", StringComparison.Ordinal) || communeCode.StartsWith("98", StringComparison.Ordinal) ? communeCode[..3] : communeCode[..2]);
        return code.ToLowerInvariant();
    }

    /// <summary>The commune's current name, or its code when the reference data does not know it.</summary>
    public static string CommuneName(string communeCode, Communes? communes = null)
    {
        var entries = (communes ?? Communes.Default).ByCode(communeCode);
        return entries.Count > 0 ? entries[0].Name : communeCode;
    }
}
