namespace StrategyReports.Surveys.Tests;

/// <summary>A wellbeing pulse like the partnerships run, and responses to it.</summary>
internal static class Surveys
{
    public static readonly PulseSurvey Wellbeing = new(
        "wellbeing-2026-q3",
        "Wellbeing pulse",
        "health-and-wellbeing",
        new DateOnly(2026, 10, 1),
        new DateOnly(2026, 12, 31),
        Suppression.DefaultMinimumGroupSize,
        [
            new SurveyQuestion("valued", QuestionKind.Likert5, "I feel valued by my organisation", Theme: "wellbeing"),
            new SurveyQuestion("workload", QuestionKind.Likert5, "My workload is manageable", Required: false, Theme: "wellbeing"),
            new SurveyQuestion("recommend", QuestionKind.Scale0To10, "How likely are you to recommend your organisation as a place to work?"),
            new SurveyQuestion("role", QuestionKind.SingleChoice, "Your role", Required: false, Options: ["Nursing", "Care", "Admin"]),
            new SurveyQuestion("support", QuestionKind.MultiChoice, "Support you have used", Required: false, Options: ["EAP", "Peer", "Manager"]),
            new SurveyQuestion("comment", QuestionKind.Text, "Anything else?", Required: false, MaxLength: 500),
        ]);

    /// <summary>A response to <see cref="Wellbeing"/> answering the required questions and any extras given.</summary>
    public static SurveyResponse Response(string partnerId, int valued = 4, int recommend = 8, params (string Id, SurveyAnswer Answer)[] extras)
    {
        var answers = new Dictionary<string, SurveyAnswer>(StringComparer.Ordinal)
        {
            ["valued"] = new LikertAnswer(valued),
            ["recommend"] = new ScaleAnswer(recommend),
        };
        foreach (var (id, answer) in extras)
        {
            answers[id] = answer;
        }

        return new SurveyResponse(Wellbeing.Id, partnerId, new DateOnly(2026, 11, 2), answers);
    }

    public static IEnumerable<SurveyResponse> Responses(string partnerId, int count) =>
        Enumerable.Range(0, count).Select(_ => Response(partnerId));
}
