using StrategyReports.Functions;
using StrategyReports.Functions.Layout;

if (args is [PageSetup.CheckTemplatesCommand])
{
    PageSetup.CheckTemplates();
    return;
}

// The slim builder leaves out what the app does not use (Kestrel's HTTPS and HTTP/3, regular-expression route
// constraints, hosting startup assemblies, IIS, the debug and event-source log providers), each of which
// otherwise costs a cold start its loading and setting up (docs/cold-start.md). The settings files are read once, not
// watched: a deployed package is read-only, and the watcher's setting up is paid by every start.
var builder = WebApplication.CreateSlimBuilder([.. args, "--hostBuilder:reloadConfigOnChange=false"]);
builder.AddStrategyReports();

var app = builder.Build();
app.MapStrategyReports();
app.Run();

/// <summary>The app's entry point; public so tests can host it.</summary>
public partial class Program;
