using StrategyReports.Functions.Strategies;

namespace StrategyReports.Functions.Pages;

/// <summary>
/// A page's view model, and the template (<c>templates/pages/{Template}.sbn-html</c>) it renders
/// through. Each template is checked against its model type at start-up, and the hostile-input tests
/// find every model by this interface.
/// </summary>
public interface IPageModel
{
    static abstract string Template { get; }
}

/// <param name="FlushBatchSize">Responses a survey's buffer holds before they are written together (<c>Surveys:FlushBatchSize</c>).</param>
public sealed record AnonymityPage(int FlushBatchSize) : IPageModel
{
    public static string Template => "anonymity";
}

/// <summary>The demo partnership's state and links as the home page shows them.</summary>
public sealed record DemoView(bool IsEnabled, bool IsReady, bool HasFailed, string? ReturnFormPath, string? ReturnPartnerName, string? SurveyPath, string? ReportsPath, string? ReturnsPath, string? AdminPath);

public sealed record HomePage(IReadOnlyList<PartnershipSummary> Partnerships, DemoView Demo) : IPageModel
{
    public static string Template => "home";
}

public sealed record MessagePage(string Heading, IReadOnlyList<string> Paragraphs, PageLink? Link) : IPageModel
{
    public static string Template => "message";
}

public sealed record SignInPage(string ReturnUrl, string AntiforgeryToken, string? KeyError, IReadOnlyList<FieldError> Errors) : IPageModel
{
    public static string Template => "signin";
}

/// <param name="HighlightHref">The lead's page for the latest quarter (highlight, risks, milestones), for a caller who may write it.</param>
public sealed record ProgrammeLine(string Name, string Lead, string? HighlightHref, string? HighlightPeriod);

public sealed record SurveyLine(string Title, string Href, string Opens, string Closes);

public sealed record PartnershipPeriodRow(string Id, string DueOn, string State, string ReturnsHref, string ReportsHref);

/// <param name="AdminHref">The partnership's admin pages, for a caller who is its admin.</param>
public sealed record PartnershipPageModel(string Name, string? Description, int Version, IReadOnlyList<PartnershipPeriodRow> Periods, IReadOnlyList<ProgrammeLine> Programmes, IReadOnlyList<SurveyLine> Surveys, string? AdminHref = null) : IPageModel
{
    public static string Template => "partnership";
}

public sealed record ReportFileLink(string Href, string Size, string DownloadName);

public sealed record ReportRow(string Title, string Kind, ReportFileLink? Pdf, ReportFileLink? Html);

public sealed record ReportsPage(string PartnershipName, string PeriodLabel, string GeneratedAt, bool ContainsSampleData, IReadOnlyList<ReportRow> Rows) : IPageModel
{
    public static string Template => "reports";
}

/// <param name="Href">The partner's return, to review it; null while it is missing.</param>
/// <param name="Review">Where the latest version stands with its reviewers; null while it is missing.</param>
public sealed record ReturnStatusRow(string Name, string Status, string Tag, string? Version, string? When, string? By, string? Href = null, string? Review = null, string? ReviewTag = null);

public sealed record ReturnsStatusPage(
    string PartnershipName,
    string Period,
    DateOnly DueOn,
    DateOnly ClosesOn,
    int Expected,
    int Received,
    int LateCount,
    int MissingCount,
    bool Reopened,
    bool ContainsSampleData,
    IReadOnlyList<ReturnStatusRow> Rows,
    string? ChasingHref = null) : IPageModel
{
    public static string Template => "returns-status";
}

/// <summary>The return form's upload: the partner's return as a spreadsheet to download, and the form that sends it back.</summary>
/// <param name="Id">The file input's id, which the error summary links to.</param>
public sealed record ReturnUploadForm(string Id, string Action, string Proof, string Submission, string Period, string XlsxHref, string CsvHref, int MaxMegabytes, string? Error);

/// <param name="Measure">The success measure's name.</param>
/// <param name="From">The figure before, or "blank".</param>
/// <param name="To">The figure in the file, or "blank".</param>
public sealed record ReturnUploadChange(string Measure, string From, string To);

/// <summary>What an upload from the return form did, or in a check would do; <paramref name="Errors"/> lists every problem with its row and column.</summary>
public sealed record ReturnUploadResultPage(
    IReadOnlyList<FieldError> Errors,
    string PartnerName,
    string PartnershipName,
    string Period,
    bool DryRun,
    bool Stored,
    int? Version,
    string? Reference,
    bool IsLate,
    IReadOnlyList<ReturnUploadChange> Changes,
    IReadOnlyList<string> Warnings,
    string FormHref,
    ReturnUploadForm Upload) : IPageModel
{
    public static string Template => "return-upload-result";
}

public sealed record SurveyPartnerChoice(string Id, string Name, bool Selected);

public sealed record SurveyOption(string Id, string Value, string Label, bool Checked);

public sealed record SurveyQuestionField(
    string FieldId,
    string Name,
    string Text,
    bool Required,
    bool IsText,
    bool IsMulti,
    bool Inline,
    string? Hint,
    string? DescribedBy,
    string? Error,
    string? TextValue,
    IReadOnlyList<SurveyOption> Options);

public sealed record SurveyPage(
    string FormAction,
    string Title,
    string? Description,
    int MinimumGroupSize,
    SurveyPartnerChoice? FixedPartner,
    IReadOnlyList<SurveyPartnerChoice> Partners,
    string? PartnerError,
    bool RequiresCode,
    string? Code,
    string? CodeError,
    IReadOnlyList<FieldError> Errors,
    IReadOnlyList<SurveyQuestionField> Questions,
    string Submission) : IPageModel
{
    public static string Template => "survey";
}

