using System.CodeDom.Compiler;
using System.Reflection;
using System.Text.RegularExpressions;
using Microsoft.Kiota.Abstractions;
using Microsoft.Kiota.Abstractions.Serialization;

namespace PreDemande.Client.Tests;

/// <summary>
/// The C# client Kiota generated from docs/openapi.json (compiled into this assembly, namespace
/// <c>PreDemande.Client</c>), read by reflection: its models' members and its operations' bodies,
/// each named as an integrator meets it (<c>PreApplicationForm_applicant.heightCm</c>,
/// <c>POST /api/prefecture/predemandes/{…}/events</c>).
/// </summary>
public static partial class GeneratedTypes
{
    /// <summary>Every type Kiota wrote.</summary>
    public static IReadOnlyList<Type> All { get; } = typeof(PreDemandeClient).Assembly.GetTypes()
        .Where(t => t.GetCustomAttribute<GeneratedCodeAttribute>() is { Tool: "Kiota" })
        .ToList();

    /// <summary>Every model member: its name in JSON on the model's C# name, and its C# type.</summary>
    public static IEnumerable<(string Name, Type Type)> ModelMembers() =>
        from model in All
        where typeof(IParsable).IsAssignableFrom(model) && !typeof(IComposedTypeWrapper).IsAssignableFrom(model) && !model.IsAbstract
        let jsonNames = JsonNamesOf(model)
        from property in model.GetProperties(BindingFlags.Public | BindingFlags.Instance | BindingFlags.DeclaredOnly)
        where property.Name is not ("AdditionalData" or "BackingStore") && !(property.Name == "Message" && typeof(ApiException).IsAssignableFrom(model))
        select ($"{model.Name}.{jsonNames.GetValueOrDefault(Key(property.Name), property.Name)}", property.PropertyType);

    /// <summary>Every body an operation sends or answers: the operation and the C# type.</summary>
    public static IEnumerable<(string Name, Type Type)> OperationBodies() =>
        from builder in All
        where typeof(BaseRequestBuilder).IsAssignableFrom(builder)
        from method in builder.GetMethods(BindingFlags.Public | BindingFlags.Instance | BindingFlags.DeclaredOnly)
        where OperationMethod().IsMatch(method.Name)
        let operation = $"{method.Name[..^"Async".Length].ToUpperInvariant()} {PathOf(builder)}"
        from body in method.GetParameters().Where(p => p.Name == "body").Select(p => ($"{operation} (request)", p.ParameterType))
            .Append(($"{operation} (response)", ResultOf(method.ReturnType)))
        select body;

    public static IEnumerable<(string Name, Type Type)> MembersAndBodies() => ModelMembers().Concat(OperationBodies());

    /// <summary>The type a member holds: the element of a list, the type under <c>Nullable</c>.</summary>
    public static Type Held(Type type) =>
        type.IsGenericType && type.GetGenericTypeDefinition() is var generic && (generic == typeof(List<>) || generic == typeof(Nullable<>))
            ? Held(type.GetGenericArguments()[0])
            : type;

    public static bool IsUntyped(Type type) => typeof(UntypedNode).IsAssignableFrom(Held(type));

    public static bool IsComposedWrapper(Type type) => typeof(IComposedTypeWrapper).IsAssignableFrom(Held(type));

    /// <summary>What a wrapper may hold: its members' names and types (<c>Integer: int?</c>, <c>String: string</c>).</summary>
    public static string AlternativesOf(Type wrapper) => string.Join(" | ", Held(wrapper)
        .GetProperties(BindingFlags.Public | BindingFlags.Instance | BindingFlags.DeclaredOnly)
        .Select(p => $"{p.Name}: {NameOf(p.PropertyType)}"));

    private static string NameOf(Type type) =>
        type.IsGenericType && type.GetGenericTypeDefinition() == typeof(List<>) ? $"{NameOf(type.GetGenericArguments()[0])}[]" : Held(type).Name;

    private static Type ResultOf(Type returned) =>
        returned.IsGenericType && returned.GetGenericTypeDefinition() == typeof(Task<>) ? returned.GetGenericArguments()[0] : returned;

    // Kiota's namespaces follow the path: Api.Prefecture.Predemandes.Item.Events → /api/prefecture/predemandes/{…}/events.
    private static string PathOf(Type builder) =>
        "/" + string.Join('/', builder.Namespace!.Split('.').SkipWhile(s => s != "Api")
            .Select(s => s == "Item" ? "{…}" : char.ToLowerInvariant(s[0]) + s[1..]));

    // A model's JSON names are the keys of its deserializers; its C# names are the same letters, capitalised.
    private static Dictionary<string, string> JsonNamesOf(Type model)
    {
        if (model.GetConstructor(Type.EmptyTypes) is not { } constructor)
        {
            return [];
        }

        var instance = (IParsable)constructor.Invoke(null);
        return instance.GetFieldDeserializers().Keys.ToDictionary(Key, k => k);
    }

    private static string Key(string name) => NotLetterOrDigit().Replace(name, string.Empty).ToUpperInvariant();

    [GeneratedRegex("[^A-Za-z0-9]")]
    private static partial Regex NotLetterOrDigit();

    [GeneratedRegex("^(Get|Post|Put|Patch|Delete)Async$")]
    private static partial Regex OperationMethod();
}
