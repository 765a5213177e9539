using System.Text.RegularExpressions;

namespace PreDemande.Client.Tests;

/// <summary>
/// The members of the TypeScript types openapi-typescript writes, each with its path
/// (<c>components.schemas.AccountItem.createdAt</c>, <c>operations.GetRecap.responses.200.headers.ETag</c>)
/// and its type as written. Reads the printer's layout: one member a line, an object opened at the
/// end of its member's line and closed on a line of its own; comments skipped.
/// </summary>
public static partial class TypeScriptMembers
{
    public sealed record Member(string Path, string Name, string Type);

    public static IReadOnlyList<Member> Read(string typeScript)
    {
        var members = new List<Member>();
        var path = new Stack<string>();
        var inComment = false;
        foreach (var raw in typeScript.Split('\n'))
        {
            var line = raw.Trim();
            if (inComment || line.StartsWith("/*", StringComparison.Ordinal))
            {
                inComment = !line.Contains("*/", StringComparison.Ordinal);
                continue;
            }

            if (line.StartsWith("//", StringComparison.Ordinal) || line.Length == 0)
            {
                continue;
            }

            if (line.StartsWith('}'))
            {
                // "};" closes an object; "} | {" closes one alternative and opens the next, of the same member.
                if (path.TryPop(out var closed) && line.EndsWith('{'))
                {
                    path.Push(closed);
                }

                continue;
            }

            var declaration = Declaration().Match(line);
            if (declaration.Success)
            {
                path.Push(declaration.Groups["name"].Value);
                continue;
            }

            var member = MemberLine().Match(line);
            if (!member.Success)
            {
                continue;
            }

            var name = member.Groups["name"].Value.Trim('"');
            var type = member.Groups["type"].Value.Trim();
            members.Add(new Member(string.Join('.', path.Reverse().Append(name)), name, type.EndsWith('{') ? "{" : type));
            if (type.EndsWith('{'))
            {
                path.Push(name);
            }
        }

        return members;
    }

    /// <summary>The members typed <c>unknown</c> (alone, in a list or in a union), but for the index of a response's headers, which every answer has.</summary>
    public static IEnumerable<Member> Unknown(IEnumerable<Member> members) =>
        members.Where(m => UnknownType().IsMatch(m.Type) && !(m.Name.StartsWith('[') && m.Path.Contains(".headers.", StringComparison.Ordinal)));

    /// <summary>The members whose type lets a number also be a string (<c>number | string</c>, in any order, with or without null).</summary>
    public static IEnumerable<Member> NumberOrString(IEnumerable<Member> members) =>
        members.Where(m => Alternatives(m.Type) is var alternatives && alternatives.Contains("number") && alternatives.Contains("string"));

    /// <summary>The members that are, or may be, an object of no members (<c>Record&lt;string, never&gt;</c>: a schema <c>type: object</c> with no properties).</summary>
    public static IEnumerable<Member> EmptyObject(IEnumerable<Member> members) =>
        members.Where(m => m.Type.Contains("Record<string, never>", StringComparison.Ordinal));

    private static HashSet<string> Alternatives(string type) =>
        type.TrimEnd(';').Replace("(", string.Empty, StringComparison.Ordinal).Replace(")[]", string.Empty, StringComparison.Ordinal)
            .Split('|', StringSplitOptions.TrimEntries).ToHashSet(StringComparer.Ordinal);

    [GeneratedRegex(@"^(export\s+)?(interface|type)\s+(?<name>[\w$]+)\s*(=\s*)?\{$")]
    private static partial Regex Declaration();

    [GeneratedRegex(@"^(readonly\s+)?(?<name>""[^""]*""|'[^']*'|\[[^\]]+\]|[\w$]+)\??:\s*(?<type>.*?);?$")]
    private static partial Regex MemberLine();

    [GeneratedRegex(@"\bunknown\b")]
    private static partial Regex UnknownType();
}
