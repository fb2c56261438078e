using StrategyReports.Functions.Layout;

namespace StrategyReports.Functions.Returns;

/// <summary>One success measure's field on the return form; a ratio has a numerator and a denominator field inside.</summary>
/// <param name="Label">The measure's question for one organisation (its name where the strategy gives none).</param>
/// <param name="Hint">What to give (the unit) and the measure's definition.</param>
/// <param name="LastQuarter">This partner's own figure for the quarter before, as it was returned.</param>
public sealed record ReturnField(
    string Id,
    string Name,
    string Label,
    string? Hint,
    bool IsNumber,
    bool IsRatio,
    bool IsYesNo,
    string? Value,
    string? Error,
    string? LastQuarter,
    ReturnField? Numerator = null,
    ReturnField? Denominator = null,
    bool Yes = false,
    bool No = false)
{
    /// <summary>Whether the field or a part of it has an error, for the whole group's error style.</summary>
    public bool HasError => Error is not null || Numerator?.Error is not null || Denominator?.Error is not null;
}

/// <summary>A programme's measures on the return form, one fieldset with the programme as its legend.</summary>
public sealed record ReturnSection(string Id, string Heading, IReadOnlyList<ReturnField> Fields);

public sealed record ReturnTextField(string Id, string Name, string Label, string? Hint, string? Value, string? Error);

/// <param name="Period">The period's id, e.g. <c>2026-27-Q2</c>.</param>
/// <param name="PeriodLabel">The period in words, e.g. <c>July to September 2026</c>.</param>
/// <param name="PreviousPeriod">The quarter before in words and id, when this partner returned for it.</param>
/// <param name="DraftSavedAt">When the draft the form shows was saved, when it shows one.</param>
/// <param name="DraftJustSaved">The officer pressed "Save as draft" and it was kept.</param>
public sealed record ReturnFormPage(
    IReadOnlyList<FieldError> Errors,
    string Action,
    string CheckAction,
    string Proof,
    string Submission,
    string Period,
    string PeriodLabel,
    string? ETag,
    int? Version,
    string PartnerName,
    string PartnershipName,
    string DueOn,
    bool IsLate,
    string? PreviousPeriod,
    string? DraftSavedAt,
    bool DraftJustSaved,
    IReadOnlyList<ReturnSection> Sections,
    IReadOnlyList<ReturnTextField> Narrative,
    int MaxLength,
    ReturnTextField SubmittedBy,
    ReturnUploadForm Upload,
    string HomeHref,
    ReturnQueryView? OpenQuery) : IPageModel
{
    public static string Template => "return-form";
}

/// <summary>One answer on the check-your-answers page, with the link back to its field.</summary>
public sealed record CheckAnswerRow(string Question, string Answer, string ChangeHref);

public sealed record CheckAnswerSection(string Heading, IReadOnlyList<CheckAnswerRow> Rows);

/// <summary>A form field carried unchanged from the form to the submission, so what is sent is exactly what was checked.</summary>
public sealed record HiddenValue(string Name, string Value);

/// <summary>The GOV.UK check-your-answers page between the form's "Continue" and "Submit".</summary>
public sealed record ReturnCheckPage(
    string Action,
    string Proof,
    string Submission,
    string Period,
    string PeriodLabel,
    string? ETag,
    string PartnerName,
    string PartnershipName,
    bool IsLate,
    IReadOnlyList<CheckAnswerSection> Sections,
    IReadOnlyList<HiddenValue> Values,
    string FormHref) : IPageModel
{
    public static string Template => "return-check";
}

public sealed record ReturnConfirmationPage(
    string Reference,
    string PartnerName,
    string PartnershipName,
    string Period,
    string PeriodLabel,
    int Version,
    string When,
    string SubmittedBy,
    bool IsLate,
    IReadOnlyList<string> Warnings,
    string FormHref,
    string HomeHref) : IPageModel
{
    public static string Template => "return-confirmation";
}
