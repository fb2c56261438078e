using Azure;
using StrategyReports.Domain.Periods;
using StrategyReports.Domain.Returns;
using StrategyReports.Domain.Strategies;
using StrategyReports.Functions.Highlights;
using StrategyReports.Functions.Reports;
using StrategyReports.Functions.Returns;
using StrategyReports.Functions.Rollups;
using StrategyReports.Functions.Security;
using StrategyReports.Functions.Strategies;
using StrategyReports.Functions.Surveys;
using StrategyReports.Samples;
using StrategyReports.Surveys;

namespace StrategyReports.Functions.Demo;

/// <summary>Where a newcomer can click through the demo: filled in once the demo partnership is ready.</summary>
public sealed class DemoLinks
{
    public bool IsEnabled { get; init; }

    public bool IsReady { get; private set; }

    public bool HasFailed { get; private set; }

    public string? ReturnFormPath { get; private set; }

    public string? ReturnPartnerName { get; private set; }

    public string? SurveyPath { get; private set; }

    public string? ReportsPath { get; private set; }

    public string? ReturnsPath { get; private set; }

    public string? AdminPath { get; private set; }

    internal void Publish(string returnFormPath, string returnPartnerName, string? surveyPath, string reportsPath, string returnsPath, string adminPath)
    {
        (ReturnFormPath, ReturnPartnerName, SurveyPath, ReportsPath, ReturnsPath, AdminPath) = (returnFormPath, returnPartnerName, surveyPath, reportsPath, returnsPath, adminPath);
        IsReady = true;
    }

    internal void Fail() => HasFailed = true;
}

