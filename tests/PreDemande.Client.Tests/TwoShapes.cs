namespace PreDemande.Client.Tests;

/// <summary>
/// The members where the contract really offers more than one shape, so that a union (a composed
/// wrapper in C#, <c>a | b</c> in TypeScript) is the honest translation; each with its reason and
/// its name in each generated client (null where that generator does not make a union of it).
/// Keep it short: any other union is a document to fix.
/// </summary>
public static class TwoShapes
{
    public sealed record Member(string? CSharp, string? TypeScript, string Reason);

    public static readonly IReadOnlyList<Member> All =
    [
        new("Correction.before", "components.schemas.Correction.before",
            "the corrected field's value before, of that field's type: a text, a number, a yes/no, a list of texts, or a whole part of the form"),
        new("Correction.after", "components.schemas.Correction.after",
            "the corrected field's value after, of that field's type (as before)"),
        new(null, "components.schemas.AntsValidationError.detail.loc",
            "the ANTS interface's validation errors (FastAPI): a location mixes member names and list positions"),
    ];

    public static IReadOnlySet<string> CSharp { get; } = All.Where(m => m.CSharp is not null).Select(m => m.CSharp!).ToHashSet(StringComparer.Ordinal);

    public static IReadOnlySet<string> TypeScript { get; } = All.Where(m => m.TypeScript is not null).Select(m => m.TypeScript!).ToHashSet(StringComparer.Ordinal);
}
