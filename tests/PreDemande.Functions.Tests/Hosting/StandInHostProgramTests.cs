using System.Diagnostics;
using System.Net;
using System.Text;
using PreDemande.Functions.Tests.Infrastructure;

namespace PreDemande.Functions.Tests.Hosting;

/// <summary>Azurite of its own, for the app and the stand-in host started as programs, as scripts/dev.sh starts them.</summary>
public sealed class ProgramsFixture : IAsyncLifetime
{
    private Azurite? _azurite;

    public Azurite Azurite => _azurite ?? throw new InvalidOperationException("not started");

    public async Task InitializeAsync() => _azurite = await Azurite.StartAsync();

    public async Task DisposeAsync() => await Azurite.DisposeAsync();
}

[Trait(Tier.Name, Tier.System)]
public sealed class StandInHostProgramTests(ProgramsFixture storage) : IClassFixture<ProgramsFixture>
{
    [Fact]
    public async Task The_stand_in_host_program_reads_the_function_json_files_and_runs_the_triggers_of_the_app_program_over_http()
    {
        var functions = Directory.CreateTempSubdirectory("predemande-functions-").FullName;
        var environment = TestClients.EnvironmentVariables();
        environment["ASPNETCORE_ENVIRONMENT"] = "Test";
        environment["AzureWebJobsStorage"] = storage.Azurite.ConnectionString;
        try
        {
            var (written, output) = await AppProcess.RunAsync(new Dictionary<string, string>(), "--write-function-metadata", functions);
            Assert.True(written == 0, output);
            File.Copy(Repository.PathOf("host.json"), Path.Combine(functions, "host.json"));
            await using var app = await RunningApp.StartAsync(environment);

            var start = new ProcessStartInfo("dotnet") { WorkingDirectory = AppContext.BaseDirectory, RedirectStandardOutput = true, RedirectStandardError = true };
            foreach (var argument in new[] { Path.Combine(AppContext.BaseDirectory, "PreDemande.LocalHost.dll"), "--app", app.BaseAddress.ToString(), "--functions", functions })
            {
                start.ArgumentList.Add(argument);
            }

            start.Environment["AzureWebJobsStorage"] = storage.Azurite.ConnectionString;
            start.Environment["LocalHost__BlobPollingInterval"] = "00:00:00.100";
            start.Environment["LocalHost__MaxPollingInterval"] = "00:00:00.200";
            using var host = Process.Start(start)!;
            var log = new StringBuilder();
            host.OutputDataReceived += (_, line) => { lock (log) { log.AppendLine(line.Data); } };
            host.ErrorDataReceived += (_, line) => { lock (log) { log.AppendLine(line.Data); } };
            host.BeginOutputReadLine();
            host.BeginErrorReadLine();
            try
            {
                using var portal = app.Client(TestClients.PortalKey);
                var created = await portal.PostAsync("/api/predemandes", HttpExtensions.Json(Forms.AdultPassport().ToJsonString()));
                Assert.Equal(HttpStatusCode.Created, created.StatusCode);
                var number = (await created.JsonAsync())["number"]!.GetValue<string>();

                // RenderRecap (blob trigger), then SendNotification (queue trigger) on the recap e-mail request.
                await Eventually.Async(async () => (await (await portal.GetAsync($"/api/predemandes/{number}")).JsonAsync())["status"]!.GetValue<string>(), s => s == "recapReady", TimeSpan.FromSeconds(30));
                await Eventually.Async(() => Task.FromResult(app.Output), o => o.Contains("Function SendNotification invocation", StringComparison.Ordinal), TimeSpan.FromSeconds(30));
                Assert.Contains("Function RenderRecap invocation", app.Output, StringComparison.Ordinal);
                lock (log)
                {
                    var triggers = PreDemande.LocalHost.FunctionMetadata.Read(functions).Count;
                    Assert.Contains($"Stand-in Functions host: {triggers} trigger functions", log.ToString(), StringComparison.Ordinal);
                }
            }
            finally
            {
                host.Kill(entireProcessTree: true);
                await host.WaitForExitAsync();
            }
        }
        finally
        {
            Directory.Delete(functions, recursive: true);
        }
    }
}
