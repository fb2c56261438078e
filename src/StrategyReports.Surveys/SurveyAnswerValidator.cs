using System.Globalization;
using System.Text.Json;

namespace StrategyReports.Surveys;

/// <summary>One thing wrong with a submitted response, for an RFC 9457 problem-details error.</summary>
/// <param name="Field">What is wrong: <c>partner</c>, <c>answers</c> or <c>answers.{questionId}</c>.</param>
/// <param name="Message">What to do about it, in words a member of staff understands.</param>
public sealed record AnswerProblem(string Field, string Message);

/// <summary>The outcome of validating a submitted response: typed answers, or every problem found.</summary>
public sealed record SurveyAnswerValidation(
    string SurveyId,
    string? PartnerId,
    IReadOnlyDictionary<string, SurveyAnswer> Answers,
    IReadOnlyList<AnswerProblem> Problems)
{
    /// <summary>Whether the response can be stored.</summary>
    public bool IsValid => Problems.Count == 0;

    /// <summary>The response to store, dated by the UK day it arrived on and nothing finer.</summary>
    /// <param name="receivedOn">The UK calendar day the response arrived (the app's clock tells it: UkTime.DateAt).</param>
    /// <exception cref="InvalidOperationException">The submission has problems.</exception>
    public SurveyResponse ToResponse(DateOnly receivedOn) =>
        IsValid
            ? new SurveyResponse(SurveyId, PartnerId!, receivedOn, Answers)
            : throw new InvalidOperationException("A response with problems cannot be stored.");
}

/// <summary>
/// Checks a submitted pulse-survey response against its survey, reporting every problem at once.
/// The JSON API and the HTML form share the rules and the messages.
/// </summary>
public static class SurveyAnswerValidator
{
    /// <summary>The form field that carries the partner organisation.</summary>
    public const string PartnerField = "partner";

    /// <summary>The field that carries the answers; each answer is <c>answers.{questionId}</c>.</summary>
    public const string AnswersField = "answers";

    /// <summary>Validates a JSON submission <c>{"partner": "…", "answers": {"q1": 4, "q2": "…", "q3": ["a", "b"]}}</c>.</summary>
    /// <param name="partnerIds">The partnership's partner ids; when given, any other partner is a problem.</param>
    public static SurveyAnswerValidation Validate(
        PulseSurvey survey,
        string? partnerId,
        IReadOnlyDictionary<string, JsonElement>? answers,
        IReadOnlyCollection<string>? partnerIds = null)
    {
        var raw = (answers ?? new Dictionary<string, JsonElement>())
            .ToDictionary(pair => pair.Key, pair => (SubmittedValue)new JsonValue(pair.Value), StringComparer.Ordinal);
        return Check(survey, partnerId, raw, partnerIds);
    }

    /// <summary>
    /// Validates an HTML form post: <c>partner=…</c> and <c>answers.{questionId}=…</c>, with a key
    /// repeated for each ticked option of a multi-choice question. Other fields (such as an
    /// anti-forgery token) are ignored.
    /// </summary>
    /// <param name="partnerIds">The partnership's partner ids; when given, any other partner is a problem.</param>
    public static SurveyAnswerValidation ValidateForm(
        PulseSurvey survey,
        IEnumerable<KeyValuePair<string, string>> form,
        IReadOnlyCollection<string>? partnerIds = null)
    {
        ArgumentNullException.ThrowIfNull(form);
        var partners = new List<string>();
        var answers = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        foreach (var (key, value) in form)
        {
            if (key == PartnerField)
            {
                partners.Add(value);
            }
            else if (key.StartsWith(AnswersField + ".", StringComparison.Ordinal))
            {
                var questionId = key[(AnswersField.Length + 1)..];
                if (!answers.TryGetValue(questionId, out var values))
                {
                    answers[questionId] = values = [];
                }

                values.Add(value);
            }
        }

        var partnerId = partners.Count == 1 ? partners[0] : null;
        var raw = answers.ToDictionary(pair => pair.Key, pair => (SubmittedValue)new FormValues(pair.Value), StringComparer.Ordinal);
        return Check(survey, partnerId, raw, partnerIds);
    }

