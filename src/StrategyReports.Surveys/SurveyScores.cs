namespace StrategyReports.Surveys;

/// <summary>
/// The scores of one group of responses (a partner organisation, or everyone), before suppression.
/// </summary>
/// <remarks>
/// Every figure is computed from exact counts and rounded once, to one decimal place, half away
/// from zero (so 12.25 becomes 12.3 and -12.25 becomes -12.3); rounding once keeps eNPS from
/// drifting the way subtracting two rounded percentages would. Figures of a question nobody in
/// the group answered are null. Lists follow the survey's question order; text answers are
/// sorted, which keeps output byte-identical and says nothing about who answered first.
/// </remarks>
/// <param name="ResponseCount">Responses in the group.</param>
/// <param name="ResponseRatePercent">Responses as a percentage of the group's headcount; null when the headcount is unknown or 0.</param>
/// <param name="Themes">The 0–10 theme score of each theme of the survey's Likert questions.</param>
/// <param name="SuppressedQuestionIds">Questions whose figures are hidden for this group (see <see cref="SurveyResults"/>).</param>
public sealed record SurveyScores(
    int ResponseCount,
    decimal? ResponseRatePercent,
    IReadOnlyList<LikertScore> Likert,
    IReadOnlyList<ThemeScore> Themes,
    IReadOnlyList<ScaleScore> Scales,
    IReadOnlyList<ChoiceScore> Choices,
    IReadOnlyList<TextAnswers> Texts,
    IReadOnlyList<string> SuppressedQuestionIds)
{
    /// <summary>Scores a group of responses to <paramref name="survey"/>.</summary>
    /// <param name="headcount">Staff in the group, for the response rate; null when unknown.</param>
    /// <remarks>Answers to questions the survey no longer asks, or of another kind than the question now is, are left out.</remarks>
    public static SurveyScores Compute(PulseSurvey survey, IReadOnlyCollection<SurveyResponse> responses, int? headcount)
    {
        ArgumentNullException.ThrowIfNull(survey);
        ArgumentNullException.ThrowIfNull(responses);

        IEnumerable<T> AnswersTo<T>(SurveyQuestion question)
            where T : SurveyAnswer =>
            responses.Select(response => response.Answers.GetValueOrDefault(question.Id)).OfType<T>();

        var likert = survey.Questions
            .Where(question => question.Kind == QuestionKind.Likert5)
            .Select(question => LikertScore.Compute(question.Id, AnswersTo<LikertAnswer>(question).Select(answer => answer.Value)))
            .ToList();

        var themes = survey.Questions
            .Where(question => question.Kind == QuestionKind.Likert5 && question.Theme is not null)
            .GroupBy(question => question.Theme!, StringComparer.Ordinal)
            .Select(theme => ThemeScore.Compute(
                theme.Key,
                theme.Select(question => question.Id).ToList(),
                theme.SelectMany(question => AnswersTo<LikertAnswer>(question).Select(answer => answer.Value))))
            .ToList();

        var scales = survey.Questions
            .Where(question => question.Kind == QuestionKind.Scale0To10)
            .Select(question => ScaleScore.Compute(question.Id, AnswersTo<ScaleAnswer>(question).Select(answer => answer.Value)))
            .ToList();

        var choices = survey.Questions
            .Where(question => question.Kind is QuestionKind.SingleChoice or QuestionKind.MultiChoice)
            .Select(question => ChoiceScore.Compute(
                question.Id,
                question.Options ?? [],
                question.Kind == QuestionKind.SingleChoice
                    ? AnswersTo<SingleChoiceAnswer>(question).Select(answer => (IReadOnlyList<string>)[answer.Option])
                    : AnswersTo<MultiChoiceAnswer>(question).Select(answer => answer.Options)))
            .ToList();

        var texts = survey.Questions
            .Where(question => question.Kind == QuestionKind.Text)
            .Select(question => new TextAnswers(
                question.Id,
                [.. AnswersTo<TextAnswer>(question).Select(answer => answer.Text).Order(StringComparer.Ordinal)]))
            .ToList();

        var rate = headcount > 0 ? Scoring.Percent(responses.Count, headcount.Value) : null;
        return new SurveyScores(responses.Count, rate, likert, themes, scales, choices, texts, []);
    }

    /// <summary>
    /// These scores with the figures of <paramref name="questionIds"/> removed, and with every
    /// theme that includes one of them removed too (a theme score and its other questions'
    /// scores would otherwise give the hidden question away).
    /// </summary>
    public SurveyScores WithoutQuestions(IReadOnlySet<string> questionIds)
    {
        ArgumentNullException.ThrowIfNull(questionIds);
        if (questionIds.Count == 0)
        {
            return this;
        }

        return this with
        {
            Likert = [.. Likert.Where(score => !questionIds.Contains(score.QuestionId))],
            Themes = [.. Themes.Where(theme => !theme.QuestionIds.Any(questionIds.Contains))],
            Scales = [.. Scales.Where(score => !questionIds.Contains(score.QuestionId))],
            Choices = [.. Choices.Where(score => !questionIds.Contains(score.QuestionId))],
            Texts = [.. Texts.Where(answers => !questionIds.Contains(answers.QuestionId))],
            SuppressedQuestionIds = [.. SuppressedQuestionIds.Union(questionIds).Order(StringComparer.Ordinal)],
        };
    }
}

