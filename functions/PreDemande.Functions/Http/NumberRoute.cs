using PreDemande.Core.Numbers;
using PreDemande.Functions.Problems;

namespace PreDemande.Functions.Http;

/// <summary>The <c>{number}</c> of a route, read as a person typed it (see <see cref="PreApplicationNumber.TryNormalize"/>).</summary>
public static class NumberRoute
{
    /// <summary>The normalised number, or a 400 problem when it does not have the published shape.</summary>
    public static (string? Number, IResult? Problem) Read(HttpContext context) =>
        PreApplicationNumber.TryNormalize(context.Request.RouteValues["number"] as string, out var number)
            ? (number, null)
            : (null, ProblemResults.Validation(
                new Dictionary<string, string[]> { ["number"] = ["Numéro de pré-demande : 10 lettres ou chiffres."] },
                "Numéro de pré-demande mal formé."));
}
