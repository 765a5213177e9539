using System.Diagnostics;

namespace PreDemande.Functions.Tests.Infrastructure;

/// <summary>The built app run as its own process, the way the Functions host (or the publish step) runs it.</summary>
public static class AppProcess
{
    public static string AppDll => Path.Combine(AppContext.BaseDirectory, "PreDemande.Functions.dll");

    public static ProcessStartInfo StartInfo(IDictionary<string, string> environment, params string[] arguments)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = AppContext.BaseDirectory,
        };
        start.ArgumentList.Add(AppDll);
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        foreach (var (key, value) in environment)
        {
            start.Environment[key] = value;
        }

        return start;
    }

    /// <summary>Runs the app to completion; returns its exit code and output.</summary>
    public static Task<(int ExitCode, string Output)> RunAsync(IDictionary<string, string> environment, params string[] arguments) =>
        Tools.RunAsync(StartInfo(environment, arguments));
}