/// <summary>The scores of one Likert question.</summary>
/// <param name="Answered">Responses that answered the question.</param>
/// <param name="Counts">Answers of 1 (strongly disagree) to 5 (strongly agree), in that order.</param>
/// <param name="PercentPositive">The percentage answering agree or strongly agree.</param>
/// <param name="Mean0To10">The mean answer with 1…5 mapped to 0, 2.5, 5, 7.5, 10.</param>
public sealed record LikertScore(string QuestionId, int Answered, IReadOnlyList<int> Counts, decimal? PercentPositive, decimal? Mean0To10)
{
    internal static LikertScore Compute(string questionId, IEnumerable<int> values)
    {
        var counts = new int[LikertAnswer.StronglyAgree];
        foreach (var value in values.Where(IsLikert))
        {
            counts[value - 1]++;
        }

        return FromCounts(questionId, counts);
    }

    /// <param name="counts">Answers of 1 to 5, in that order; kept, so never changed afterwards.</param>
    internal static LikertScore FromCounts(string questionId, int[] counts)
    {
        var answered = counts.Sum();
        var positive = counts[3] + counts[4];
        var mappedTotal = counts.Select((count, index) => count * Scoring.LikertPoints(index + 1)).Sum();
        return new LikertScore(questionId, answered, counts, Scoring.Percent(positive, answered), Scoring.Mean(mappedTotal, answered));
    }

    internal static bool IsLikert(int value) => value is >= LikertAnswer.StronglyDisagree and <= LikertAnswer.StronglyAgree;
}

/// <summary>The 0–10 score of a theme: the mean of every Likert answer to the theme's questions, mapped 0, 2.5, 5, 7.5, 10.</summary>
/// <param name="Answers">Likert answers counted (one response answering three of the theme's questions counts three times).</param>
public sealed record ThemeScore(string Theme, IReadOnlyList<string> QuestionIds, int Answers, decimal? Score)
{
    internal static ThemeScore Compute(string theme, IReadOnlyList<string> questionIds, IEnumerable<int> values)
    {
        var valid = values.Where(LikertScore.IsLikert).ToList();
        return new ThemeScore(theme, questionIds, valid.Count, Scoring.Mean(valid.Sum(Scoring.LikertPoints), valid.Count));
    }

    /// <param name="counts">The theme's answers of 1 to 5, in that order, over all its questions.</param>
    internal static ThemeScore FromCounts(string theme, IReadOnlyList<string> questionIds, IReadOnlyList<int> counts)
    {
        var answers = counts.Sum();
        return new ThemeScore(theme, questionIds, answers, Scoring.Mean(counts.Select((count, index) => count * Scoring.LikertPoints(index + 1)).Sum(), answers));
    }
}

/// <summary>The scores of one 0–10 question.</summary>
/// <param name="Promoters">Answers of 9 or 10.</param>
/// <param name="Detractors">Answers of 0 to 6.</param>
/// <param name="NetPromoterScore">eNPS: % promoters minus % detractors, from −100 to 100.</param>
/// <param name="Mean">The mean answer, 0–10.</param>
public sealed record ScaleScore(string QuestionId, int Answered, int Promoters, int Detractors, decimal? NetPromoterScore, decimal? Mean)
{
    /// <summary>The lowest answer that counts as a promoter.</summary>
    public const int LowestPromoter = 9;

    /// <summary>The highest answer that counts as a detractor.</summary>
    public const int HighestDetractor = 6;

    internal static ScaleScore Compute(string questionId, IEnumerable<int> values)
    {
        var counts = new int[ScaleAnswer.Top + 1];
        foreach (var value in values.Where(IsScale))
        {
            counts[value]++;
        }

        return FromCounts(questionId, counts);
    }

    /// <param name="counts">Answers of 0 to 10, in that order.</param>
    internal static ScaleScore FromCounts(string questionId, IReadOnlyList<int> counts)
    {
        var answered = counts.Sum();
        var promoters = counts.Skip(LowestPromoter).Sum();
        var detractors = counts.Take(HighestDetractor + 1).Sum();
        return new ScaleScore(
            questionId,
            answered,
            promoters,
            detractors,
            Scoring.Percent(promoters - detractors, answered),
            Scoring.Mean(counts.Select((count, value) => count * value).Sum(), answered));
    }

    internal static bool IsScale(int value) => value is >= 0 and <= ScaleAnswer.Top;
}

/// <summary>How often each offered option of a single- or multi-choice question was chosen.</summary>
/// <param name="Answered">Responses that answered the question; the base of each option's percentage.</param>
/// <param name="Options">Every offered option, in the order offered, including those nobody chose.</param>
public sealed record ChoiceScore(string QuestionId, int Answered, IReadOnlyList<OptionCount> Options)
{
    internal static ChoiceScore Compute(string questionId, IReadOnlyList<string> offered, IEnumerable<IReadOnlyList<string>> answers)
    {
        var chosen = answers.ToList();
        var options = offered
            .Select(option =>
            {
                var count = chosen.Count(choice => choice.Contains(option, StringComparer.Ordinal));
                return new OptionCount(option, count, Scoring.Percent(count, chosen.Count));
            })
            .ToList();
        return new ChoiceScore(questionId, chosen.Count, options);
    }
}

/// <summary>One option of a choice question.</summary>
/// <param name="Percent">The percentage of those answering the question who chose it.</param>
public sealed record OptionCount(string Option, int Count, decimal? Percent);

/// <summary>The free-text answers to one question, sorted.</summary>
public sealed record TextAnswers(string QuestionId, IReadOnlyList<string> Answers);

/// <summary>The arithmetic every score shares.</summary>
internal static class Scoring
{
    public static decimal LikertPoints(int value) => (value - 1) * 2.5m;

    public static decimal? Percent(int part, int whole) =>
        whole == 0 ? null : Round(100m * part / whole);

    public static decimal? Mean(decimal total, int count) =>
        count == 0 ? null : Round(total / count);

    private static decimal Round(decimal value) => Math.Round(value, 1, MidpointRounding.AwayFromZero);
}
