using System.Globalization;
using StrategyReports.Domain;
using StrategyReports.Domain.Failures;
using StrategyReports.Domain.Strategies;
using StrategyReports.Functions.Audit;
using StrategyReports.Functions.Hosting;
using StrategyReports.Functions.Layout;
using StrategyReports.Surveys;

namespace StrategyReports.Functions.Surveys;

/// <summary>
/// The survey page staff reach from an intranet link: one plain form rendered from the survey's
/// definition, which works without JavaScript and sets no cookies.
/// </summary>
public static class SurveyPages
{
    private const string SubmissionField = "submission";

    private static readonly string[] LikertLabels = ["Strongly disagree", "Disagree", "Neither agree nor disagree", "Agree", "Strongly agree"];

    public static IEndpointRouteBuilder MapSurveyPages(this IEndpointRouteBuilder app)
    {
        app.MapGet("/s/{surveyId}", ShowAsync).WithName("SurveyPage").AllowAnonymous();
        app.MapPost("/s/{surveyId}", SubmitAsync)
            .WithName("SubmitSurveyPage")
            .AllowAnonymous()
            .NotAudited(AuditRecording.SurveyResponseReason)
            .DisableAntiforgery()
            .RequireRateLimiting(SurveySetup.RateLimitPolicy)
            .WithSmallBody();
        return app;
    }

    public static async Task<IResult> ShowAsync(string surveyId, string? partner, SurveyIntake intake, PageRenderer pages, CancellationToken cancellationToken)
    {
        var (listing, availability) = await intake.FindAsync(surveyId, cancellationToken);
        if (availability != SurveyAvailability.Open)
        {
            return Unavailable(pages, listing, availability);
        }

        var fixedPartner = listing!.Strategy.FindPartner(partner ?? "");
        var form = fixedPartner is null ? [] : new List<KeyValuePair<string, string>> { new(SurveyAnswerValidator.PartnerField, fixedPartner.Id) };
        return pages.Render(listing.Survey.Title, Model(listing, form, fixedPartner, await intake.RequiresCodeAsync(listing, cancellationToken), [], null, NewSubmission()));
    }

    public static async Task<IResult> SubmitAsync(string surveyId, string? partner, HttpRequest request, SurveyIntake intake, PageRenderer pages, CancellationToken cancellationToken)
    {
        var (listing, availability) = await intake.FindAsync(surveyId, cancellationToken);
        if (availability != SurveyAvailability.Open)
        {
            return Unavailable(pages, listing, availability);
        }

        var posted = await request.ReadFormAsync(cancellationToken);
        var form = posted.SelectMany(field => field.Value.Select(value => new KeyValuePair<string, string>(field.Key, value ?? ""))).ToList();
        var fixedPartner = listing!.Strategy.FindPartner(partner ?? "");
        var code = posted[SurveyCodeStore.CodeField].ToString();

        // The page's own submission id makes a double click or a browser's resend one response; a page without a usable one still counts once.
        var submission = posted[SubmissionField].ToString() is { } sent && IdempotencyKey.IsValid(sent) ? sent : null;
        var requiresCode = await intake.RequiresCodeAsync(listing, cancellationToken);
        var validation = SurveyAnswerValidator.ValidateForm(listing.Survey, form, SurveyIntake.PartnerIds(listing));
        var problems = validation.Problems.ToList();
        if (requiresCode && string.IsNullOrWhiteSpace(code))
        {
            problems.Add(new AnswerProblem(SurveyCodeStore.CodeField, SurveyCodeStore.MissingCodeMessage));
        }

        if (problems.Count == 0)
        {
            try
            {
                await intake.StoreAsync(listing, validation, code, submission, cancellationToken);
                return pages.Message(
                    "Thank you: your answers have been sent",
                    [
                        "Your answers are stored without your name, e-mail, IP address or device, and dated only by the day.",
                        $"They are counted with everyone else's answers. Results are shown only for groups of at least {Suppression.EffectiveMinimum(listing.Survey.MinimumGroupSize).ToString(CultureInfo.InvariantCulture)} people, so that nobody's answers can be picked out, and written comments only alongside those results.",
                        "You can close this page.",
                    ],
                    link: new PageLink("How surveys stay anonymous", "/about/anonymity"));
            }
            catch (ValidationFailedException e) when (e.Errors.ContainsKey(SurveyCodeStore.CodeField))
            {
                problems.Add(new AnswerProblem(SurveyCodeStore.CodeField, e.Errors[SurveyCodeStore.CodeField][0]));
            }
        }

        return pages.Render(
            listing.Survey.Title,
            Model(listing, form, fixedPartner, requiresCode, problems, code, submission ?? NewSubmission()),
            StatusCodes.Status422UnprocessableEntity,
            hasErrors: true);
    }

    private static IResult Unavailable(PageRenderer pages, SurveyListing? listing, SurveyAvailability availability) => availability switch
    {
        SurveyAvailability.NotYetOpen => pages.Message(
            "This survey is not open yet",
            [$"{listing!.Survey.Title} opens on {Formatting.Date(listing.Survey.Opens)}. Come back then using the same link."],
            StatusCodes.Status409Conflict),
        SurveyAvailability.Closed => pages.Message(
            "This survey has closed",
            [$"{listing!.Survey.Title} closed on {Formatting.Date(listing.Survey.Closes)} and no longer takes answers. Thank you for your interest."],
            StatusCodes.Status410Gone),
        _ => pages.Message(
            "Survey not found",
            ["There is no survey at this address. Check the link you were given, or ask whoever sent it."],
            StatusCodes.Status404NotFound),
    };