    private static SurveyAnswerValidation Check(
        PulseSurvey survey,
        string? partnerId,
        Dictionary<string, SubmittedValue> submitted,
        IReadOnlyCollection<string>? partnerIds)
    {
        ArgumentNullException.ThrowIfNull(survey);
        var problems = new List<AnswerProblem>();
        if (string.IsNullOrWhiteSpace(partnerId))
        {
            problems.Add(new(PartnerField, "Say which partner organisation you work for."));
        }
        else if (partnerIds is not null && !partnerIds.Contains(partnerId))
        {
            problems.Add(new(PartnerField, $"'{partnerId}' is not a partner organisation in this partnership."));
        }

        if (submitted.Count == 0 || submitted.Values.All(value => value.IsBlank))
        {
            problems.Add(new(AnswersField, "Answer at least one question."));
        }

        var questionIds = survey.Questions.Select(question => question.Id).ToHashSet(StringComparer.Ordinal);
        problems.AddRange(submitted.Keys
            .Where(id => !questionIds.Contains(id))
            .Order(StringComparer.Ordinal)
            .Select(id => new AnswerProblem(FieldFor(id), $"This survey has no question '{id}'.")));

        var answers = new Dictionary<string, SurveyAnswer>(StringComparer.Ordinal);
        foreach (var question in survey.Questions)
        {
            if (!submitted.TryGetValue(question.Id, out var value) || value.IsBlank)
            {
                if (question.Required)
                {
                    problems.Add(new(FieldFor(question.Id), "This question needs an answer."));
                }

                continue;
            }

            var (answer, message) = Read(question, value);
            if (answer is not null)
            {
                answers[question.Id] = answer;
            }
            else
            {
                problems.Add(new(FieldFor(question.Id), message!));
            }
        }

        return new SurveyAnswerValidation(survey.Id, partnerId, answers, problems);
    }

    private static string FieldFor(string questionId) => $"{AnswersField}.{questionId}";

    private static (SurveyAnswer? Answer, string? Problem) Read(SurveyQuestion question, SubmittedValue value)
    {
        if (question.Kind != QuestionKind.MultiChoice && value.HasSeveralValues)
        {
            return (null, "Give one answer only.");
        }

        return question.Kind switch
        {
            QuestionKind.Likert5 => ReadNumber(value, LikertAnswer.StronglyDisagree, LikertAnswer.StronglyAgree, number => new LikertAnswer(number)),
            QuestionKind.Scale0To10 => ReadNumber(value, 0, ScaleAnswer.Top, number => new ScaleAnswer(number)),
            QuestionKind.SingleChoice => ReadSingleChoice(question, value),
            QuestionKind.MultiChoice => ReadMultiChoice(question, value),
            QuestionKind.Text => ReadText(question, value),
            _ => throw new ArgumentOutOfRangeException(nameof(question), question.Kind, "Unknown question kind."),
        };
    }

    private static (SurveyAnswer?, string?) ReadNumber(SubmittedValue value, int lowest, int highest, Func<int, SurveyAnswer> create)
    {
        if (!value.TryGetWholeNumber(out var number))
        {
            return (null, $"Answer with a whole number from {lowest} to {highest}.");
        }

        return number >= lowest && number <= highest
            ? (create(number), null)
            : (null, $"{number.ToString(CultureInfo.InvariantCulture)} is out of range: answer with a whole number from {lowest} to {highest}.");
    }

    private static (SurveyAnswer?, string?) ReadSingleChoice(SurveyQuestion question, SubmittedValue value)
    {
        if (!value.TryGetText(out var option))
        {
            return (null, "Choose one of the options offered.");
        }

        return IsOffered(question, option)
            ? (new SingleChoiceAnswer(option), null)
            : (null, $"'{option}' is not one of the options offered.");
    }

