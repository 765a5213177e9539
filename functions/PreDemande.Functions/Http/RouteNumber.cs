using System.Diagnostics.CodeAnalysis;
using PreDemande.Core.Numbers;
using PreDemande.Functions.Problems;

namespace PreDemande.Functions.Http;

/// <summary>
/// The <c>{number}</c> of a route, read once as a person typed it (see
/// <see cref="PreApplicationNumber.TryNormalize"/>): handlers take it as a typed parameter.
/// A malformed value never reaches a handler: <see cref="Filter"/> answers the problem.
/// </summary>
public readonly record struct RouteNumber(string Value) : IParsable<RouteNumber>
{
    public const string RouteParameter = "number";

    public static RouteNumber Parse(string s, IFormatProvider? provider) =>
        TryParse(s, provider, out var number) ? number : throw new FormatException("Not a pre-application number.");

    public static bool TryParse([NotNullWhen(true)] string? s, IFormatProvider? provider, out RouteNumber result)
    {
        result = PreApplicationNumber.TryNormalize(s, out var number) ? new RouteNumber(number) : default;
        return result.Value is not null;
    }

    public override string ToString() => Value;

    public static implicit operator string(RouteNumber number) => number.Value;

    /// <summary>A 400 problem for a <c>{number}</c> that does not have the published shape, before the handler runs.</summary>
    public static ValueTask<object?> Filter(EndpointFilterInvocationContext context, EndpointFilterDelegate next) =>
        context.HttpContext.Request.RouteValues.TryGetValue(RouteParameter, out var value) && !TryParse(value as string, null, out _)
            ? ValueTask.FromResult<object?>(ProblemResults.Field(RouteParameter, "Numéro de pré-demande : 10 lettres ou chiffres.", "Numéro de pré-demande mal formé."))
            : next(context);
}
