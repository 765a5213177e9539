using System.Text;
using System.Text.RegularExpressions;

namespace PreDemande.LocalHost;

/// <summary>
/// A blob trigger's name pattern such as <c>{name}.json</c> or <c>{number}/{file}</c>: tells
/// whether a blob name matches and with which path parameters. The last parameter may span
/// slashes, as in the Functions host.
/// </summary>
public sealed class BlobPathPattern
{
    private readonly Regex _regex;
    private readonly string[] _parameters;

    public BlobPathPattern(string pattern)
    {
        var parameters = new List<string>();
        var builder = new StringBuilder("^");
        var parts = Regex.Split(pattern, @"(\{[A-Za-z][A-Za-z0-9]*\})");
        var lastParameter = Array.FindLastIndex(parts, p => p.StartsWith('{'));
        for (var i = 0; i < parts.Length; i++)
        {
            if (parts[i].StartsWith('{'))
            {
                var name = parts[i][1..^1];
                parameters.Add(name);
                builder.Append(i == lastParameter ? $"(?<{name}>.+)" : $"(?<{name}>[^/]+)");
            }
            else
            {
                builder.Append(Regex.Escape(parts[i]));
            }
        }

        _regex = new Regex(builder.Append('$').ToString(), RegexOptions.CultureInvariant);
        _parameters = [.. parameters];
        Prefix = parts[0];
    }

    /// <summary>The literal start of the pattern, to narrow blob listings.</summary>
    public string Prefix { get; }

    public bool TryMatch(string blobName, out Dictionary<string, string> parameters)
    {
        parameters = new Dictionary<string, string>(StringComparer.Ordinal);
        var match = _regex.Match(blobName);
        if (!match.Success)
        {
            return false;
        }

        foreach (var name in _parameters)
        {
            parameters[name] = match.Groups[name].Value;
        }

        return true;
    }
}
