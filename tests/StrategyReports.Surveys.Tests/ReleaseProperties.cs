using FsCheck;
using FsCheck.Fluent;

namespace StrategyReports.Surveys.Tests;

/// <summary>
/// Releases and suppression together, over random partner sizes, answers and release sequences:
/// nothing any pair of outputs shows, nor any subtraction between them, is about fewer people
/// than the minimum.
/// </summary>
public class ReleaseProperties
{
    private static readonly string[] PartnerIds = ["council", "trust", "hospice", "care-home"];

    /// <summary>Responses arriving per partner before a release point, and whether an admin then releases.</summary>
    public sealed record Step(int[] Arrivals, bool Release, int Seed);

    public sealed record Scenario(int Minimum, int Partners, IReadOnlyList<Step> Steps);

    private static Gen<Scenario> Scenarios =>
        from minimum in Gen.Choose(5, 12)
        from partners in Gen.Choose(1, PartnerIds.Length)
        from steps in Gen.NonEmptyListOf(
            from arrivals in Gen.ArrayOf(Gen.Choose(0, 2 * minimum), partners)
            from release in Gen.Frequency((3, Gen.Constant(true)), (1, Gen.Constant(false)))
            from seed in Gen.Choose(0, int.MaxValue)
            select new Step(arrivals, release, seed))
        select new Scenario(minimum, partners, [.. steps.Take(8)]);

    [Fact]
    public void No_group_below_the_minimum_is_derivable_from_any_pair_of_outputs()
    {
        Prop.ForAll(Scenarios.ToArbitrary(), scenario => Check(scenario))
            .Check(Config.QuickThrowOnFailure.WithMaxTest(300));
    }

    private static bool Check(Scenario scenario)
    {
        var survey = Surveys.Wellbeing with { MinimumGroupSize = scenario.Minimum };
        var partners = PartnerIds.Take(scenario.Partners).Select(id => new SurveyPartner(id, id, 60)).ToList();
        var stored = new List<StoredResponse>();
        var releases = new List<SurveyRelease>();
        var outputs = new List<SurveyResults>();
        var day = survey.Opens;
        foreach (var step in scenario.Steps)
        {
            var random = new Random(step.Seed);
            for (var p = 0; p < scenario.Partners; p++)
            {
                for (var n = 0; n < step.Arrivals[p]; n++)
                {
                    stored.Add(new StoredResponse($"{stored.Count:D5}", Answer(random, survey.Id, partners[p].Id, day, stored.Count)));
                }
            }

            // A lead polling now sees the last release; a release point adds the next.
            outputs.Add(SurveyResults.FromReleases(survey, partners, releases, stored, PartnerBasis.SelfDeclared));
            if (step.Release)
            {
                releases.Add(SurveyRelease.Next(survey, releases, stored, day, DateTimeOffset.UnixEpoch, ReleaseTrigger.Admin));
                outputs.Add(SurveyResults.FromReleases(survey, partners, releases, stored, PartnerBasis.SelfDeclared));
            }

            day = day.AddDays(1);
        }

        var released = SurveyRelease.ReleasedIds(releases);
        var allowedComments = stored.Where(s => released.Contains(s.Id)).Select(s => Comment(s.Id)).ToHashSet(StringComparer.Ordinal);
        foreach (var output in outputs)
        {
            AssertCommentsOnlyOfShownGroups(output, stored, allowedComments);
        }

        for (var a = 0; a < outputs.Count; a++)
        {
            for (var b = a; b < outputs.Count; b++)
            {
                foreach (var figure in Figures(survey))
                {
                    AssertSafe(scenario.Minimum, figure, outputs[a], outputs[b]);
                }
            }
        }

        return true;
    }

    private static SurveyResponse Answer(Random random, string surveyId, string partnerId, DateOnly day, int index)
    {
        var answers = new Dictionary<string, SurveyAnswer>(StringComparer.Ordinal)
        {
            ["valued"] = new LikertAnswer(random.Next(1, 6)),
            ["recommend"] = new ScaleAnswer(random.Next(0, 11)),
        };
        if (random.Next(3) == 0)
        {
            answers["workload"] = new LikertAnswer(random.Next(1, 6));
        }

        if (random.Next(4) == 0)
        {
            answers["role"] = new SingleChoiceAnswer("Care");
        }

        if (random.Next(2) == 0)
        {
            answers["comment"] = new TextAnswer(Comment($"{index:D5}"));
        }

        return new SurveyResponse(surveyId, partnerId, day, answers);
    }

    private static string Comment(string id) => $"comment of response {id}";

    /// <summary>Every count an output shows per group: responses, and those answering each scored question.</summary>
    private static IEnumerable<Func<SurveyScores, int?>> Figures(PulseSurvey survey) =>
    [
        scores => scores.ResponseCount,
        .. survey.Questions.Where(q => q.Kind != QuestionKind.Text).Select(q => (Func<SurveyScores, int?>)(scores =>
            scores.Likert.FirstOrDefault(s => s.QuestionId == q.Id)?.Answered
            ?? scores.Scales.FirstOrDefault(s => s.QuestionId == q.Id)?.Answered
            ?? scores.Choices.FirstOrDefault(s => s.QuestionId == q.Id)?.Answered)),
    ];

    // What can be worked out from two outputs: a group's change between them, the total less its
    // shown groups in either, and the total's change less the shown groups' changes.
    private static void AssertSafe(int minimum, Func<SurveyScores, int?> figure, SurveyResults a, SurveyResults b)
    {
        void Safe(int? value, string what)
        {
            if (value is > 0 && value < minimum)
            {
                throw new InvalidOperationException($"{what} is {value}, below the minimum {minimum}.");
            }
        }

        int? Of(SurveyGroupResult group) => group.Scores is { } scores ? figure(scores) : null;
        for (var i = 0; i < a.Partners.Count; i++)
        {
            Safe(Of(b.Partners[i]) - Of(a.Partners[i]), $"The change of {a.Partners[i].PartnerId}");
            Safe(Of(a.Partners[i]), $"The figure of {a.Partners[i].PartnerId}");
        }

        Safe(Of(b.Overall) - Of(a.Overall), "The change of the total");
        int? Remainder(SurveyResults results) =>
            Of(results.Overall) - results.Partners.Select(Of).OfType<int>().Sum();
        Safe(Remainder(a), "The total less its shown groups");
        var bothShown = Enumerable.Range(0, a.Partners.Count).Where(i => Of(a.Partners[i]) is not null && Of(b.Partners[i]) is not null).ToList();
        Safe(
            Of(b.Overall) - Of(a.Overall) - bothShown.Sum(i => Of(b.Partners[i])!.Value - Of(a.Partners[i])!.Value),
            "The change of the total less its shown groups' changes");
    }

    private static void AssertCommentsOnlyOfShownGroups(SurveyResults output, IReadOnlyList<StoredResponse> stored, IReadOnlySet<string> released)
    {
        var shown = output.Partners.Where(group => group.IsShown).Select(group => group.PartnerId).ToHashSet(StringComparer.Ordinal);
        var authors = stored.ToDictionary(s => Comment(s.Id), s => s.Response.PartnerId, StringComparer.Ordinal);
        foreach (var group in output.Partners.Append(output.Overall))
        {
            foreach (var comment in group.Scores?.Texts.SelectMany(texts => texts.Answers) ?? [])
            {
                if (!released.Contains(comment) || !shown.Contains(authors[comment]))
                {
                    throw new InvalidOperationException($"'{comment}' of {authors[comment]} is in {group.Name}, but its group is not shown.");
                }
            }
        }
    }
}
