using System.Reflection;
using System.Reflection.Emit;
using System.Text.RegularExpressions;
using Azure.Storage.Blobs.Models;
using Azure.Storage.Queues.Models;
using Microsoft.Azure.WebJobs;

namespace PreDemande.LocalHost;

/// <summary>
/// Declares the function.json functions to the WebJobs SDK, which knows functions only as methods
/// of compiled types: a type <c>Host.Functions</c> is emitted at run time with one method per
/// function, its trigger attribute built from the binding (as the Functions host's
/// <c>FunctionGenerator</c> does, so function ids, receipts and locks are keyed
/// <c>Host.Functions.{Name}</c> in both). Each method hands its arguments to
/// <see cref="HostFunctions.InvokeAsync"/>.
/// </summary>
public static partial class FunctionTypes
{
    /// <summary>The type and method names the SDK keys its state by: <c>Host.Functions.{Name}</c>.</summary>
    public const string TypeName = "Host.Functions";

    private static readonly MethodInfo Invoke = typeof(HostFunctions).GetMethod(nameof(HostFunctions.InvokeAsync))!;

    /// <summary>The parameters a blob function receives, in order, after the content: the binding data the payload needs.</summary>
    public static readonly string[] BlobBindingData = ["Uri", "Properties"];

    /// <summary>The emitted type, deriving from <see cref="HostFunctions"/>.</summary>
    public static Type Emit(IReadOnlyList<HostedFunction> functions)
    {
        var assembly = AssemblyBuilder.DefineDynamicAssembly(new AssemblyName("Host.Functions"), AssemblyBuilderAccess.Run);
        var type = assembly.DefineDynamicModule("Host.Functions").DefineType(TypeName, TypeAttributes.Public | TypeAttributes.Sealed, typeof(HostFunctions));
        type.DefineDefaultConstructor(MethodAttributes.Public);
        foreach (var function in functions)
        {
            DefineMethod(type, function);
        }

        return type.CreateType();
    }

    /// <summary>The path parameters of a blob pattern (<c>{number}/{file}</c>): bound by name, as the host binds them.</summary>
    public static IReadOnlyList<string> PathParameters(string pattern) =>
        PathParameter().Matches(pattern).Select(m => m.Groups[1].Value).ToArray();

    private static void DefineMethod(TypeBuilder type, HostedFunction function)
    {
        var (parameters, names, trigger) = Signature(function);
        var method = type.DefineMethod(function.Name, MethodAttributes.Public, typeof(Task), [.. parameters, typeof(CancellationToken)]);
        method.DefineParameter(1, ParameterAttributes.None, names[0]).SetCustomAttribute(trigger);
        for (var i = 1; i < names.Length; i++)
        {
            method.DefineParameter(i + 1, ParameterAttributes.None, names[i]);
        }

        method.DefineParameter(parameters.Length + 1, ParameterAttributes.None, "cancellationToken");

        // this.InvokeAsync(name, new object[] { args… }, cancellationToken)
        var il = method.GetILGenerator();
        il.Emit(OpCodes.Ldarg_0);
        il.Emit(OpCodes.Ldstr, function.Name);
        il.Emit(OpCodes.Ldc_I4, parameters.Length);
        il.Emit(OpCodes.Newarr, typeof(object));
        for (var i = 0; i < parameters.Length; i++)
        {
            il.Emit(OpCodes.Dup);
            il.Emit(OpCodes.Ldc_I4, i);
            il.Emit(OpCodes.Ldarg, i + 1);
            il.Emit(OpCodes.Stelem_Ref);
        }

        il.Emit(OpCodes.Ldarg, parameters.Length + 1);
        il.Emit(OpCodes.Call, Invoke);
        il.Emit(OpCodes.Ret);
    }

    // The trigger parameter first, named as in function.json, then the binding data bound by name.
    private static (Type[] Types, string[] Names, CustomAttributeBuilder Trigger) Signature(HostedFunction function)
    {
        var name = HostPayloads.DataName(function.Kind);
        switch (function.Kind)
        {
            case TriggerKind.Queue:
                return ([typeof(QueueMessage)], [name], Attribute<QueueTriggerAttribute>(function.Target, (nameof(QueueTriggerAttribute.Connection), HostStorage.DataSetting)));
            case TriggerKind.Blob:
                var path = PathParameters(function.BlobPattern);
                var attribute = Attribute<BlobTriggerAttribute>(function.Target, (nameof(BlobTriggerAttribute.Connection), HostStorage.DataSetting), (nameof(BlobTriggerAttribute.Source), BlobTriggerSource.EventGrid));
                return ([typeof(byte[]), typeof(Uri), typeof(BlobProperties), .. path.Select(_ => typeof(string))], [name, .. BlobBindingData, .. path], attribute);
            case TriggerKind.Timer:
                return ([typeof(TimerInfo)], [name], Attribute<TimerTriggerAttribute>(function.Target));
            default:
                throw new ArgumentOutOfRangeException(nameof(function), function.Kind, "not a trigger the stand-in host runs");
        }
    }

    private static CustomAttributeBuilder Attribute<T>(string argument, params (string Name, object Value)[] properties) where T : Attribute =>
        new(
            typeof(T).GetConstructor([typeof(string)])!,
            [argument],
            properties.Select(p => typeof(T).GetProperty(p.Name)!).ToArray(),
            properties.Select(p => p.Value).ToArray());

    [GeneratedRegex(@"\{([A-Za-z][A-Za-z0-9]*)\}")]
    private static partial Regex PathParameter();
}
