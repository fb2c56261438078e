namespace StrategyReports.Surveys;

/// <summary>
/// How a group of responses answered: how many responses, and how many gave each answer to each Likert and
/// 0–10 question. Every score a success measure rests on comes out of it exactly as <see cref="SurveyScores.Compute"/>
/// gives it, so a rollup can count two years of responses as it reads them instead of holding them all.
/// </summary>
/// <remarks>
/// Answers are counted by the kind they were given as; a score of a question asks for that question's kind, so
/// answers stored before a question changed kind are left out, as <see cref="SurveyScores.Compute"/> leaves them out.
/// Answers outside a question's range count for nothing, there too.
/// </remarks>
public sealed class SurveyAnswerCounts
{
    private readonly Dictionary<string, int[]> _likert = new(StringComparer.Ordinal);
    private readonly Dictionary<string, int[]> _scale = new(StringComparer.Ordinal);

    /// <summary>Responses counted.</summary>
    public int Responses { get; private set; }

    /// <summary>The counts of <paramref name="responses"/>.</summary>
    public static SurveyAnswerCounts Of(IEnumerable<SurveyResponse> responses)
    {
        ArgumentNullException.ThrowIfNull(responses);
        var counts = new SurveyAnswerCounts();
        foreach (var response in responses)
        {
            counts.Add(response);
        }

        return counts;
    }

    public void Add(SurveyResponse response)
    {
        ArgumentNullException.ThrowIfNull(response);
        Responses++;
        foreach (var (questionId, answer) in response.Answers)
        {
            switch (answer)
            {
                case LikertAnswer likert when LikertScore.IsLikert(likert.Value):
                    CountsOf(_likert, questionId, LikertAnswer.StronglyAgree)[likert.Value - 1]++;
                    break;
                case ScaleAnswer scale when ScaleScore.IsScale(scale.Value):
                    CountsOf(_scale, questionId, ScaleAnswer.Top + 1)[scale.Value]++;
                    break;
            }
        }
    }

    /// <summary>Adds another group's counts to these.</summary>
    public void Add(SurveyAnswerCounts other)
    {
        ArgumentNullException.ThrowIfNull(other);
        Responses += other.Responses;
        AddAll(_likert, other._likert);
        AddAll(_scale, other._scale);
    }

    /// <summary>The scores of a Likert question.</summary>
    public LikertScore Likert(string questionId) =>
        LikertScore.FromCounts(questionId, _likert.TryGetValue(questionId, out var counts) ? [.. counts] : new int[LikertAnswer.StronglyAgree]);

    /// <summary>The score of a theme: every Likert answer to its questions.</summary>
    public ThemeScore Theme(string theme, IReadOnlyList<string> questionIds)
    {
        ArgumentNullException.ThrowIfNull(questionIds);
        var counts = new int[LikertAnswer.StronglyAgree];
        foreach (var questionId in questionIds)
        {
            if (_likert.TryGetValue(questionId, out var question))
            {
                for (var i = 0; i < counts.Length; i++)
                {
                    counts[i] += question[i];
                }
            }
        }

        return ThemeScore.FromCounts(theme, questionIds, counts);
    }

    /// <summary>The scores of a 0–10 question.</summary>
    public ScaleScore Scale(string questionId) =>
        ScaleScore.FromCounts(questionId, _scale.TryGetValue(questionId, out var counts) ? counts : new int[ScaleAnswer.Top + 1]);

    private static int[] CountsOf(Dictionary<string, int[]> byQuestion, string questionId, int length)
    {
        if (!byQuestion.TryGetValue(questionId, out var counts))
        {
            byQuestion[questionId] = counts = new int[length];
        }

        return counts;
    }

    private static void AddAll(Dictionary<string, int[]> into, Dictionary<string, int[]> from)
    {
        foreach (var (questionId, counts) in from)
        {
            var sum = CountsOf(into, questionId, counts.Length);
            for (var i = 0; i < counts.Length; i++)
            {
                sum[i] += counts[i];
            }
        }
    }
}
