using StrategyReports.Functions.Layout;

namespace StrategyReports.Functions.Surveys;

/// <param name="FlushBatchSize">Responses a survey's buffer holds before they are written together (<c>Surveys:FlushBatchSize</c>).</param>
public sealed record AnonymityPage(int FlushBatchSize) : IPageModel
{
    public static string Template => "anonymity";
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