    private static string NewSubmission() => Convert.ToHexStringLower(System.Security.Cryptography.RandomNumberGenerator.GetBytes(16));

    private static SurveyPage Model(
        SurveyListing listing, IReadOnlyList<KeyValuePair<string, string>> form, Partner? fixedPartner, bool requiresCode, IReadOnlyList<AnswerProblem> problems, string? code, string submission)
    {
        var survey = listing.Survey;
        string FieldIdOf(string field) =>
            field.StartsWith(SurveyAnswerValidator.AnswersField + ".", StringComparison.Ordinal) && survey.Questions.Any(q => field == $"{SurveyAnswerValidator.AnswersField}.{q.Id}")
                ? $"q-{field[(SurveyAnswerValidator.AnswersField.Length + 1)..]}"
                : field is SurveyAnswerValidator.PartnerField or SurveyCodeStore.CodeField ? field
                : $"q-{survey.Questions[0].Id}";
        string? ErrorFor(string field) => problems.FirstOrDefault(problem => problem.Field == field)?.Message;
        var values = form.ToLookup(pair => pair.Key, pair => pair.Value, StringComparer.Ordinal);
        var partner = values[SurveyAnswerValidator.PartnerField].FirstOrDefault();

        return new SurveyPage(
            FormAction: fixedPartner is null ? $"/s/{survey.Id}" : $"/s/{survey.Id}?partner={Uri.EscapeDataString(fixedPartner.Id)}",
            Title: survey.Title,
            Description: survey.Description,
            MinimumGroupSize: Suppression.EffectiveMinimum(survey.MinimumGroupSize),
            FixedPartner: fixedPartner is null ? null : new SurveyPartnerChoice(fixedPartner.Id, fixedPartner.Name, true),
            Partners: [.. listing.Strategy.Partners.Select(p => new SurveyPartnerChoice(p.Id, p.Name, p.Id == partner))],
            PartnerError: ErrorFor(SurveyAnswerValidator.PartnerField),
            RequiresCode: requiresCode,
            Code: code,
            CodeError: ErrorFor(SurveyCodeStore.CodeField),
            Errors: [.. problems.Select(problem => new FieldError(FieldIdOf(problem.Field), problem.Message))],
            Questions: [.. survey.Questions.Select(question => QuestionModel(question, values[$"{SurveyAnswerValidator.AnswersField}.{question.Id}"].ToList(),
                ErrorFor($"{SurveyAnswerValidator.AnswersField}.{question.Id}") ?? (question == survey.Questions[0] ? ErrorFor(SurveyAnswerValidator.AnswersField) : null)))],
            Submission: submission);
    }

    private static SurveyQuestionField QuestionModel(SurveyQuestion question, IReadOnlyList<string> chosen, string? error)
    {
        var fieldId = $"q-{question.Id}";
        var options = question.Kind switch
        {
            QuestionKind.Likert5 => LikertLabels.Select((label, i) => ((i + 1).ToString(CultureInfo.InvariantCulture), label)),
            QuestionKind.Scale0To10 => Enumerable.Range(0, ScaleAnswer.Top + 1).Select(i => (i.ToString(CultureInfo.InvariantCulture), i.ToString(CultureInfo.InvariantCulture))),
            QuestionKind.SingleChoice or QuestionKind.MultiChoice => (question.Options ?? []).Select(option => (option, option)),
            _ => [],
        };
        var hint = question.Kind switch
        {
            QuestionKind.Scale0To10 => "0 is the lowest, 10 the highest.",
            QuestionKind.MultiChoice => "Select all that apply.",
            QuestionKind.Text => $"You can enter up to {Formatting.Count(question.MaxLength ?? TextAnswer.DefaultMaxLength)} characters.",
            _ => null,
        };
        var describedBy = string.Join(' ', new[] { hint is null ? null : $"{fieldId}-hint", error is null ? null : $"{fieldId}-error" }.OfType<string>());
        return new SurveyQuestionField(
            FieldId: fieldId,
            Name: $"{SurveyAnswerValidator.AnswersField}.{question.Id}",
            Text: question.Text,
            Required: question.Required,
            IsText: question.Kind == QuestionKind.Text,
            IsMulti: question.Kind == QuestionKind.MultiChoice,
            Inline: question.Kind == QuestionKind.Scale0To10,
            Hint: hint,
            DescribedBy: describedBy.Length == 0 ? null : describedBy,
            Error: error,
            TextValue: question.Kind == QuestionKind.Text ? chosen.FirstOrDefault() : null,
            Options: [.. options.Select((option, i) => new SurveyOption(
                i == 0 ? fieldId : $"{fieldId}-{i + 1}",
                option.Item1,
                option.Item2,
                chosen.Contains(option.Item1, StringComparer.Ordinal)))]);
    }
}