/// <summary>
/// Loads the demo partnership for <c>scripts/run</c> (setting <c>Demo:Enabled</c>): publishes
/// <c>strategies/bury.yaml</c> once, writes four quarters of generated returns and survey responses
/// through the real stores (labelled as sample data), reopens the latest period so its return form can
/// be tried, issues a personal link for a partner with no return yet, then rolls up and renders reports.
/// </summary>
public sealed partial class DemoPartnership(
    IConfiguration configuration,
    StrategyStore strategies,
    SurveyDirectory surveys,
    ReturnStore returns,
    SurveyResponseStore responses,
    PersonalLinks links,
    RollupService rollups,
    ReportService reports,
    ProgrammeLogStore logs,
    DemoLinks demoLinks,
    TimeProvider time,
    ILogger<DemoPartnership> logger) : BackgroundService
{
    public const string PartnershipId = "bury";
    private const string DemoAdmin = "Demo set-up";

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            await LoadAsync(stoppingToken);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // The app stays useful without the demo; say why it is missing rather than stopping.
            LogFailed(e);
            demoLinks.Fail();
        }
    }

    private async Task LoadAsync(CancellationToken cancellationToken)
    {
        var published = await strategies.GetCurrentAsync(PartnershipId, cancellationToken);
        var today = UkTime.DateAt(time.GetUtcNow());
        if (published is null)
        {
            var document = configuration["Demo:Strategy"] ?? Path.Combine(AppContext.BaseDirectory, "strategies", "bury.yaml");
            var parsed = StrategyDocument.Parse(await File.ReadAllTextAsync(document, cancellationToken), StrategyFormat.Yaml);
            var strategy = parsed.Strategy ?? throw new InvalidOperationException($"{document} is not a valid strategy: {string.Join("; ", parsed.Problems)}");
            await surveys.ClaimAsync(strategy, cancellationToken);
            (published, _) = await strategies.PublishAsync(strategy, DemoAdmin, cancellationToken: cancellationToken);
            var sample = SampleData.ForDemo(strategy, today);
            await WriteReturnsAsync(sample.Returns, cancellationToken);
            foreach (var answered in sample.SurveyResponses.GroupBy(response => response.SurveyId, StringComparer.Ordinal))
            {
                await responses.WriteBatchAsync(PartnershipId, [.. answered.Select(response => new StagedResponse(StagedResponse.NewId(), response, Held: false))], cancellationToken);
            }
            LogSeeded(sample.Returns.Count, sample.SurveyResponses.Count, string.Join(", ", sample.Periods));
            if (sample.Periods.Count > 0)
            {
                await WriteHighlightsAsync(SampleHighlights.ForDemo(strategy, sample.Periods[^1], time.GetUtcNow()), cancellationToken);
            }
        }

        var periods = SampleData.DemoPeriods(published.Strategy, today);
        foreach (var period in periods)
        {
            await rollups.RunAsync(PartnershipId, period, cancellationToken);
            await reports.GenerateAsync(PartnershipId, period, cancellationToken);
        }

        var latest = periods.Count > 0 ? periods[^1] : published.Strategy.FirstPeriod;
        var (partner, token) = await OpenReturnFormAsync(published.Strategy, latest, cancellationToken);
        var survey = published.Strategy.Surveys.FirstOrDefault(s => s.IsOpenOn(today));
        demoLinks.Publish(
            $"/r/{token}",
            partner.Name,
            survey is null ? null : $"/s/{survey.Id}",
            $"/partnerships/{PartnershipId}/reports/{latest.Id}",
            $"/partnerships/{PartnershipId}/returns/{latest.Id}",
            $"/partnerships/{PartnershipId}/admin");
        LogReady(partner.Name, latest.Id);
    }

    /// <summary>The leads' highlights for the latest quarter, their risk logs and milestones, through the store the API writes to.</summary>
    private async Task WriteHighlightsAsync(SampleHighlightSet set, CancellationToken cancellationToken)
    {
        foreach (var highlight in set.Highlights)
        {
            await logs.AddAsync(highlight, cancellationToken);
        }

        foreach (var risk in set.Risks)
        {
            await logs.AddAsync(risk, cancellationToken);
        }

        foreach (var milestone in set.Milestones)
        {
            await logs.AddAsync(milestone, cancellationToken);
        }
    }

    /// <summary>Every generated version, oldest first, each saved over the one before it as a real resubmission would be.</summary>
    private async Task WriteReturnsAsync(IReadOnlyList<QuarterlyReturn> sample, CancellationToken cancellationToken)
    {
        var latest = new Dictionary<(Period, string), (QuarterlyReturn Return, ETag ETag)>();
        foreach (var version in sample.OrderBy(r => r.Period).ThenBy(r => r.PartnerId, StringComparer.Ordinal).ThenBy(r => r.Version))
        {
            var key = (version.Period, version.PartnerId);
            var previous = latest.TryGetValue(key, out var found) ? found : default;
            var changes = ReturnChanges.ToJson(ReturnChanges.Between(previous.Return, new ReturnSubmission(version.Values, version.Narrative, version.SubmittedBy)));
            var (outcome, etag) = await returns.SaveAsync(version, changes, credential: null, previous.Return is null ? null : previous.ETag, idempotency: null, cancellationToken);
            if (outcome != SaveOutcome.Saved)
            {
                throw new InvalidOperationException($"The demo return of {version.PartnerId} for {version.Period} was not saved: {outcome}.");
            }

            latest[key] = (version, etag);
        }
    }

    /// <summary>Reopens the latest period if its window has closed and links a partner that has not sent its return.</summary>
    private async Task<(Partner Partner, string Token)> OpenReturnFormAsync(Strategy strategy, Period period, CancellationToken cancellationToken)
    {
        if (strategy.Calendar.StateAt(period, time.GetUtcNow()) == ReturnsWindowState.Closed
            && await returns.GetReopeningAsync(PartnershipId, period, cancellationToken) is null)
        {
            await returns.ReopenAsync(PartnershipId, period, new Reopening(DemoAdmin, time.GetUtcNow()), cancellationToken);
        }

        var submitted = (await returns.ListLatestAsync(PartnershipId, period, cancellationToken)).Select(r => r.PartnerId).ToHashSet();
        var partner = strategy.Partners.FirstOrDefault(p => !submitted.Contains(p.Id)) ?? strategy.Partners[^1];
        var (_, token) = await links.IssueAsync(PartnershipId, partner.Id, expiresInDays: 7, DemoAdmin, cancellationToken);
        return (partner, token);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Demo partnership loaded: {Returns} sample returns and {Responses} sample survey responses for {Periods}")]
    private partial void LogSeeded(int returns, int responses, string periods);

    [LoggerMessage(Level = LogLevel.Information, Message = "Demo ready: open the home page to try the return form for {Partner}, a pulse survey and the reports for {Period}")]
    private partial void LogReady(string partner, string period);

    [LoggerMessage(Level = LogLevel.Error, Message = "The demo partnership could not be loaded")]
    private partial void LogFailed(Exception exception);
}