/// <summary>The NHS.UK layout around every page; <see cref="Content"/> is the page, already rendered by its own template.</summary>
/// <param name="Stylesheets">The stylesheets' addresses, each carrying its content's hash.</param>
public sealed record LayoutPage(string Title, string ServiceName, string HomeHref, IReadOnlyList<PageLink> Navigation, Templating.TrustedHtml Content, bool HasErrors, string Stylesheet, string Favicon) : IPageModel
{
    public static string Template => "layout";
}

/// <summary>A choice in a select list, with whether it is the one chosen.</summary>
public sealed record PageOption(string Value, string Text, bool Selected);

/// <summary>A text field of a form: its id and name, label, optional hint, value and error.</summary>
public sealed record FormField(string Id, string Name, string Label, string? Hint, string Value, string? Error);

/// <summary>A select list of a form: its id and name, label, optional hint, error and choices.</summary>
public sealed record SelectField(string Id, string Name, string Label, string? Hint, string? Error, IReadOnlyList<PageOption> Options);

/// <summary>One radio of a set; the first carries the set's id, which the error summary links to.</summary>
public sealed record RadioOption(string Id, string Value, string Text, bool Checked);

/// <summary>A set of radios in a fieldset, with its legend and error.</summary>
public sealed record RadioField(string Id, string Name, string Legend, string? Error, IReadOnlyList<RadioOption> Options);

/// <summary>A risk as the lead's log page lists it.</summary>
/// <param name="EditHref">The risk's own page, where the lead records a new version of it.</param>
public sealed record LogRiskRow(string Description, string Owner, string Score, string BandClass, string Change, string Escalation, string Status, string EditHref);

/// <summary>A milestone as the lead's log page lists it.</summary>
/// <param name="Source">Whether the strategy declares it or the lead added it.</param>
/// <param name="EditHref">The milestone's own page, where the lead records its progress.</param>
public sealed record LogMilestoneRow(string Name, string Due, string Owner, string Status, string RagLabel, string RagTag, string Source, string EditHref);

/// <summary>
/// The programme lead's page for a period: write and submit the highlight, and keep the risk and
/// milestone logs. Plain forms posted back to the same address, with the antiforgery token.
/// </summary>
/// <param name="HighlightFields">The highlight's text boxes with the saved text, or what was just posted when it had problems.</param>
public sealed record ProgrammeLogPage(
    string ProgrammeName,
    string PeriodLabel,
    string FormAction,
    string AntiforgeryToken,
    string SignOff,
    string? Saved,
    IReadOnlyList<FormField> HighlightFields,
    IReadOnlyList<FormField> RiskFields,
    FormField MilestoneName,
    FormField MilestoneOwner,
    IReadOnlyList<FieldError> Errors,
    IReadOnlyList<LogRiskRow> Risks,
    IReadOnlyList<LogRiskRow> ClosedRisks,
    IReadOnlyList<LogMilestoneRow> Milestones,
    string Slippage,
    IReadOnlyList<PageOption> Likelihoods,
    IReadOnlyList<PageOption> Consequences,
    IReadOnlyList<PageOption> DueQuarters,
    string EscalationScore,
    string ReportsHref) : IPageModel
{
    public static string Template => "programme-log";
}

/// <summary>One version of a risk, as its page lists the record.</summary>
public sealed record RiskVersionRow(string Version, string Period, string Score, string Status, string Owner, string SavedBy, string SavedAt);

/// <summary>
/// A risk's own page under the lead's page for a period: where it stands, the form that records a new
/// version of it (rescore, mitigate, flag for escalation, close or reopen), and every version so far.
/// </summary>
/// <param name="Score">The score, band and ratings of the version the period's log shows.</param>
/// <param name="LastPeriod">The score at the end of the period before, or that it was not in the log.</param>
/// <param name="Escalation">Whether it goes up the assurance chain, and why.</param>
public sealed record RiskPage(
    string ProgrammeName,
    string PeriodLabel,
    string Description,
    string FormAction,
    string AntiforgeryToken,
    string LogHref,
    IReadOnlyList<FieldError> Errors,
    string Score,
    string State,
    string Change,
    string LastPeriod,
    string Escalation,
    string EscalationScore,
    FormField DescriptionField,
    FormField Owner,
    FormField Mitigations,
    SelectField Likelihood,
    SelectField Consequence,
    RadioField Status,
    bool Escalate,
    IReadOnlyList<RiskVersionRow> History) : IPageModel
{
    public static string Template => "programme-risk";
}

/// <summary>One version of a milestone's record, as its page lists it.</summary>
public sealed record MilestoneVersionRow(string Version, string Period, string Status, string Due, string Owner, string SavedBy, string SavedAt);

/// <summary>
/// A milestone's own page under the lead's page for a period: its RAG, the form that records progress, and
/// every version so far. A milestone the strategy declares keeps its name and due quarter, so
/// <paramref name="NameField"/> and <paramref name="DueField"/> are null for it.
/// </summary>
public sealed record MilestonePage(
    string ProgrammeName,
    string PeriodLabel,
    string Name,
    string FormAction,
    string AntiforgeryToken,
    string LogHref,
    IReadOnlyList<FieldError> Errors,
    bool DeclaredInStrategy,
    string Due,
    string RagLabel,
    string RagTag,
    FormField? NameField,
    SelectField? DueField,
    FormField Owner,
    RadioField Status,
    IReadOnlyList<MilestoneVersionRow> History) : IPageModel
{
    public static string Template => "programme-milestone";
}
