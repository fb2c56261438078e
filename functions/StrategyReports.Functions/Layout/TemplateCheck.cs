using StrategyReports.Reports;
using StrategyReports.Templating;

namespace StrategyReports.Functions.Layout;

/// <summary>
/// The check of every template (<see cref="TemplateLibrary.Load"/>, and the report renderer's check that its templates exist), run on another
/// thread from the moment the pages are registered, beside the main thread's setting up of everything else, instead of before it
/// (docs/cold-start.md). The server still listens only once it has passed: the app waits for it as its last hosted service
/// (<see cref="PageSetup.ListenOnceTemplatesChecked"/>), so a broken template fails the start with its file, line and column, as before.
/// </summary>
public sealed class TemplateCheck : IHostedService
{
    private readonly Task<(TemplateLibrary Library, ReportRenderer Reports)> _checked;

    public TemplateCheck(string root) =>
        _checked = Task.Run(() =>
        {
            var library = TemplateLibrary.Load(root, [.. PageRenderer.Templates, .. ReportRenderer.Templates], ReportRenderer.TemplateFunctions);
            return (library, new ReportRenderer(library));
        });

    /// <summary>The checked templates; waits for the check if it is still running.</summary>
    public TemplateLibrary Library => _checked.GetAwaiter().GetResult().Library;

    /// <summary>The report renderer over the checked templates; waits for the check if it is still running.</summary>
    public ReportRenderer Reports => _checked.GetAwaiter().GetResult().Reports;

    public Task StartAsync(CancellationToken cancellationToken) => _checked.WaitAsync(cancellationToken);

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
