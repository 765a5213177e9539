using PreDemande.Functions;
using PreDemande.Functions.Hosting;
using PreDemande.Functions.Operations;

// An Azure Functions custom handler: the host starts this app, waits for GET / to answer,
// proxies HTTP functions to their routes and POSTs other invocations to /{FunctionName}.
// With an operator's command (replay-poison, new-client) it runs that and exits.
var command = OperationsCommands.IsCommand(args);
var app = PreDemandeApp.Build(command ? [] : args, serve: !command && args is not [FunctionMetadataWriter.Argument, _]);

if (command)
{
    return await OperationsCommands.RunAsync(app, args, Console.Out, Console.Error);
}

if (args is [FunctionMetadataWriter.Argument, var directory])
{
    // Publish step: write one function.json per function (see scripts/package.sh).
    var written = FunctionMetadataWriter.Write(FunctionEndpoints.Declarations(app), directory);
    Console.WriteLine($"{written.Count} function.json files written to {directory}");
    return 0;
}

await app.RunAsync();
return 0;

/// <summary>Entry point, visible to the tests' WebApplicationFactory.</summary>
public partial class Program;
