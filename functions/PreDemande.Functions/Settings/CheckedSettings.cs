using System.Diagnostics.CodeAnalysis;
using Microsoft.Extensions.Options;

namespace PreDemande.Functions.Settings;

/// <summary>Settings that say what makes them unusable; the app refuses to start with any such problem.</summary>
public interface ICheckedSettings
{
    /// <summary>Each problem as a sentence naming the setting; empty when the settings are usable.</summary>
    IReadOnlyList<string> Problems();
}

/// <summary>Fails the options of <typeparamref name="T"/> with every problem they have.</summary>
public sealed class CheckedSettingsValidation<T> : IValidateOptions<T>
    where T : class, ICheckedSettings
{
    public ValidateOptionsResult Validate(string? name, T options) =>
        options.Problems() is { Count: > 0 } problems ? ValidateOptionsResult.Fail(problems) : ValidateOptionsResult.Success;
}

/// <summary>
/// The one way settings are registered: <c>services.AddOptions&lt;T&gt;().Bind(section).Checked()</c>.
/// <c>Bind</c> stays at the call site, where the configuration binding generator sees the
/// concrete type (no reflection: Native AOT); <c>Checked</c> adds the validation and runs it at
/// start (<see cref="SettingsCheckedAtStart"/>, once the app's services are registered), so a
/// wrong setting stops the app with the reason instead of failing a request later.
/// </summary>
public static class CheckedSettingsRegistration
{
    public static OptionsBuilder<T> Checked<[DynamicallyAccessedMembers(DynamicallyAccessedMemberTypes.PublicParameterlessConstructor)] T>(this OptionsBuilder<T> builder)
        where T : class, ICheckedSettings
    {
        // An instance, not a type: the container builds nothing by reflection for it at start.
        builder.Services.AddSingleton<IValidateOptions<T>>(new CheckedSettingsValidation<T>());
        builder.Services.AddSingleton(new SettingsCheck(typeof(T), static services => _ = services.GetRequiredService<IOptions<T>>().Value));
        return builder;
    }

    /// <summary>A problem when <paramref name="value"/> is outside [<paramref name="min"/>, <paramref name="max"/>].</summary>
    public static IEnumerable<string> Within<TValue>(string setting, TValue value, TValue min, TValue max)
        where TValue : IComparable<TValue>
    {
        if (value.CompareTo(min) < 0 || value.CompareTo(max) > 0)
        {
            yield return $"{setting} is {value}; it must be between {min} and {max}.";
        }
    }
}