    private static (SurveyAnswer?, string?) ReadMultiChoice(SurveyQuestion question, SubmittedValue value)
    {
        if (!value.TryGetTexts(out var options))
        {
            return (null, "Choose one or more of the options offered, as a list.");
        }

        var notOffered = options.FirstOrDefault(option => !IsOffered(question, option));
        if (notOffered is not null)
        {
            return (null, $"'{notOffered}' is not one of the options offered.");
        }

        var repeated = options.GroupBy(option => option, StringComparer.Ordinal).FirstOrDefault(group => group.Count() > 1);
        return repeated is null
            ? (new MultiChoiceAnswer(options), null)
            : (null, $"'{repeated.Key}' is chosen more than once.");
    }

    private static (SurveyAnswer?, string?) ReadText(SurveyQuestion question, SubmittedValue value)
    {
        if (!value.TryGetText(out var text))
        {
            return (null, "Answer in words.");
        }

        // Counted in UTF-16 code units, as the browser's maxlength attribute counts them.
        var limit = question.MaxLength ?? TextAnswer.DefaultMaxLength;
        return text.Length <= limit
            ? (new TextAnswer(text), null)
            : (null, string.Create(CultureInfo.InvariantCulture, $"The answer is {text.Length:N0} characters long; the limit is {limit:N0}."));
    }

    private static bool IsOffered(SurveyQuestion question, string option) =>
        question.Options?.Contains(option, StringComparer.Ordinal) == true;

    /// <summary>A submitted answer before it is typed, from JSON or from a form.</summary>
    private abstract class SubmittedValue
    {
        /// <summary>Null, empty or white space: the question was left unanswered.</summary>
        public abstract bool IsBlank { get; }

        public abstract bool HasSeveralValues { get; }

        public abstract bool TryGetWholeNumber(out int number);

        public abstract bool TryGetText(out string text);

        public abstract bool TryGetTexts(out IReadOnlyList<string> texts);
    }

    private sealed class JsonValue(JsonElement element) : SubmittedValue
    {
        public override bool IsBlank => element.ValueKind switch
        {
            JsonValueKind.Undefined or JsonValueKind.Null => true,
            JsonValueKind.String => string.IsNullOrWhiteSpace(element.GetString()),
            JsonValueKind.Array => element.GetArrayLength() == 0,
            _ => false,
        };

        public override bool HasSeveralValues => false;

        // TryGetInt32 refuses fractions, exponents and anything beyond Int32, so 4.5, 4.0 and 1e9 are all errors.
        public override bool TryGetWholeNumber(out int number)
        {
            number = 0;
            return element.ValueKind == JsonValueKind.Number && element.TryGetInt32(out number);
        }

        public override bool TryGetText(out string text)
        {
            text = element.ValueKind == JsonValueKind.String ? element.GetString()! : string.Empty;
            return element.ValueKind == JsonValueKind.String;
        }

        public override bool TryGetTexts(out IReadOnlyList<string> texts)
        {
            var isListOfText = element.ValueKind == JsonValueKind.Array
                && element.EnumerateArray().All(item => item.ValueKind == JsonValueKind.String);
            texts = isListOfText ? [.. element.EnumerateArray().Select(item => item.GetString()!)] : [];
            return isListOfText;
        }
    }

    private sealed class FormValues(IReadOnlyList<string> values) : SubmittedValue
    {
        // Forms post empty fields (an untouched text area, a select's blank option): those are unanswered.
        private readonly IReadOnlyList<string> filled = [.. values.Where(value => !string.IsNullOrWhiteSpace(value))];

        public override bool IsBlank => filled.Count == 0;

        public override bool HasSeveralValues => filled.Count > 1;

        public override bool TryGetWholeNumber(out int number) =>
            int.TryParse(filled[0], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out number);

        public override bool TryGetText(out string text)
        {
            text = filled[0];
            return true;
        }

        public override bool TryGetTexts(out IReadOnlyList<string> texts)
        {
            texts = filled;
            return true;
        }
    }
}
